"""Build and read edXML packages (QCVN 102:2016/BTTTT): a document package and a status package.

The layout follows the implementations read (docs/legal-notes/edxml.md): a root `edXML` holding an
`edXMLEnvelope` (header: `MessageHeader`, `TraceHeaderList`, `DigitalSignature`; body: the manifest of
attachments) and, outside the envelope, `AttachmentEncoded` with each file in base64. A status package
carries a `Status` header answering the document (`ResponseFor`). egov's own message id is the
`TraceHeaderList` `id` (a UUID): the receiver keeps one package per sender and id.
"""

from __future__ import annotations

import base64
import binascii
import datetime as dt
from dataclasses import dataclass, field

from lxml import etree

NS = "http://www.mic.gov.vn/TBT/QCVN_102_2016"
DS = "http://www.w3.org/2000/09/xmldsig#"
XLINK = "http://www.w3.org/1999/xlink"
#: Packages larger than this are refused before parsing (a document with its PDF fits easily).
MAX_BYTES = 40 * 1024 * 1024


class Malformed(Exception):
    """The bytes are not an edXML package egov can read; the message says what is wrong."""


@dataclass(frozen=True)
class Party:
    organ_id: str
    name: str = ""


@dataclass(frozen=True)
class Attachment:
    name: str
    content_type: str
    data: bytes


@dataclass(frozen=True)
class Edoc:
    """A document package: the metadata of QCVN 102's MessageHeader and the files."""

    message_id: str
    sender: Party
    to: tuple[Party, ...]
    number: str
    notation: str
    place: str
    promulgation_date: dt.date | None
    type_code: str
    type_name: str
    subject: str
    signer_name: str
    signer_position: str
    due_date: dt.date | None = None
    priority: str = "0"
    to_places: tuple[str, ...] = ()
    page_amount: int | None = None
    attachments: tuple[Attachment, ...] = field(default_factory=tuple)

    @property
    def document_id(self) -> str:
        """The DocumentId the implementations read build: sender, date, number/notation."""
        day = self.promulgation_date.strftime("%Y/%m/%d") if self.promulgation_date else ""
        return f"{self.sender.organ_id},{day},{self.number}/{self.notation}"


@dataclass(frozen=True)
class Status:
    """A status package: what became of a document (`document_id`) at the agency `sender`."""

    message_id: str
    sender: Party
    to: Party
    document_id: str
    code: str
    description: str
    timestamp: dt.datetime
    staff: str = ""
    department: str = ""


def _e(parent: etree._Element, tag: str, text: str | None = None) -> etree._Element:
    child = etree.SubElement(parent, f"{{{NS}}}{tag}")
    if text is not None:
        child.text = text
    return child


def _party(parent: etree._Element, tag: str, party: Party) -> None:
    el = _e(parent, tag)
    _e(el, "OrganId", party.organ_id)
    _e(el, "OrganName", party.name)


def _day(value: dt.date | None) -> str:
    return value.strftime("%Y/%m/%d") if value else ""


def _envelope() -> tuple[etree._Element, etree._Element]:
    root = etree.Element(f"{{{NS}}}edXML", nsmap={None: NS, "edXML": NS})
    envelope = _e(root, "edXMLEnvelope")
    header = _e(envelope, "edXMLHeader")
    return root, header


def _trace(header: etree._Element, message_id: str, sender: Party, now: dt.datetime) -> None:
    trace = _e(header, "TraceHeaderList")
    trace.set("id", message_id)
    trace.set("version", "1.0")
    item = _e(trace, "TraceHeader")
    _e(item, "OrganId", sender.organ_id)
    _e(item, "Timestamp", now.strftime("%Y/%m/%d %H:%M:%S"))
    # Where the XML signature goes (signature.sign puts it there).
    _e(header, "DigitalSignature")


