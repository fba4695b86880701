"""Each persona's home shows the documents waiting for them, each count linking to the list it counts."""

from __future__ import annotations

import datetime as dt
import html
import re

import pytest
from django.utils import timezone

from egov.documents import services
from tests.documents.conftest import received


def _tiles(page: str) -> dict[str, tuple[int, str]]:
    """The home's document tiles: key → (count shown, the list's address)."""
    found = re.findall(r'<a href="([^"]+)" id="work-([a-z_]+)"[^>]*><span class="stat">(\d+)</span>', page)
    return {key: (int(n), html.unescape(url)) for url, key, n in found}


def _rows(client, url: str) -> int:
    return len(re.findall(r'href="/van-ban/\d+/"', client.get(url).content.decode()))


@pytest.fixture
def documents(office):
    yesterday = timezone.localdate() - dt.timedelta(days=1)
    received(office, number_symbol="1/A")  # to register
    received(office, number_symbol="2/A", due_on=yesterday)  # to register, and overdue
    second = services.register(received(office, number_symbol="3/A"), actor=office.clerk.user)  # to submit
    third = services.register(received(office, number_symbol="4/A"), actor=office.clerk.user)
    services.submit(third, actor=office.clerk.user)  # waits for the leader's instruction
    return second, third


def test_the_clerks_home_counts_the_documents_to_register_and_to_submit(login, office, documents):
    c = login(office.clerk)
    tiles = _tiles(c.get("/").content.decode())
    assert {k: n for k, (n, _url) in tiles.items()} == {
        "to_register": 2,
        "to_submit": 1,
        "to_issue": 0,
        "overdue": 1,
    }


def test_the_leaders_home_counts_the_documents_waiting_for_the_instruction(login, office, documents):
    tiles = _tiles(login(office.leader).get("/").content.decode())
    assert tiles["to_instruct"][0] == 1 and tiles["to_sign"][0] == 0 and tiles["overdue"][0] == 1


def test_the_overdue_count_follows_the_day_with_its_statement_kept(login, office, documents, monkeypatch):
    """The counts' SQL is compiled once per viewer (egov.core.kept_sql), and on each day the same statement
    counts the documents overdue that day: the one due yesterday today and two days on (the others have no
    deadline), none two days ago."""
    from egov.documents import selectors

    today = timezone.localdate()
    for day, overdue in ((today, 1), (today - dt.timedelta(days=2), 0), (today + dt.timedelta(days=2), 1)):
        monkeypatch.setattr(selectors.timezone, "localdate", lambda day=day: day)
        counts = {w.key: n for w, n in selectors.work_for(office.clerk.user)}
        assert counts["overdue"] == overdue, day


@pytest.mark.parametrize("who", ["clerk", "leader"])
def test_every_count_on_the_home_opens_a_list_of_as_many_documents(login, office, documents, who):
    c = login(getattr(office, who))
    tiles = _tiles(c.get("/").content.decode())
    assert tiles
    assert {k: _rows(c, url) for k, (_n, url) in tiles.items()} == {k: n for k, (n, _url) in tiles.items()}


def test_the_clerks_home_links_to_the_registers_and_the_reports(login, office):
    page = login(office.clerk).get("/").content.decode()
    assert 'href="/van-ban/so/den/' in page and 'href="/van-ban/so/di/' in page
    assert 'id="documents-reports-link"' in page


def test_a_desk_officer_has_no_documents_panel(login, cast, office):
    assert 'id="documents-work"' not in login(cast.desk_officer).get("/").content.decode()


def test_an_account_that_reads_no_document_counts_none(office):
    """A grant on an account that is not staff's (a citizen's) reads nothing: every count 0, no error."""
    from django.contrib.auth import get_user_model

    from egov.documents import selectors
    from egov.organizations.models import RoleGrant

    citizen = get_user_model().objects.create_user("cong.dan.thu", password="x" * 12, is_citizen=True)
    RoleGrant.objects.create(user=citizen, agency=office.clerk.agency, role="clerk")
    counts = selectors.work_for(citizen)
    assert counts and all(n == 0 for _work, n in counts)
