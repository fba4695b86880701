"""The signature block of a dossier's act (the result a leader approved), outside any slip template.

Decree 30/2020/NĐ-CP, Annex I, part I, II.7.b: who signs on behalf of a collective body writes "TM." before
the body's name; a deputy signing for the head writes "KT." before the head's title. So a commune's act
reads "TM. ỦY BAN NHÂN DÂN / CHỦ TỊCH" when the Chairman signs and "KT. CHỦ TỊCH / PHÓ CHỦ TỊCH" when a
Vice-Chairman does (the notes in docs/legal-notes/forms-and-codes.md §3: the TM. example is in Annex I,
the KT. CHỦ TỊCH line follows from its KT. rule). Result pages print what `act_signature` returns, the
slips a body issues in its own name what `body_signature` returns; which leaders may sign at all is
`organizations.holders`.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from egov.organizations.models import Agency, AgencyKind, Role

#: Bodies that decide as a collective (People's Committees): their head signs "TM." the body.
COLLECTIVE_KINDS = (AgencyKind.PROVINCE, AgencyKind.DISTRICT, AgencyKind.COMMUNE)
#: The title of each kind of body's head, printed when the slip is left for the head to sign.
HEAD_TITLES = {
    AgencyKind.PROVINCE: "Chủ tịch",
    AgencyKind.DISTRICT: "Chủ tịch",
    AgencyKind.COMMUNE: "Chủ tịch",
    AgencyKind.DEPARTMENT: "Giám đốc",
    AgencyKind.SERVICE_CENTER: "Giám đốc",
    AgencyKind.OFFICE: "Trưởng phòng",
    AgencyKind.UNIT: "Thủ trưởng",
}
COLLECTIVE_NAME = "ỦY BAN NHÂN DÂN"
DEPUTY = "phó "


@dataclass(frozen=True)
class SignatureBlock:
    """The lines above the signature: the authority ("TM. …", "KT. …" or empty), the title, the name."""

    authority: str
    title: str
    name: str = ""


def _title_of(position: str, kind: str) -> str:
    """The signer's title as the block prints it: "Chủ tịch Ủy ban nhân dân xã" → "CHỦ TỊCH"."""
    title = position.strip()
    if kind in COLLECTIVE_KINDS:
        title = title.split(" Ủy ban nhân dân")[0].split(" UBND")[0]
    elif kind == AgencyKind.DEPARTMENT:
        # "Phó Giám đốc Sở Tư pháp" → "PHÓ GIÁM ĐỐC": the department is named in the heading above.
        title = title.split(" Sở")[0]
    return title.upper()


def signature_lines(position: str, body_kind: str) -> SignatureBlock:
    """The authority and title lines for a signer of `position` at a body of `body_kind`.

    A head of a People's Committee signs "TM. ỦY BAN NHÂN DÂN" over "CHỦ TỊCH"; a deputy signs "KT." over
    the head's title ("KT. CHỦ TỊCH" over "PHÓ CHỦ TỊCH", "KT. GIÁM ĐỐC" over "PHÓ GIÁM ĐỐC"); the head of
    any other body signs under their title alone.
    """
    title = _title_of(position, body_kind)
    if title.lower().startswith(DEPUTY):
        head = title[len(DEPUTY) :].strip()
        return SignatureBlock(authority=f"KT. {head}", title=title)
    if body_kind in COLLECTIVE_KINDS and title:
        return SignatureBlock(authority=f"TM. {COLLECTIVE_NAME}", title=title)
    return SignatureBlock(authority="", title=title)


def signing_body(agency: Agency) -> Agency:
    """The body in whose name an act at `agency` is issued: the commune's People's Committee for anything
    inside a commune (its centre, its rooms), otherwise the agency itself."""
    from egov.organizations.holders import signing_commune

    return signing_commune(agency) or agency


def act_signature(dossier: Any) -> SignatureBlock | None:
    """The signature block of the dossier's act: whoever last approved it, at the body the step was in.

    None until a leader has approved.
    """
    event = (
        dossier.events.filter(action="approve", actor__isnull=False)
        .select_related("actor__staff", "from_agency")
        .order_by("-at", "-pk")
        .first()
    )
    if event is None or event.from_agency is None:
        return None
    staff = getattr(event.actor, "staff", None)
    position = staff.position if staff is not None else ""
    block = signature_lines(position, signing_body(event.from_agency).kind)
    return SignatureBlock(authority=block.authority, title=block.title, name=event.actor_name)


def issuing_body(agency: Agency) -> Agency:
    """The body in whose name a slip about work done at `agency` is issued, headed and signed: the commune's
    People's Committee inside a commune; the department above one of its specialised offices (an office has
    no seal of its own); otherwise the agency itself."""
    body = signing_body(agency)
    while body.kind == AgencyKind.OFFICE and body.parent_id and body.parent is not None:
        body = body.parent
    return body


def body_signature(agency: Agency, actor: Any) -> SignatureBlock:
    """The signature block of a slip the competent body issues (a refusal after reception, the apology, the
    stop notice, the closure notice), after Decree 30/2020/NĐ-CP, Annex I, part I, II.7.b.

    A leader granted on the body itself signs with their own lines ("TM. ỦY BAN NHÂN DÂN / CHỦ TỊCH", "KT.
    CHỦ TỊCH / PHÓ CHỦ TỊCH", "KT. GIÁM ĐỐC / PHÓ GIÁM ĐỐC") and name. Anyone else (a specialist, a desk
    officer, a leader of another body, the nightly job) does not sign for the body: the block is the head's
    ("TM. ỦY BAN NHÂN DÂN / CHỦ TỊCH", "GIÁM ĐỐC"), with no name, for the head or a deputy to sign.
    """
    from egov.organizations.permissions import grants_of

    body = issuing_body(agency)
    head = signature_lines(HEAD_TITLES.get(AgencyKind(body.kind), "Thủ trưởng"), body.kind)
    if actor is None or not any(g.role == Role.LEADER and g.path == body.path for g in grants_of(actor)):
        return head
    staff = getattr(actor, "staff", None)
    position = staff.position if staff is not None else ""
    block = signature_lines(position, body.kind) if position else head
    return SignatureBlock(authority=block.authority, title=block.title, name=actor.get_full_name())
