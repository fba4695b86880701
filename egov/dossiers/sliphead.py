"""The head of a printed slip: the issuing office, the place of its date line, and its number.

Decree 30/2020/NĐ-CP, Annex I (thể thức văn bản hành chính), Part I: II.3 the number and symbol ("Số:"),
II.4 the place and date line. Used by egov.dossiers.slipbuild.
"""

from __future__ import annotations

import datetime as dt
import unicodedata
from collections import Counter
from typing import Any

from django.db.models import Case, F, Q, When
from django.db.models.functions import Coalesce
from django.utils import timezone

from egov.dossiers import slips
from egov.dossiers.models import Dossier, DossierEvent
from egov.dossiers.signers import issuing_body
from egov.organizations.models import Agency, AgencyKind

#: Slips a dossier can have, and the history action that issues each (None: from the dossier itself).
SLIP_ACTIONS: dict[str, tuple[str, ...] | None] = {
    "receipt": None,
    "supplement": ("request_supplement", "ask_to_complete"),
    "refusal": ("reject", "refuse"),
    "apology": ("apologise",),
    "stop": ("stop",),
    "closure": ("close_unsupplemented",),
    "control": None,
}


# The words that open the name of a body or of an administrative unit, stripped to leave the place name.
_BODY_WORDS = ("Ủy ban nhân dân", "Uỷ ban nhân dân", "UBND")
_UNIT_WORDS = ("thành phố", "thị trấn", "thị xã", "đặc khu", "tỉnh", "xã", "phường", "huyện", "quận")
# Units named after a person, written with their full name (Decree 30/2020/NĐ-CP, Annex I, Part I, II.4.a).
_FULL_NAME_UNITS = ("Thành phố Hồ Chí Minh",)
_UNIT_KINDS = (AgencyKind.COMMUNE, AgencyKind.DISTRICT, AgencyKind.PROVINCE)


def _unit_place(unit_name: str) -> str:
    """ "Ủy ban nhân dân xã An Bình" → "An Bình"; "UBND phường 1" → "Phường 1" (a number keeps its word)."""
    name = unit_name.strip()
    for word in _BODY_WORDS:
        if name.lower().startswith(word.lower()):
            name = name[len(word) :].strip()
            break
    for full in _FULL_NAME_UNITS:
        if name.lower() == full.lower():
            return full
    for word in _UNIT_WORDS:
        if name.lower().startswith(word + " "):
            rest = name[len(word) :].strip()
            # "Phường 1": a unit named by a number is written in full (Annex I, Part I, II.4.a).
            return f"{word.capitalize()} {rest}" if rest[:1].isdigit() else rest
    return name


def place_name(agency: Agency) -> str:
    """The place of the date line: the administrative unit where the issuing body sits.

    Decree 30/2020/NĐ-CP, Annex I, Part I, II.4.a: "tên gọi chính thức của đơn vị hành chính nơi cơ quan
    ban hành văn bản đóng trụ sở". A body under a commune's People's Committee writes the commune, one under
    the province's writes the province: the nearest commune, district or province above (or at) the agency,
    by its name, without "Ủy ban nhân dân" and the unit word ("xã An Bình" → "An Bình").
    """
    unit: Agency | None = agency
    while unit is not None and unit.kind not in _UNIT_KINDS:
        unit = unit.parent if unit.parent_id else None
    if unit is not None:
        return _unit_place(unit.name)
    # No unit above: the last part of the address ("..., tỉnh Hưng Yên").
    return _unit_place(agency.address.rsplit(",", 1)[-1]) if agency.address else ""


def office(agency: Agency) -> slips.Office:
    """The issuing body of the heading, under its governing body (cơ quan chủ quản) if it has one.

    A People's Committee heads its own tier: its documents carry its name alone ("ỦY BAN NHÂN DÂN / XÃ AN
    BÌNH"), not the province above it; a department or a unit carries the body it belongs to.
    """
    governed = agency.kind not in _UNIT_KINDS and agency.parent_id and agency.parent
    return slips.Office(
        name=agency.name,
        parent_name=agency.parent.name if governed and agency.parent else "",
        locality=place_name(agency),
        address=agency.address,
        phone=agency.phone,
        email=agency.email,
    )


#: The symbol of each numbered slip, after the number ("05/TNHS-TTPVHCC"). Ours: the forms show "Số: ..." and
#: leave the symbol to the agency; these are the initials of the slip's name.
SLIP_SYMBOLS = {
    "receipt": "TNHS",  # tiếp nhận hồ sơ
    "supplement": "BSHS",  # bổ sung hồ sơ
    "refusal": "TCHS",  # từ chối hồ sơ
    "apology": "XLHS",  # xin lỗi (và hẹn lại / đề nghị gia hạn)
    "stop": "TB",  # thông báo
    "closure": "TBDHS",  # thông báo đóng hồ sơ: its own sequence, never "TB" twice in one body's year
}
_SKIPPED_WORDS = {"và", "của"}


