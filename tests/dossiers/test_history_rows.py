"""The dossier page's "Time per step" rows and "Processing history" items, written in Python
(egov/dossiers/templatetags/dossier_history.py), are what the template loops they replaced wrote."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.template import Context, Engine
from django.urls import reverse
from django.utils import translation

from egov.dossiers import selectors
from egov.dossiers.templatetags.dossier_history import timeline_items, visit_rows
from tests.dossiers.conftest import MONDAY, hours, receive, step
from tests.markup import tags

pytestmark = pytest.mark.django_db

#: The two loops of dossiers/detail.html before they were written in Python.
BEFORE = Path(__file__).parent / "data" / "history_before.html"


def _both(dossier, language: str) -> tuple[str, str]:
    visits, events = selectors.visits(dossier), selectors.timeline(dossier)
    with translation.override(language):
        before = Engine.get_default().from_string(BEFORE.read_text(encoding="utf-8"))
        old = before.render(Context({"visits": visits, "events": events}))
        rows, items = visit_rows(visits), timeline_items(events)
        new = f'<table>\n<tbody>{rows}</tbody>\n</table>\n<ol class="timeline">{items}</ol>'
    return old, new


@pytest.mark.parametrize("language", ["vi", "en"])
def test_every_kind_of_row_is_the_template_s(cast, flows, language) -> None:
    # A step taken and one finished by another, a return with a reason of several lines and markup in it,
    # a supplement asked (status changes without a step change), an open stay (its hours so far, late).
    d = receive(cast, flows.simple)
    d = step(d, "forward", cast.desk_officer, MONDAY + hours(1))
    d = step(d, "assign", cast.specialist, MONDAY + hours(2), handler=cast.specialist.user)
    d = step(d, "submit_for_approval", cast.specialist, MONDAY + hours(3))
    d = step(
        d, "send_back", cast.leader, MONDAY + hours(4), reason="Thiếu căn cứ <b>pháp lý</b>\nvà & bản sao"
    )
    d = step(d, "request_supplement", cast.specialist, MONDAY + hours(5), reason="Bổ sung giấy tờ")
    old, new = _both(d, language)
    assert tags(new) == tags(old)
    assert "&lt;b&gt;pháp lý&lt;/b&gt;<br>và &amp; bản sao" in new  # escaped, then its lines broken
    assert new.count("<tr>") == 4 and new.count("<li>") == 6  # receive, process, approve, process again


def test_a_dossier_without_a_stay_says_so_as_before(cast, flows) -> None:
    from egov.dossiers.models import StepVisit

    d = receive(cast, flows.simple)
    StepVisit.objects.filter(dossier=d).delete()
    old, new = _both(d, "vi")
    assert tags(new) == tags(old) and 'colspan="7"' in new


def test_the_page_shows_the_rows(cast, flows, login) -> None:
    d = receive(cast, flows.simple)
    d = step(d, "forward", cast.desk_officer, MONDAY + hours(1))
    page = login(cast.specialist).get(reverse("dossiers:detail", args=[d.pk])).content.decode()
    assert str(timeline_items(selectors.timeline(d))) in page
    # The closed stay's row (an open one's hours follow the clock).
    closed = [v for v in selectors.visits(d) if v.finished_at is not None]
    assert closed and str(visit_rows(closed)) in page
