"""A filing writes exactly the rows it wrote before filing was made faster (docs/performance.md, "Online
filing under load"): through the API (`POST /api/v1/filings`) and through the pages (each paper with "Lưu
và tiếp tục", then "Gửi hồ sơ"), every row added or changed in every table — the dossier, its history row,
attachments and checklist lines, answers, fees, the counter's alerts in the outbox, the audit rows, the
draft and its papers, the statistics — is compared, column by column, with the rows recorded in
`filing_rows.json` by the code before the change.

What differs from one run to the next is made the same or named: the clock is fixed (`timezone.now`), the
random parts (a stored file's name, a submission's reference) are drawn from counters, a key is written as
the row's rank in its table ("organizations.agency#3"), and a moment of the write itself (a column whose
default is the real clock) as "<clock>". To record the rows again after a change that is meant to change
them: `EGOV_RECORD_FILING_ROWS=1 pytest tests/filing/test_filing_rows.py`, and read the diff.
"""

from __future__ import annotations

import datetime as dt
import itertools
import json
import os
import re
import uuid
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from django.apps import apps
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import models
from django.utils import timezone

from egov.dossiers import codes
from egov.dossiers import models as dossier_models
from egov.filing import models as filing_models
from egov.filing import services
from egov.filing.models import Draft
from egov.organizations.models import Role
from tests.factories import make_staff
from tests.filing.conftest import ANSWERS_PAGE_1, ANSWERS_PAGE_2, APPLICANT, png_bytes

RECORDED = Path(__file__).with_name("filing_rows.json")
#: The filing's moment: a Monday morning after the form's "born on" answer (never in the future).
FIXED = dt.datetime(2026, 11, 2, 9, 30, tzinfo=dt.timezone(dt.timedelta(hours=7)))
#: Tables that are the test client's, not the filing's.
SKIPPED = {"sessions.Session", "admin.LogEntry", "contenttypes.ContentType", "auth.Permission"}
#: Keys of the audit rows' details that name a row of another table.
DETAIL_KEYS = {
    "dossier": "dossiers.Dossier",
    "requirement": "procedures.RequiredDocument",
    "current_agency": "organizations.Agency",
    "current_step": "procedures.WorkflowStep",
    "handler": "accounts.User",
}
#: The signed link of a message to the applicant: signed over the dossier's key, which differs by engine.
AGENCY_PATH = re.compile(r"(\d{6}\.)+")
STATS_KEYS = {
    "agency": "organizations.Agency",
    "counter": "organizations.Agency",
    "procedure": "procedures.Procedure",
    "handler": "accounts.User",
}
PAPER_STEP = re.compile(r"paper-(\d+)")
LINK_TOKEN = re.compile(r"([?&]t=)[A-Za-z0-9_\-]+")


def _models() -> list[type[models.Model]]:
    return [
        m for m in apps.get_models() if m._meta.managed and not m._meta.proxy and m._meta.label not in SKIPPED
    ]


def _dump() -> dict[str, dict[Any, dict[str, Any]]]:
    out = {}
    for model in _models():
        names = [f.attname for f in model._meta.concrete_fields]
        out[model._meta.label] = {r[model._meta.pk.attname]: r for r in model.objects.values(*names)}
    return out


class _Ranks:
    """A row's key as its rank in its table, in key order: the same on every engine and in every order."""

    def __init__(self, after: dict[str, dict[Any, dict[str, Any]]]) -> None:
        self.ranks = {
            label: {pk: n for n, pk in enumerate(sorted(rows), start=1)} for label, rows in after.items()
        }

    def of(self, label: str, pk: Any) -> str:
        if pk is None or pk == "":
            return str(pk)
        key = int(pk) if isinstance(pk, str) and pk.isdigit() else pk
        return f"{label}#{self.ranks.get(label, {}).get(key, '?')}"


SHA256 = re.compile(r"[0-9a-f]{64}")


def _path(value: str, ranks: _Ranks) -> str:
    """An agency's tree path ("000001.000005.") by its agencies' ranks: each segment is an agency's key."""
    keys = [value[i : i + 6] for i in range(0, len(value), 7)]
    return ".".join(ranks.of("organizations.Agency", key) for key in keys) + "."


def _value(value: Any, real_now: dt.datetime) -> Any:
    if isinstance(value, dt.datetime):
        return "<clock>" if abs(value - real_now) < dt.timedelta(hours=6) else value.isoformat()
    if isinstance(value, (dt.date, Decimal, uuid.UUID)):
        return str(value) if not isinstance(value, dt.date) else value.isoformat()
    if isinstance(value, dict):
        return {k: _value(v, real_now) for k, v in value.items()}
    if isinstance(value, list):
        return [_value(v, real_now) for v in value]
    return value


