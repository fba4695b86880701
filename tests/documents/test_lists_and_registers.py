"""The documents list flags and filters overdue documents; the registers live at Vietnamese addresses (the
English ones redirect permanently), offer only the years that hold documents, and open for everyone the
reports page sends there."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from egov.documents import services
from egov.documents.models import Document, Register, Status
from tests.documents.conftest import received

TODAY = timezone.localdate()


def _numbers(response) -> list[str]:
    """The number and symbol of each row of the list, in order."""
    return re.findall(r'href="/van-ban/\d+/">([^<]+)</a>', response.content.decode())


@pytest.fixture
def three(office):
    """An open document past its deadline, one due later, and a completed one whose deadline passed."""
    late = received(office, number_symbol="1/UBND-LATE", due_on=TODAY - dt.timedelta(days=1))
    later = received(office, number_symbol="2/UBND-LATER", due_on=TODAY + dt.timedelta(days=5))
    done = received(office, number_symbol="3/UBND-DONE", due_on=TODAY - dt.timedelta(days=9))
    Document.objects.filter(pk=done.pk).update(status=Status.DONE)
    return late, later, done


def test_an_open_incoming_document_past_its_deadline_has_the_overdue_badge(login, office, three):
    page = login(office.clerk).get(reverse("documents:list")).content.decode()
    rows = {m: row for row in page.split("<tr") for m in ("LATE", "LATER", "DONE") if f"UBND-{m}<" in row}
    assert "overdue-badge" in rows["LATE"]
    assert "overdue-badge" not in rows["LATER"] and "overdue-badge" not in rows["DONE"]


def test_the_list_filters_the_overdue_documents(login, office, three):
    response = login(office.clerk).get(reverse("documents:list"), {"qua-han": "1"})
    assert _numbers(response) == ["1/UBND-LATE"]


def test_the_list_sorts_by_the_nearest_deadline(login, office, three):
    newest_first = _numbers(login(office.clerk).get(reverse("documents:list")))
    assert newest_first == ["3/UBND-DONE", "2/UBND-LATER", "1/UBND-LATE"]
    by_deadline = _numbers(login(office.clerk).get(reverse("documents:list"), {"sap-xep": "han"}))
    assert by_deadline == ["3/UBND-DONE", "1/UBND-LATE", "2/UBND-LATER"]


def test_the_pages_of_a_filtered_list_keep_the_filter(login, office):
    for i in range(26):
        received(office, number_symbol=f"{i}/UBND-X", due_on=TODAY - dt.timedelta(days=1))
    page = login(office.clerk).get(reverse("documents:list"), {"qua-han": "1"}).content.decode()
    assert 'href="?qua-han=1&amp;page=2"' in page or 'href="?qua-han=1&page=2"' in page


def test_the_register_addresses_are_vietnamese(office):
    assert reverse("documents:register", args=["incoming", 2026]) == "/van-ban/so/den/2026/"
    assert reverse("documents:register", args=["outgoing", 2026]) == "/van-ban/so/di/2026/"
    assert reverse("documents:register_pdf", args=["outgoing", 2026]) == "/van-ban/so/di/2026/in/"


@pytest.mark.parametrize(
    ("old", "new"),
    [
        ("/van-ban/so/incoming/2026/", "/van-ban/so/den/2026/"),
        ("/van-ban/so/outgoing/2025/", "/van-ban/so/di/2025/"),
        ("/van-ban/so/incoming/2026/in/?so=mat", "/van-ban/so/den/2026/in/?so=mat"),
    ],
)
def test_the_english_register_addresses_redirect_permanently(login, office, old, new):
    response = login(office.clerk).get(old)
    assert response.status_code == 301 and response["Location"] == new


def test_a_register_of_no_direction_is_404(login, office):
    assert login(office.clerk).get("/van-ban/so/sideways/2026/").status_code == 404
    assert login(office.clerk).get("/van-ban/so/sideways/2026/in/").status_code == 404


def test_the_register_offers_the_years_with_documents_and_this_year_only(login, office):
    doc = received(office)
    services.register(doc, actor=office.clerk.user)
    year = Register.objects.get().year
    Register.objects.create(agency=office.commune, year=year - 3, direction="incoming", last=4)
    Register.objects.create(agency=office.commune, year=year - 2, direction="incoming", last=0)  # none
    url = reverse("documents:register", args=["incoming", year - 3])
    page = login(office.clerk).get(url).content.decode()
    offered = sorted(int(y) for y in re.findall(r'id="register-year-(\d+)"', page))
    assert offered == sorted({year, TODAY.year})
    assert f'id="register-year-{TODAY.year + 1}"' not in page


def test_a_leader_has_the_link_to_the_registers_on_the_documents_list(login, office):
    page = login(office.leader).get(reverse("documents:list")).content.decode()
    assert 'id="registers-link"' in page
    assert reverse("documents:register", args=["incoming", TODAY.year]) in page


def test_a_specialist_has_no_link_to_the_registers(login, office):
    page = login(office.specialist).get(reverse("documents:list")).content.decode()
    assert 'id="registers-link"' not in page


def test_every_register_link_of_the_reports_page_opens_for_its_reader(login, cast, office):
    """The auditor reads the e-office reports, which link to the registers: they must open (they answered
    403 before)."""
    for who in (cast.auditor, office.clerk, office.leader):
        c = login(who)
        page = c.get(reverse("documents:reports")).content.decode()
        links = set(re.findall(r'href="(/van-ban/so/[^"]+)"', page))
        assert len(links) == 4
        assert {link: c.get(link).status_code for link in links} == dict.fromkeys(links, 200)
