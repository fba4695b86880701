"""The telephone line's VoiceXML 2.1 documents (docs/lookup.md, "By telephone"): the greeting that collects
the keypad number, the status, the details after the second factor, and the prompts' audio files.

A VoiceXML browser fetches them over HTTP; it sends no CSRF token, and every answer comes from
`counted_lookup`, limited per caller number when the request comes from a listed IVR platform
(`EGOV_IVR_PLATFORMS`), otherwise per client address."""

from __future__ import annotations

import ipaddress
from typing import Any

from django.conf import settings
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods

from egov.core import ratelimit
from egov.dossiers import keypad, lookup
from egov.ivr import phrases, speech

CONTENT_TYPE = "application/voicexml+xml; charset=utf-8"
#: The audio files are named by what they say, so they never change.
AUDIO_MAX_AGE = 365 * 86_400


def _say(*texts: Any) -> list[dict[str, str]]:
    """Each text with its audio file's address when it could be rendered (else the text alone)."""
    said = []
    for text in texts:
        text = str(text)
        name = speech.render(text)
        url = reverse("ivr:audio", args=[name]) if name else ""
        said.append({"text": text, "url": url})
    return said


def _document(template: str, context: dict[str, Any]) -> HttpResponse:
    body = render_to_string(f"ivr/{template}", context)
    return HttpResponse(body, content_type=CONTENT_TYPE)


def _digits(request: HttpRequest, name: str, most: int) -> str:
    value = request.POST.get(name, "")[:200]
    return "".join(c for c in value if c.isascii() and c.isdigit())[:most]


def _client(request: HttpRequest) -> str:
    """Who is counted: the caller's number through a known IVR platform (one address for every call),
    otherwise the address the request came from."""
    address = ratelimit.client_ip(request)
    caller = _digits(request, "caller", 20)
    ip = ipaddress.ip_address(address)
    platform = any(ip in ipaddress.ip_network(n, strict=False) for n in settings.EGOV_IVR_PLATFORMS)
    return f"tel:{caller}" if platform and caller else f"ip:{address}"


@csrf_exempt
@require_http_methods(["GET", "HEAD", "POST"])
def start(request: HttpRequest) -> HttpResponse:
    with translation.override("vi"):
        return _document("start.vxml", _ask_code_context())


def _ask_code_context() -> dict[str, Any]:
    return {
        "welcome": _say(phrases.WELCOME),
        "ask_again": _say(phrases.ASK_AGAIN),
        "no_input": _say(phrases.NO_INPUT),
        "no_match": _say(phrases.NO_MATCH),
        "goodbye": _say(phrases.GOODBYE),
    }


@csrf_exempt
@require_http_methods(["POST"])
def status(request: HttpRequest) -> HttpResponse:
    number = _digits(request, "ma", keypad.MAX_DIGITS + 1)
    with translation.override("vi"):
        code = keypad.code_for(number)
        answer = lookup.counted_lookup(_client(request), code or "-", factor=None)
        if answer.limited:
            return _document("end.vxml", {"said": _say(phrases.LIMITED, phrases.GOODBYE)})
        if code is None or answer.status is None:
            return _document("unknown.vxml", {"said": _say(phrases.UNKNOWN)})
        facts = lookup.facts(answer.status)
        if answer.status.is_bundle:  # its parts' bare statuses: no second factor to ask for
            return _document(
                "end.vxml", {"said": _say(*phrases.bundle_sentences(number, facts), phrases.GOODBYE)}
            )
        return _document(
            "status.vxml",
            {
                "number": number,
                "caller": _digits(request, "caller", 20),
                "said": _say(phrases.status_sentence(number, facts)),
                "ask": _say(phrases.ASK_FACTOR),
                "no_match": _say(phrases.NO_MATCH),
                "goodbye": _say(phrases.GOODBYE),
            },
        )


@csrf_exempt
@require_http_methods(["POST"])
def details(request: HttpRequest) -> HttpResponse:
    number = _digits(request, "ma", keypad.MAX_DIGITS + 1)
    factor = _digits(request, "so", 4)
    with translation.override("vi"):
        code = keypad.code_for(number)
        answer = lookup.counted_lookup(_client(request), code or "-", factor=factor)
        if answer.limited:
            return _document("end.vxml", {"said": _say(phrases.LIMITED, phrases.GOODBYE)})
        if code is None or answer.status is None:
            return _document("unknown.vxml", {"said": _say(phrases.UNKNOWN)})
        facts = lookup.facts(answer.status)
        said: list[Any] = [phrases.status_sentence(number, facts)]
        if facts["details"] is None:
            said.insert(0, phrases.WRONG_FACTOR)
        else:
            said.extend(phrases.details_sentences(facts))
        return _document("end.vxml", {"said": _say(*said, phrases.GOODBYE)})


@require_http_methods(["GET", "HEAD"])
def audio(request: HttpRequest, name: str) -> FileResponse:
    path = speech.path_of(name)
    if path is None:
        raise Http404
    response = FileResponse(path.open("rb"), content_type="audio/wav")
    response["Cache-Control"] = f"public, max-age={AUDIO_MAX_AGE}, immutable"
    return response