def _label_of(model_name: str) -> str:
    return apps.get_model(model_name)._meta.label


def _row(
    model: type[models.Model], row: dict[str, Any], ranks: _Ranks, real_now: dt.datetime
) -> dict[str, Any]:
    label = model._meta.label
    out: dict[str, Any] = {}
    for field in model._meta.concrete_fields:
        value = row[field.attname]
        if field.primary_key and not field.is_relation:
            value = ranks.of(label, value)
        elif field.is_relation:
            value = ranks.of(field.related_model._meta.label, value)  # type: ignore[union-attr]
        else:
            value = _value(value, real_now)
        out[field.name] = value
    # The API's one-time key is a SHA-256 of the filer's key and the actor's key (filing.direct.one_time_key):
    # the actor's key is whatever the sequence gave (another test run, another database), so only its form
    # is compared here; the derivation has its own tests.
    if label == "dossiers.DossierEvent" and SHA256.fullmatch(str(out.get("idempotency_key") or "")):
        out["idempotency_key"] = "<sha256 of the actor's key and the filer's key>"
    # What names another row by text: the audit row's object and details, the outbox's subject.
    if label == "core.AuditEntry":
        target = _label_of(row["object_type"])
        if row["object_type"] == "filing.draft":
            out["object_repr"] = "<procedure's key> · <draft's key>"  # Draft.__str__
        out["object_id"] = ranks.of(target, row["object_id"])
        for side in ("before", "after"):
            details = out[side]
            if isinstance(details, dict):
                for key, other in DETAIL_KEYS.items():
                    if isinstance(details.get(key), int):
                        details[key] = ranks.of(other, details[key])
    for name, value in out.items():
        if isinstance(value, str) and AGENCY_PATH.fullmatch(value):
            out[name] = _path(value, ranks)
    # The statistics name the agency, the procedure and the handler by their keys (plain numbers, no keys).
    if label.startswith("stats."):
        for name, other in STATS_KEYS.items():
            if isinstance(out.get(name), int) and out[name]:
                out[name] = ranks.of(other, out[name])
    # A step's key names a checklist line by its key ("paper-12"): in the steps done and the audit rows.
    if label == "filing.Draft":
        out["done"] = [_step(key, ranks) for key in out["done"]]
    if label == "core.AuditEntry" and isinstance(out["after"], dict) and "step" in out["after"]:
        out["after"]["step"] = _step(out["after"]["step"], ranks)
    if label == "channels.OutboxMessage" and row["subject_type"]:
        out["subject_id"] = ranks.of(_label_of(row["subject_type"]), row["subject_id"])
        out["payload"] = {
            k: LINK_TOKEN.sub(r"\1<token>", v) if isinstance(v, str) else v for k, v in out["payload"].items()
        }
    return out


def _step(key: str, ranks: _Ranks) -> str:
    line = PAPER_STEP.fullmatch(key)
    return f"paper-{ranks.of('procedures.RequiredDocument', line.group(1))}" if line else key


def written(before: dict[str, Any], after: dict[str, Any], real_now: dt.datetime) -> dict[str, Any]:
    """Every row added or changed between the two dumps, as comparable values."""
    ranks = _Ranks(after)
    out: dict[str, Any] = {}
    for model in _models():
        label = model._meta.label
        old, new = before[label], after[label]
        added = [_row(model, new[pk], ranks, real_now) for pk in sorted(set(new) - set(old))]
        changed = [
            [_row(model, old[pk], ranks, real_now), _row(model, new[pk], ranks, real_now)]
            for pk in sorted(set(new) & set(old))
            if old[pk] != new[pk]
        ]
        removed = [_row(model, old[pk], ranks, real_now) for pk in sorted(set(old) - set(new))]
        if added or changed or removed:
            out[label] = {"added": added, "changed": changed, "removed": removed}
    return out


@pytest.fixture
def steady(monkeypatch):
    """The clock fixed and the random parts counted, so two runs write the same values."""
    monkeypatch.setattr(timezone, "now", lambda: FIXED)
    names = (uuid.UUID(int=n) for n in itertools.count(1))
    counted = type("CountedUUID", (), {"uuid4": staticmethod(lambda: next(names))})
    for module in (dossier_models, filing_models):  # a stored file's name; a draft's one-time key
        monkeypatch.setattr(module, "uuid", counted)
    letters = itertools.cycle(codes.REFERENCE_ALPHABET)
    monkeypatch.setattr(codes.secrets, "choice", lambda alphabet: next(letters))


