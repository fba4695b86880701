"""A small VoiceXML 2.1 client for the tests: it fetches documents over HTTP like a VoiceXML browser,
checks what a browser needs of them, says what their prompts say, and "presses" keys by submitting a
field to its <submit> target with the field's namelist."""

from __future__ import annotations

import io
import re
import urllib.parse
import urllib.request
import wave
from dataclasses import dataclass
from xml.etree import ElementTree as ET

NS = "http://www.w3.org/2001/vxml"
V = "{" + NS + "}"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
#: The VoiceXML 2.1 elements egov's documents may use, and the attributes each must have.
REQUIRED = {
    "vxml": {"version"},
    "form": set(),
    "field": {"name"},
    "block": set(),
    "var": {"name"},
    "property": {"name", "value"},
    "prompt": set(),
    "audio": {"src"},
    "grammar": {"mode", "version", "root"},
    "rule": {"id"},
    "item": set(),
    "one-of": set(),
    "ruleref": {"uri"},
    "noinput": set(),
    "nomatch": set(),
    "filled": set(),
    "submit": {"next"},
    "goto": {"next"},
    "exit": set(),
}


class Invalid(AssertionError):
    pass


@dataclass
class Document:
    url: str
    root: ET.Element

    def all(self, tag: str) -> list[ET.Element]:
        return list(self.root.iter(V + tag))

    def field(self, name: str) -> ET.Element:
        found = [f for f in self.all("field") if f.get("name") == name]
        if len(found) != 1:
            raise Invalid(f"{self.url}: no field {name!r}")
        return found[0]

    def spoken(self, within: ET.Element | None = None) -> str:
        """What the browser says, in order: the text of each prompt (an <audio>'s text is what it says)."""
        parts = []
        for prompt in (within if within is not None else self.root).iter(V + "prompt"):
            parts.append(" ".join("".join(prompt.itertext()).split()))
        return " ".join(parts)

    def audio_urls(self) -> list[str]:
        return [urllib.parse.urljoin(self.url, a.get("src", "")) for a in self.all("audio")]


def fetch(url: str, data: dict[str, str] | None = None) -> Document:
    body = urllib.parse.urlencode(data).encode() if data is not None else None
    with urllib.request.urlopen(urllib.request.Request(url, data=body), timeout=30) as response:
        kind = response.headers.get("Content-Type", "")
        if not kind.startswith("application/voicexml+xml"):
            raise Invalid(f"{url}: served as {kind!r}")
        raw = response.read()
    if not raw.startswith(b'<?xml version="1.0" encoding="UTF-8"?>'):
        raise Invalid(f"{url}: no XML declaration first")
    try:
        root = ET.fromstring(raw)
    except ET.ParseError as error:
        raise Invalid(f"{url}: not well-formed: {error}") from None
    document = Document(url, root)
    validate(document)
    return document


def validate(doc: Document) -> None:
    root = doc.root
    if root.tag != V + "vxml" or root.get("version") != "2.1" or not root.get(XML_LANG, "").startswith("vi"):
        raise Invalid(f"{doc.url}: not a Vietnamese VoiceXML 2.1 document")
    for element in root.iter():
        if not element.tag.startswith(V):
            raise Invalid(f"{doc.url}: element {element.tag} outside the VoiceXML namespace")
        name = element.tag[len(V) :]
        if name not in REQUIRED:
            raise Invalid(f"{doc.url}: unexpected element <{name}>")
        missing = REQUIRED[name] - set(element.attrib)
        if missing:
            raise Invalid(f"{doc.url}: <{name}> lacks {sorted(missing)}")
    for grammar in doc.all("grammar"):
        ids = {r.get("id") for r in grammar.iter(V + "rule")}
        refs = {r.get("uri", "")[1:] for r in grammar.iter(V + "ruleref")}
        if grammar.get("mode") != "dtmf" or grammar.get("root") not in ids or not refs <= ids:
            raise Invalid(f"{doc.url}: a DTMF grammar whose rules do not resolve")
    declared = {v.get("name") for v in doc.all("var")} | {f.get("name") for f in doc.all("field")}
    for field in doc.all("field"):
        children = {c.tag[len(V) :] for c in field}
        for needed in ("grammar", "prompt", "noinput", "nomatch", "filled"):
            if needed not in children:
                raise Invalid(f"{doc.url}: field {field.get('name')} has no <{needed}>")
        for handler in ("noinput", "nomatch"):
            # The caller who never types, or never types right, is let go in the end.
            if not any(h.find(V + "exit") is not None for h in field.findall(V + handler)):
                raise Invalid(f"{doc.url}: field {field.get('name')}: no <{handler}> ends the call")
    for submit in doc.all("submit"):
        if submit.get("method") != "post":
            raise Invalid(f"{doc.url}: a <submit> that is not a POST (digits would land in access logs)")
        unknown = set(submit.get("namelist", "").split()) - declared
        if unknown:
            raise Invalid(f"{doc.url}: <submit> names undeclared {sorted(unknown)}")
    for block in doc.all("block"):
        if block.find(V + "prompt") is None:
            raise Invalid(f"{doc.url}: a <block> that says nothing")


def variables(doc: Document, session_remote_uri: str) -> dict[str, str]:
    """The document's <var>s as a browser would evaluate them: string literals, and the caller's number
    from session.connection.remote.uri."""
    values = {}
    for var in doc.all("var"):
        expr = var.get("expr", "")
        literal = re.fullmatch(r"'([^'\\]*)'", expr)
        if literal:
            values[var.get("name", "")] = literal.group(1)
        elif "session.connection.remote.uri" in expr:
            values[var.get("name", "")] = session_remote_uri
        else:
            raise Invalid(f"{doc.url}: cannot evaluate {expr!r}")
    return values


def press(doc: Document, field: str, keys: str, *, caller: str = "") -> Document:
    """Type `keys` into the field (a DTMF utterance: the keys separated by spaces) and follow its <submit>."""
    element = doc.field(field)
    submit = element.find(f"{V}filled/{V}submit")
    if submit is None:
        raise Invalid(f"{doc.url}: field {field} submits nowhere")
    values = {**variables(doc, caller), field: " ".join(keys)}
    data = {name: values.get(name, "") for name in submit.get("namelist", "").split()}
    return fetch(urllib.parse.urljoin(doc.url, submit.get("next", "")), data)


def follow_goto(doc: Document) -> Document:
    goto = doc.root.find(f".//{V}goto")
    if goto is None:
        raise Invalid(f"{doc.url}: no <goto>")
    return fetch(urllib.parse.urljoin(doc.url, goto.get("next", "")))


def check_audio(url: str) -> float:
    """Fetch a prompt's audio and return its length in seconds; fail unless it is a valid mono PCM WAV."""
    with urllib.request.urlopen(url, timeout=30) as response:
        if response.headers.get("Content-Type") != "audio/wav":
            raise Invalid(f"{url}: served as {response.headers.get('Content-Type')!r}")
        raw = response.read()
    with wave.open(io.BytesIO(raw)) as w:
        if w.getnchannels() != 1 or w.getsampwidth() != 2 or w.getnframes() == 0:
            raise Invalid(f"{url}: not a mono 16-bit WAV with sound")
        return w.getnframes() / w.getframerate()
