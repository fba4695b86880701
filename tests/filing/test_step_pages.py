"""The filing pages a newcomer stumbled on: the step count starts at 1 and counts only the pages this
filing shows, and the error summary names each field it links to."""

from __future__ import annotations

import re

from django.urls import reverse

from egov.filing import services


def _caption(page: str) -> tuple[int, int]:
    found = re.search(r"Bước (\d+)/(\d+)", page)
    assert found, page[:2000]
    return int(found.group(1)), int(found.group(2))


def test_the_first_page_shown_is_step_1_of_the_pages_shown(client, online, citizen) -> None:
    draft = services.start(actor=citizen, procedure=online.procedure)
    client.force_login(citizen)
    # Nobody else to file for: "who files" answers itself, so the applicant page is the first one shown.
    who = client.get(reverse("filing:who", args=(draft.pk,)))
    assert who.status_code == 302 and who.url == reverse("filing:applicant", args=(draft.pk,))
    first = _caption(client.get(who.url).content.decode())
    place = _caption(client.get(reverse("filing:place", args=(draft.pk,))).content.decode())
    # applicant, two form pages, two papers, where to file.
    assert first == (1, 6) and place == (6, 6)


def test_the_error_summary_names_each_field(client, online, citizen) -> None:
    draft = services.start(actor=citizen, procedure=online.procedure)
    draft = services.save_who(actor=citizen, draft=draft, organisation=None)
    client.force_login(citizen)
    page = client.post(
        reverse("filing:applicant", args=(draft.pk,)), {"name": "", "id_number": "123", "address": "x"}
    ).content.decode()
    summary = page[
        page.index('class="error-summary"') : page.index("</div>", page.index('class="error-summary"'))
    ]
    links = re.findall(r'<a href="#(id_[a-z_]+)">([^<]+)</a>', summary)
    labels = {"id_name": "Họ và tên", "id_id_number": "Số định danh cá nhân"}
    assert {anchor for anchor, _text in links} >= set(labels)
    for anchor, text in links:
        if anchor in labels:
            assert labels[anchor].lower() in text.lower(), text


def test_a_message_that_does_not_name_its_field_is_prefixed_with_its_label(client, online, citizen) -> None:
    draft = services.start(actor=citizen, procedure=online.procedure)
    client.force_login(citizen)
    page = client.post(
        reverse("filing:form", args=(draft.pk, 1)), {"ho_ten_cha": "Nguyễn Văn Bố", "ngay_sinh": "2999-01-01"}
    ).content.decode()
    (text,) = re.findall(r'<a href="#id_ngay_sinh">([^<]+)</a>', page)
    assert text.startswith("Ngày sinh của con: "), text