@pytest.fixture
def officers(cast):
    """Desk officers of the counter reached by email, by SMS only, and not at all: the alert's every form."""
    commune = cast.province.commune_a
    make_staff("motcua.email", commune, (Role.DESK_OFFICER,), "Bùi Thị Thư", email="thu@example.vn")
    make_staff("motcua.sms", commune, (Role.DESK_OFFICER,), "Đỗ Văn Tin", phone="0987654321", email="")
    make_staff("motcua.none", commune, (Role.DESK_OFFICER,), "Hà Văn Lặng", email="")


def _check(found: dict[str, Any], name: str) -> None:
    recorded = json.loads(RECORDED.read_text()) if RECORDED.exists() else {}
    if os.environ.get("EGOV_RECORD_FILING_ROWS"):
        recorded[name] = found
        RECORDED.write_text(json.dumps(recorded, ensure_ascii=False, indent=1, sort_keys=True) + "\n")
    assert name in recorded, f"no rows recorded for {name}: EGOV_RECORD_FILING_ROWS=1"
    # Through JSON both ways, so tuples and lists compare alike; the differences listed by where they are.
    found = json.loads(json.dumps(found, ensure_ascii=False))
    assert _differences(found, recorded[name]) == []


def _differences(found: Any, recorded: Any, where: str = "") -> list[str]:
    if isinstance(found, dict) and isinstance(recorded, dict):
        return [
            line
            for key in sorted(set(found) | set(recorded))
            for line in _differences(found.get(key, "<none>"), recorded.get(key, "<none>"), f"{where}.{key}")
        ]
    if isinstance(found, list) and isinstance(recorded, list) and len(found) == len(recorded):
        return [
            line
            for n, pair in enumerate(zip(found, recorded, strict=True))
            for line in _differences(*pair, f"{where}[{n}]")
        ]
    return [] if found == recorded else [f"{where}: {found!r} (recorded: {recorded!r})"]


@pytest.mark.django_db
def test_a_filing_through_the_api_writes_the_rows_it_wrote_before(
    client, cast, online, citizen, officers, steady
):
    client.force_login(citizen)
    filing = {
        "procedure": online.procedure.code,
        "agency": online.counter.code,
        "applicant": {"phone": "0912345678", "address": "Xã An Bình"},
        "answers": {**ANSWERS_PAGE_1, **ANSWERS_PAGE_2},
    }
    data = {
        "filing": json.dumps(filing),
        f"paper-{online.certificate.pk}": SimpleUploadedFile("to-khai.png", png_bytes("a"), "image/png"),
        f"paper-{online.proxy.pk}": SimpleUploadedFile("uy-quyen.png", png_bytes("b"), "image/png"),
    }
    real_now = dt.datetime.now(dt.UTC)
    before = _dump()
    answer = client.post("/api/v1/filings", data, headers={"Idempotency-Key": "rows-1"})
    assert answer.status_code == 201, answer.content
    found = written(before, _dump(), real_now)
    assert {"dossiers.Dossier", "dossiers.Attachment", "channels.OutboxMessage", "core.AuditEntry"} <= set(
        found
    )
    _check(found, "api")


@pytest.mark.django_db
def test_a_filing_through_the_pages_writes_the_rows_it_wrote_before(
    client, cast, online, citizen, officers, steady
):
    draft = services.start(actor=citizen, procedure=online.procedure)
    draft = services.save_who(actor=citizen, draft=draft, organisation=None)
    draft = services.save_applicant(actor=citizen, draft=draft, applicant=APPLICANT)
    draft = services.save_answers(actor=citizen, draft=draft, step="form-1", answers=ANSWERS_PAGE_1)
    draft = services.save_answers(actor=citizen, draft=draft, step="form-2", answers=ANSWERS_PAGE_2)
    draft = services.choose_agency(actor=citizen, draft=draft, agency=online.counter)
    client.force_login(citizen)
    real_now = dt.datetime.now(dt.UTC)
    before = _dump()
    for line, name in ((online.certificate, "to-khai.png"), (online.proxy, "uy-quyen.png")):
        upload = SimpleUploadedFile(name, png_bytes(name), "image/png")
        answer = client.post(
            f"/nop-truc-tuyen/{draft.pk}/giay-to/{line.pk}/", {"action": "continue", "file": upload}
        )
        assert answer.status_code == 302, answer.content
    answer = client.post(f"/nop-truc-tuyen/{draft.pk}/kiem-tra/")
    assert answer.status_code == 302 and answer["Location"].endswith("/da-nop/"), answer.content
    found = written(before, _dump(), real_now)
    assert Draft.objects.get(pk=draft.pk).dossier is not None
    assert {"filing.DraftPaper", "dossiers.Dossier", "channels.OutboxMessage"} <= set(found)
    _check(found, "pages")
