"""offers_for: what the citizen already has for each line of a procedure's checklist."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from egov.datastore.models import StoredPaper
from egov.datastore.selectors import offers_for
from egov.procedures.models import RequiredDocument
from tests.datastore.conftest import accept, pdf, submit


def _lines(procedure):
    return {d.name: d.pk for d in RequiredDocument.objects.filter(procedure=procedure)}


def test_every_checklist_line_gets_its_offers_matched_by_requirement_or_folded_name(cast, coded, citizen):
    accept(cast, submit(cast, coded.simple, citizen, files=[pdf("a.pdf"), pdf("b.pdf"), pdf("c.pdf")]))
    lines = _lines(coded.simple)
    a, b, _ = StoredPaper.objects.order_by("attachment__name")
    # a: kept for the line itself; b: named like the other line, in other case and without diacritics;
    # c: something else.
    a.requirement_id = lines["Tờ khai đề nghị cấp bản sao"]
    a.name = "Tờ khai (bản scan)"
    a.save()
    b.name = "GIAY UY QUYEN "
    b.save()
    offers = offers_for(citizen, coded.simple)
    assert list(offers) == [lines["Tờ khai đề nghị cấp bản sao"], lines["Giấy ủy quyền"]]
    assert offers[lines["Tờ khai đề nghị cấp bản sao"]] == [a]
    assert offers[lines["Giấy ủy quyền"]] == [b]


def test_a_paper_kept_for_one_procedure_is_offered_for_another_asking_for_it(cast, coded, citizen):
    accept(cast, submit(cast, coded.simple, citizen, files=[pdf("uq.pdf")]))
    StoredPaper.objects.update(name="Giấy ủy quyền")
    other = RequiredDocument.objects.create(procedure=coded.inter, name="Giấy uỷ quyền", sort_order=1)
    # "uỷ" and "ủy" (the two placements of the tone mark) fold alike.
    assert [p.name for p in offers_for(citizen, coded.inter)[other.pk]] == ["Giấy ủy quyền"]


def test_expired_and_removed_papers_are_not_offered(cast, coded, citizen):
    accept(cast, submit(cast, coded.simple, citizen, files=[pdf("a.pdf"), pdf("b.pdf"), pdf("c.pdf")]))
    StoredPaper.objects.update(name="Giấy ủy quyền")
    a, b, c = StoredPaper.objects.order_by("attachment__name")
    today = timezone.localdate()
    a.valid_until = today - dt.timedelta(days=1)
    a.save()
    b.removed_at = timezone.now()
    b.save()
    c.valid_until = today
    c.save()
    line = _lines(coded.simple)["Giấy ủy quyền"]
    assert offers_for(citizen, coded.simple)[line] == [c]


def test_offers_are_the_persons_or_the_organisations_and_no_one_elses(
    cast, coded, citizen, other_citizen, organisation
):
    accept(cast, submit(cast, coded.simple, citizen, files=[pdf("own.pdf")]))
    accept(cast, submit(cast, coded.simple, citizen, files=[pdf("org.pdf")], organisation=organisation))
    StoredPaper.objects.update(name="Giấy ủy quyền")
    line = _lines(coded.simple)["Giấy ủy quyền"]
    assert [p.attachment.name for p in offers_for(citizen, coded.simple)[line]] == ["own.pdf"]
    assert [p.attachment.name for p in offers_for(citizen, coded.simple, organisation)[line]] == ["org.pdf"]
    assert offers_for(other_citizen, coded.simple)[line] == []
    assert offers_for(other_citizen, coded.simple, organisation)[line] == []  # not a member


def test_a_file_named_as_the_paper_is_offered_for_it(cast, coded, citizen):
    accept(cast, submit(cast, coded.simple, citizen, files=[pdf("Giấy ủy quyền.pdf")]))
    [kept] = StoredPaper.objects.all()
    assert kept.name == "Giấy ủy quyền"
    assert offers_for(citizen, coded.simple)[_lines(coded.simple)["Giấy ủy quyền"]] == [kept]