def build_edoc(doc: Edoc, now: dt.datetime) -> etree._Element:
    root, header = _envelope()
    head = _e(header, "MessageHeader")
    _party(head, "From", doc.sender)
    for party in doc.to:
        _party(head, "To", party)
    code = _e(head, "Code")
    _e(code, "CodeNumber", doc.number)
    _e(code, "CodeNotation", doc.notation)
    promulgation = _e(head, "PromulgationInfo")
    _e(promulgation, "Place", doc.place)
    _e(promulgation, "PromulgationDate", _day(doc.promulgation_date))
    kind = _e(head, "DocumentType")
    _e(kind, "Type", doc.type_code)
    _e(kind, "TypeName", doc.type_name)
    _e(head, "Subject", doc.subject)
    signer = _e(head, "SignerInfo")
    _e(signer, "Position", doc.signer_position)
    _e(signer, "FullName", doc.signer_name)
    _e(head, "DueDate", _day(doc.due_date))
    places = _e(head, "ToPlaces")
    for place in doc.to_places:
        _e(places, "Place", place)
    other = _e(head, "OtherInfo")
    _e(other, "Priority", doc.priority)
    _e(other, "PageAmount", str(doc.page_amount or ""))
    _e(head, "DocumentId", doc.document_id)
    _trace(header, doc.message_id, doc.sender, now)
    manifest = _e(_e(root[0], "edXMLBody"), "edXMLManifest")
    encoded = _e(root, "AttachmentEncoded")
    for i, item in enumerate(doc.attachments, start=1):
        ref = _e(manifest, "Reference")
        ref.set(f"{{{XLINK}}}href", f"cid:{i}")
        _e(ref, "AttachmentName", item.name)
        _e(ref, "ContentType", item.content_type)
        _e(ref, "ContentId", str(i))
        att = _e(encoded, "Attachment")
        _e(att, "ContentId", str(i))
        _e(att, "AttachmentName", item.name)
        _e(att, "ContentType", item.content_type)
        _e(att, "ContentTransferEncoded", base64.b64encode(item.data).decode("ascii"))
    return root


def build_status(status: Status, now: dt.datetime) -> etree._Element:
    root, header = _envelope()
    head = _e(header, "Status")
    answers = _e(head, "ResponseFor")
    _e(answers, "OrganId", status.to.organ_id)
    _e(answers, "DocumentId", status.document_id)
    _party(head, "From", status.sender)
    _e(head, "StatusCode", status.code)
    _e(head, "Description", status.description)
    _e(head, "Timestamp", status.timestamp.isoformat(timespec="seconds"))
    staff = _e(head, "StaffInfo")
    _e(staff, "Department", status.department)
    _e(staff, "Staff", status.staff)
    _trace(header, status.message_id, status.sender, now)
    return root


# -- reading -----------------------------------------------------------------------------------------------


def parse_xml(data: bytes) -> etree._Element:
    """The XML tree of `data`, read without network access, entities or huge-tree tricks."""
    if len(data) > MAX_BYTES:
        raise Malformed(f"package larger than {MAX_BYTES} bytes")
    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False)
    try:
        root = etree.fromstring(data, parser)
    except etree.XMLSyntaxError as exc:
        raise Malformed(f"not well-formed XML: {exc}") from None
    if root is None or root.tag != f"{{{NS}}}edXML":
        raise Malformed("the root element is not edXML in the QCVN 102:2016 namespace")
    return root


def _text(el: etree._Element, path: str, *, required: bool = False) -> str:
    found = el.find("/".join(f"edXML:{p}" for p in path.split("/")), {"edXML": NS})
    value = (found.text or "").strip() if found is not None else ""
    if required and not value:
        raise Malformed(f"{path} is missing")
    return value


def _date(value: str, name: str) -> dt.date | None:
    if not value:
        return None
    try:
        return dt.datetime.strptime(value, "%Y/%m/%d").date()
    except ValueError:
        raise Malformed(f"{name} is not a date YYYY/MM/DD: {value!r}") from None


def message_id(root: etree._Element) -> str:
    trace = root.find("edXML:edXMLEnvelope/edXML:edXMLHeader/edXML:TraceHeaderList", {"edXML": NS})
    value = (trace.get("id") or "").strip() if trace is not None else ""
    if not value or len(value) > 100:
        raise Malformed("TraceHeaderList/@id (the message id) is missing")
    return value


def kind(root: etree._Element) -> str:
    """ "edoc" or "status"."""
    header = root.find("edXML:edXMLEnvelope/edXML:edXMLHeader", {"edXML": NS})
    if header is None:
        raise Malformed("edXMLEnvelope/edXMLHeader is missing")
    if header.find("edXML:MessageHeader", {"edXML": NS}) is not None:
        return "edoc"
    if header.find("edXML:Status", {"edXML": NS}) is not None:
        return "status"
    raise Malformed("the header has neither MessageHeader nor Status")