def agency_symbol(agency: Agency) -> str:
    """The agency's initials before its place ("Trung tâm Phục vụ hành chính công tỉnh" → "TTPVHCC",
    "Sở Tư pháp" → "STP", "Ủy ban nhân dân xã An Bình" → "UBND"), for the symbol of a slip's number."""
    initials = []
    words = agency.name.split()
    for i, word in enumerate(words):
        after = words[i + 1] if i + 1 < len(words) else ""
        # The place begins: a unit word at the end or before a name ("tỉnh", "xã An Bình", "thành phố
        # Huế"), not a word that only looks like one ("Phòng Văn hóa - Xã hội").
        if (word.lower() in _UNIT_WORDS and (not after or after[0].isupper() or after[0].isdigit())) or (
            word.lower() == "thành" and after.lower() == "phố"
        ):
            break
        if not word[0].isalpha():
            continue
        if word.isupper() and len(word) > 1:
            initials.append(word)  # already an abbreviation: "UBND"
        elif word.lower() not in _SKIPPED_WORDS:
            initials.append(word[0])
    folded = "".join(initials).upper().replace("Đ", "D")
    return unicodedata.normalize("NFKD", folded).encode("ascii", "ignore").decode() or agency.code


def _year_start(moment: dt.datetime) -> dt.datetime:
    local = timezone.localtime(moment)
    return local.replace(month=1, day=1, hour=0, minute=0, second=0, microsecond=0)


def _issuer_of_event(slip: str) -> Any:
    """The agency an event's slip is issued at, as a query expression (`issuer_of` before `issuing_body`)."""
    counter = F("dossier__receiving_agency")
    if slip in ("supplement", "closure"):
        return counter
    if slip == "refusal":
        return Case(When(action="refuse", then=Coalesce("from_agency", counter)), default=counter)
    return Coalesce("from_agency", counter)


def _by_the_body(slip: str, action: str | None) -> bool:
    if action is None or slip == "supplement":
        return False
    return slip != "refusal" or action == "refuse"


def by_the_body(slip: str, event: DossierEvent | None) -> bool:
    """Whether the slip is issued by the competent body, headed and signed in its name (a refusal after
    reception, Decree 118/2025/NĐ-CP art. 19; the apology; the stop notice; the closure notice), rather
    than by the counter's officer (the receipt, the supplement request, a refusal at reception, the control
    sheet)."""
    return _by_the_body(slip, event.action if event is not None else None)


def issuer_of(d: Dossier, slip: str, event: DossierEvent | None) -> Agency:
    """The agency whose heading the slip carries: the counter for the counter's slips; for the body's slips,
    the body (`signers.issuing_body`) of the agency the dossier was at (the counter's, for the closure)."""
    if not by_the_body(slip, event):
        return d.receiving_agency
    assert event is not None
    at = d.receiving_agency if slip == "closure" else event.from_agency or d.receiving_agency
    return issuing_body(at)


def slip_number(d: Dossier, slip: str, event: DossierEvent | None = None) -> str:
    """The number on the slip's "Số:" line: its place in the issuing agency's yearly sequence of that slip.

    Decree 30/2020/NĐ-CP, Annex I, Part I, II.3: numbered in order within the year, a leading zero below 10,
    a slash, then the symbol. The count is made from the dossiers received (the receipt) or from the history
    rows that issued the slip (the others), both kept for good, so a reprint shows the same number; ties in
    time go by row id. Empty for a slip whose form has no number.
    """
    symbol = SLIP_SYMBOLS.get(slip)
    if symbol is None:
        return ""
    issuer = issuer_of(d, slip, event)
    if event is None:
        moment = d.received_at
        if moment is None:
            return ""
        n = (
            Dossier.objects.filter(receiving_agency=issuer, received_at__gte=_year_start(moment))
            .filter(Q(received_at__lt=moment) | Q(received_at=moment, pk__lte=d.pk))
            .count()
        )
    else:
        issued = (
            DossierEvent.objects.filter(action__in=SLIP_ACTIONS[slip] or (), at__gte=_year_start(event.at))
            .filter(Q(at__lt=event.at) | Q(at=event.at, pk__lte=event.pk))
            .annotate(issuer=_issuer_of_event(slip))
        )
        # Counted under the agency in the slip's heading: a body's slips under the body, whichever of its
        # offices the dossier was at (`issuer_of`).
        counts = Counter(issued.values_list("issuer", "action"))
        agencies = Agency.objects.in_bulk([pk for pk, _ in counts])
        n = 0
        for (pk, action), count in counts.items():
            agency = agencies[pk]
            heading = issuing_body(agency) if _by_the_body(slip, action) else agency
            n += count if heading.pk == issuer.pk else 0
    return f"{n:02d}/{symbol}-{agency_symbol(issuer)}"
