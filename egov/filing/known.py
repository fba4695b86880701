"""What the account already told is not asked again: the applicant step's details (prefilled from the
profile) answer the online form's own applicant group, so its page asks only the rest.

    specs = without_known(step.specs, draft.applicant)        # the page's fields, less those known
    answers = with_known(form.cleaned_data, step.specs, draft.applicant)

The catalogue's forms name the applicant's group `nguoi_yeu_cau` (one row). In it, the full name
(`ho_ten`), the personal ID number (type `cccd`), the phone (type `phone`), the email (type `email`) and the
date of birth (`ngay_sinh`: the account's, which the applicant step keeps when a citizen files) come from
the applicant step when it has them, and are filled in again at submission, so a change of the applicant's
details reaches the form. An address (type `address`) is structured (province, commune, house)
where the profile holds free text: it stays asked, its house-and-street part prefilled. An organisation's
applicant step names the organisation, not a person: nothing is taken from it then.
"""

from __future__ import annotations

import copy
from typing import Any

from egov.procedures.models import ApplicantType

APPLICANT_GROUP = "nguoi_yeu_cau"


def _source(field: dict[str, Any]) -> str | None:
    """The applicant step's key that answers this form field, if any."""
    if field.get("type") == "cccd":
        return "id_number"
    if field.get("type") in ("phone", "email"):
        return str(field["type"])
    if field.get("type") == "text" and field.get("name") == "ho_ten":
        return "name"
    if field.get("type") == "date" and field.get("name") == "ngay_sinh":
        return "birth_date"  # the account's date of birth (drafting.applicant_from_profile)
    return None


def _group(specs: list[dict[str, Any]]) -> dict[str, Any] | None:
    return next(
        (
            s
            for s in specs
            if s.get("type") == "group" and s.get("name") == APPLICANT_GROUP and s.get("max") == 1
        ),
        None,
    )


def known(specs: list[dict[str, Any]], applicant: dict[str, Any]) -> dict[str, str]:
    """The applicant group's fields the applicant step answers: {field name: value}."""
    group = _group(specs)
    if group is None or (applicant.get("type") or ApplicantType.CITIZEN) != ApplicantType.CITIZEN:
        return {}
    values = {}
    for field in group.get("fields", []):
        key = _source(field)
        if key and applicant.get(key):
            values[field["name"]] = str(applicant[key])
    return values


def without_known(specs: list[dict[str, Any]], applicant: dict[str, Any]) -> list[dict[str, Any]]:
    """The page's fields with the known ones left out of the applicant group."""
    values = known(specs, applicant)
    if not values:
        return specs
    trimmed = copy.deepcopy(specs)
    group = _group(trimmed)
    assert group is not None
    group["fields"] = [f for f in group.get("fields", []) if f["name"] not in values]
    if not group["fields"]:  # every field known: no empty row to fill (its "at least one row" would fail)
        trimmed.remove(group)
    return trimmed


def with_known(
    answers: dict[str, Any], specs: list[dict[str, Any]], applicant: dict[str, Any]
) -> dict[str, Any]:
    """`answers` with the applicant group's known fields filled from the applicant step."""
    values = known(specs, applicant)
    if not values:
        return answers
    rows = answers.get(APPLICANT_GROUP) or [{}]
    return {**answers, APPLICANT_GROUP: [{**rows[0], **values}, *rows[1:]]}


#: The words that open an administrative unit's name in an address ("…, xã An Bình, tỉnh Hòa Bình Xanh"):
#: the address field asks those by its pickers, so its house-and-street part stops before them.
UNIT_WORDS = ("xã ", "phường ", "đặc khu ", "thị trấn ", "huyện ", "quận ", "thị xã ", "thành phố ", "tỉnh ")


def house_and_street(address: str) -> str:
    """The part of a free-text address before its first administrative unit (commune, district, province):
    "Số 1, thôn Đông, xã An Bình, tỉnh Hòa Bình Xanh" → "Số 1, thôn Đông"; the whole text when it names
    none, or names nothing else."""
    parts = [p.strip() for p in address.split(",")]
    for index, part in enumerate(parts):
        if index and part.lower().startswith(UNIT_WORDS):
            return ", ".join(parts[:index])
    return address.strip()


def initial_rows(specs: list[dict[str, Any]], applicant: dict[str, Any]) -> dict[str, Any]:
    """A first answer for the applicant group not answered yet: the address's house and street from the
    profile's address text (`house_and_street`: the commune and province are the field's pickers)."""
    group = _group(specs)
    address = house_and_street(str(applicant.get("address") or ""))
    if group is None or not address:
        return {}
    row = {f["name"]: {"detail": address} for f in group.get("fields", []) if f.get("type") == "address"}
    return {APPLICANT_GROUP: [row]} if row else {}