def sender_of(root: etree._Element) -> str:
    """The OrganId of the sender, to find whose certificate verifies the signature."""
    head = root.find("edXML:edXMLEnvelope/edXML:edXMLHeader/*", {"edXML": NS})
    return _text(head, "From/OrganId", required=True) if head is not None else ""


def read_edoc(root: etree._Element) -> Edoc:
    head = root.find("edXML:edXMLEnvelope/edXML:edXMLHeader/edXML:MessageHeader", {"edXML": NS})
    if head is None:
        raise Malformed("MessageHeader is missing")
    ns = {"edXML": NS}
    to = tuple(
        Party(_text(t, "OrganId", required=True), _text(t, "OrganName")) for t in head.findall("edXML:To", ns)
    )
    if not to:
        raise Malformed("To is missing")
    files = []
    for att in root.findall("edXML:AttachmentEncoded/edXML:Attachment", ns):
        try:
            data = base64.b64decode(_text(att, "ContentTransferEncoded", required=True), validate=True)
        except binascii.Error:
            raise Malformed("an attachment is not valid base64") from None
        files.append(Attachment(_text(att, "AttachmentName") or "van-ban", _text(att, "ContentType"), data))
    if not files:
        raise Malformed("the package has no attached file")
    pages = _text(head, "OtherInfo/PageAmount")
    return Edoc(
        message_id=message_id(root),
        sender=Party(_text(head, "From/OrganId", required=True), _text(head, "From/OrganName")),
        to=to,
        number=_text(head, "Code/CodeNumber"),
        notation=_text(head, "Code/CodeNotation"),
        place=_text(head, "PromulgationInfo/Place"),
        promulgation_date=_date(_text(head, "PromulgationInfo/PromulgationDate"), "PromulgationDate"),
        type_code=_text(head, "DocumentType/Type"),
        type_name=_text(head, "DocumentType/TypeName"),
        subject=_text(head, "Subject", required=True),
        signer_name=_text(head, "SignerInfo/FullName"),
        signer_position=_text(head, "SignerInfo/Position"),
        due_date=_date(_text(head, "DueDate"), "DueDate"),
        priority=_text(head, "OtherInfo/Priority") or "0",
        to_places=tuple((p.text or "").strip() for p in head.findall("edXML:ToPlaces/edXML:Place", ns)),
        page_amount=int(pages) if pages.isdigit() else None,
        attachments=tuple(files),
    )


def read_status(root: etree._Element) -> Status:
    head = root.find("edXML:edXMLEnvelope/edXML:edXMLHeader/edXML:Status", {"edXML": NS})
    if head is None:
        raise Malformed("Status is missing")
    stamp = _text(head, "Timestamp", required=True)
    try:
        moment = dt.datetime.fromisoformat(stamp)
    except ValueError:
        raise Malformed(f"Timestamp is not an ISO 8601 time: {stamp!r}") from None
    return Status(
        message_id=message_id(root),
        sender=Party(_text(head, "From/OrganId", required=True), _text(head, "From/OrganName")),
        to=Party(_text(head, "ResponseFor/OrganId", required=True)),
        document_id=_text(head, "ResponseFor/DocumentId", required=True),
        code=_text(head, "StatusCode", required=True),
        description=_text(head, "Description"),
        timestamp=moment,
        staff=_text(head, "StaffInfo/Staff"),
        department=_text(head, "StaffInfo/Department"),
    )


def to_bytes(root: etree._Element) -> bytes:
    return bytes(etree.tostring(root, xml_declaration=True, encoding="UTF-8"))


def answer_of(data: bytes) -> tuple[str, str]:
    """(StatusCode, Description) of the status an endpoint answered with; Malformed when it is none."""
    head = parse_xml(data).find("edXML:edXMLEnvelope/edXML:edXMLHeader/edXML:Status", {"edXML": NS})
    if head is None:
        raise Malformed("Status is missing")
    return _text(head, "StatusCode", required=True), _text(head, "Description")
