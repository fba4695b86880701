"""The procedure's source: free text that may begin with a link, and that link is http or https only.

A stored value is never trusted to be safe (it may come from an old import or the database directly):
`source_link` gives the link to render only when it passes the same check the forms apply, so a
`javascript:` or `data:` value is shown as plain text at most, never as a link.
"""

from __future__ import annotations

import re

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.utils.translation import gettext_lazy as _

#: Something that a browser would read as a link with a scheme: "javascript:…", "data:…", "HTTPS://…".
SCHEME_RE = re.compile(r"^[a-z][a-z0-9+.\-]*:(?!\s|$)", re.IGNORECASE)
#: Browsers drop control characters and spaces before a scheme, so "\x01javascript:" is a link too.
CONTROL_RE = re.compile(r"[\x00-\x1f\x7f]")
SAFE_SCHEMES = ("http", "https")
_is_url = URLValidator(schemes=list(SAFE_SCHEMES))
MESSAGE = _("The source may only begin with a web address starting with http:// or https://.")


def _first_token(value: str) -> str:
    parts = value.strip().split(None, 1)
    return parts[0] if parts else ""


def source_link(value: str | None) -> str | None:
    """The http(s) address the source begins with, or None when there is none (or it is unsafe)."""
    if not value:
        return None
    token = _first_token(value)
    if not SCHEME_RE.match(token):
        return None
    try:
        _is_url(token)
    except ValidationError:
        return None
    return token


def validate_source(value: str) -> None:
    """Refuse a source that begins with a link of any scheme but http/https (or a malformed one)."""
    if not value:
        return
    if CONTROL_RE.search(re.sub(r"[\n\r\t]", " ", value)):
        raise ValidationError(MESSAGE, code="unsafe_source")
    if SCHEME_RE.match(_first_token(value)) and source_link(value) is None:
        raise ValidationError(MESSAGE, code="unsafe_source")
