"""Audit actions are shown by name, in Vietnamese, never as their codes (issue 9, item 12)."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest
from django.urls import reverse
from django.utils import translation

from egov.backoffice import audit_labels
from egov.core.models import AuditEntry
from egov.dossiers.transitions import CREATION_LABELS, TABLE
from tests.dossiers.conftest import MONDAY, flows, receive, step  # noqa: F401  (flows: the fixture)

pytestmark = pytest.mark.django_db

EGOV = Path(__file__).resolve().parents[2] / "egov"
#: The functions that write an audit entry, and the position of the action code among their arguments.
WRITERS = {"record": 1, "_attempt": 0, "_save_rows": 5}


def _codes_in(node: ast.AST) -> set[str]:
    return {
        n.value
        for n in ast.walk(node)
        if isinstance(n, ast.Constant)
        and isinstance(n.value, str)
        and re.fullmatch(r"[a-z_]+(\.[a-z_]+)*", n.value)
    }


def recorded_codes() -> set[str]:
    """Every literal action code the code base passes to an audit writer."""
    found: set[str] = set()
    for path in EGOV.rglob("*.py"):
        if "migrations" in path.parts:
            continue
        for call in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not isinstance(call, ast.Call):
                continue
            name = call.func.attr if isinstance(call.func, ast.Attribute) else getattr(call.func, "id", "")
            where = WRITERS.get(name)
            if where is not None and len(call.args) > where:
                found |= _codes_in(call.args[where])
    return found


def test_the_scan_finds_the_writers():
    codes = recorded_codes()
    assert {"login", "login.failed", "staff.roles", "procedure.fees", "calendar.sync.update"} <= codes


def test_every_action_the_code_records_has_a_name():
    with translation.override("vi"):
        unnamed = sorted(c for c in recorded_codes() if audit_labels.label_of(c) == "Thay đổi khác")
    assert unnamed == []


def test_every_dossier_move_has_a_name_in_the_log():
    with translation.override("vi"):
        for action in [*TABLE, *CREATION_LABELS]:
            label = audit_labels.label_of(f"dossier.{action}")
            assert label != "Thay đổi khác" and "dossier." not in label, action


def test_an_unknown_code_is_never_shown_raw():
    with translation.override("vi"):
        assert audit_labels.label_of("something.new") == "Thay đổi khác"


def test_the_audit_screens_show_names_in_vietnamese_not_codes(cast, flows, login):  # noqa: F811
    d = receive(cast, flows.simple)
    step(d, "forward", cast.desk_officer, MONDAY)
    client = login(cast.auditor)
    with translation.override("vi"):
        html = client.get(reverse("core:audit_list")).content.decode()
        entry = AuditEntry.objects.get(action="dossier.forward")
        detail = client.get(reverse("core:audit_detail", args=[entry.pk])).content.decode()
    rows = html.split("<tbody>")[1].split("</tbody>")[0]
    assert "Tiếp nhận tại Bộ phận Một cửa" in rows and "Thêm cán bộ" in rows
    assert not re.search(r">\s*(dossier|staff|agency)\.[a-z_]+\s*<", rows)
    assert str(TABLE["forward"].label) not in ("", "forward")
    with translation.override("vi"):
        assert str(TABLE["forward"].label) in detail
    assert "<code>dossier.forward</code>" not in detail


def test_the_filter_offers_names_and_still_filters_by_code(cast, flows, login):  # noqa: F811
    receive(cast, flows.simple)
    with translation.override("vi"):
        page = login(cast.auditor).get(reverse("core:audit_list"), {"action": "dossier.receive"})
    html = page.content.decode()
    assert '<option value="dossier.receive" selected>Tiếp nhận tại Bộ phận Một cửa</option>' in html
    assert {e.action for e in page.context["page_obj"]} == {"dossier.receive"}


def test_the_dossier_history_shows_moves_by_name(cast, flows, login):  # noqa: F811
    d = receive(cast, flows.simple)
    step(d, "forward", cast.desk_officer, MONDAY)
    with translation.override("vi"):
        html = login(cast.desk_officer).get(reverse("dossiers:detail", args=[d.pk])).content.decode()
        forward = str(TABLE["forward"].label)
    history = html.split('id="timeline-title"')[1].split("</section>")[0]
    assert "Tiếp nhận tại Bộ phận Một cửa" in history and forward in history
    assert "forward" not in history and "receive" not in history
