"""The office drafts the week, publishes it to the staff; a change after publication is marked and those
concerned are told through the outbox. No legal text fixes this schedule (docs/tasks.md)."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from pypdf import PdfReader

from egov.channels.models import OutboxMessage
from egov.core.models import AuditEntry
from egov.schedule import printing, selectors, services
from egov.schedule.models import Entry, Week
from tests.documents.conftest import MONDAY
from tests.schedule.conftest import WEEK, added, spec


def test_a_draft_week_is_seen_by_its_editors_only_and_tells_nobody(office):
    added(office)
    assert OutboxMessage.objects.count() == 0
    editor = selectors.week_for(office.clerk.user, office.commune, WEEK)
    staff = selectors.week_for(office.specialist.user, office.commune, WEEK)
    assert editor is not None and sum(len(d.entries) for d in editor.days) == 1
    assert staff is not None and not staff.published and sum(len(d.entries) for d in staff.days) == 0


def test_publishing_shows_the_week_to_the_staff_and_tells_its_leaders(office):
    added(office)
    services.publish(actor=office.clerk.user, agency=office.commune, monday=WEEK, now=MONDAY)
    staff = selectors.week_for(office.specialist.user, office.commune, WEEK)
    assert staff is not None and staff.published
    assert [e.content for d in staff.days for e in d.entries] == ["Họp giao ban UBND xã"]
    told = [m.payload["to"] for m in OutboxMessage.objects.all()]
    assert told == ["chutich@anbinh.example"]  # the leader on it, once
    assert AuditEntry.objects.filter(action="schedule.publish").count() == 1
    with pytest.raises(ValidationError):
        services.publish(actor=office.clerk.user, agency=office.commune, monday=WEEK, now=MONDAY)


def test_another_agencys_staff_do_not_read_the_week(office):
    assert selectors.week_for(office.outsider.user, office.commune, WEEK) is None


def test_a_change_after_publication_is_marked_and_tells_those_concerned(office):
    entry = added(office)
    services.publish(actor=office.clerk.user, agency=office.commune, monday=WEEK, now=MONDAY)
    before = OutboxMessage.objects.count()
    changed = services.change_entry(
        actor=office.clerk.user, entry=entry, spec=spec(office, starts_at=dt.time(14, 0), place="Hội trường")
    )
    assert changed.changed and changed.change_note == "thay đổi: thời gian, địa điểm"
    told = {m.payload["to"] for m in OutboxMessage.objects.all()[before:]}
    assert told == {"chutich@anbinh.example", "soan@anbinh.example"}


def test_a_change_before_publication_is_not_marked(office):
    entry = added(office)
    changed = services.change_entry(
        actor=office.clerk.user, entry=entry, spec=spec(office, place="Hội trường")
    )
    assert not changed.changed and changed.place == "Hội trường" and OutboxMessage.objects.count() == 0


def test_a_published_entry_cancelled_stays_struck_with_its_reason(office):
    entry = added(office)
    draft = added(office, content="Tiếp công dân")
    services.cancel_entry(actor=office.clerk.user, entry=draft)
    assert not Entry.objects.filter(pk=draft.pk).exists()
    services.publish(actor=office.clerk.user, agency=office.commune, monday=WEEK, now=MONDAY)
    with pytest.raises(ValidationError):
        services.cancel_entry(actor=office.clerk.user, entry=entry, reason="")
    services.cancel_entry(actor=office.clerk.user, entry=entry, reason="Lãnh đạo đi công tác")
    entry.refresh_from_db()
    assert entry.cancelled and entry.changed and "Lãnh đạo đi công tác" in entry.change_note


def test_only_the_office_or_a_leader_edits(office):
    with pytest.raises(PermissionDenied):
        services.add_entry(actor=office.specialist.user, agency=office.commune, spec=spec(office))
    with pytest.raises(ValidationError):
        # the specialist is not a leader of the commune
        services.add_entry(
            actor=office.clerk.user, agency=office.commune, spec=spec(office, leader=office.specialist.user)
        )
    assert not Week.objects.exists() and not Entry.objects.exists()


def test_the_head_of_the_office_edits_the_schedule(office):
    from egov.organizations.roles import Role
    from tests.factories import make_staff

    head = make_staff("chanhvp.anbinh", office.commune_office, (Role.LEADER,), "Chánh Văn Phòng")
    entry = services.add_entry(actor=head.user, agency=office.commune, spec=spec(office))
    assert entry.week.agency == office.commune


def test_the_printed_week_is_a_landscape_table_by_day(office):
    added(office)
    added(
        office, day=WEEK + dt.timedelta(days=1), starts_at=dt.time(14, 0), content="Làm việc với Sở Tư pháp"
    )
    services.publish(actor=office.clerk.user, agency=office.commune, monday=WEEK, now=MONDAY)
    view = selectors.week_for(office.specialist.user, office.commune, WEEK)
    reader = PdfReader(io.BytesIO(printing.week_pdf(view)))
    page = reader.pages[0]
    assert page.mediabox.width > page.mediabox.height  # landscape
    text = page.extract_text()
    for expected in (
        "LỊCH CÔNG TÁC TUẦN",
        "01/06/2026",
        "07/06/2026",
        "Thứ Ba",
        "Họp giao ban UBND xã",
        "Làm việc với Sở Tư pháp",
        "Phòng họp tầng 2",
        "14:00",
        "Nguyễn Văn Chủ",
    ):
        assert expected in text, expected
