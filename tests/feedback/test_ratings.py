"""Rating a returned dossier (Decree 118/2025 art. 33.1) and the satisfaction figures the reports read."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from egov.channels.models import OutboxMessage
from egov.citizens.models import Membership, Organisation
from egov.core.models import AuditEntry
from egov.dossiers.models import Dossier
from egov.feedback import criteria, links, selectors, services
from egov.feedback.criteria import Level
from egov.feedback.models import Rating, RatingChannel
from egov.organizations.models import Role
from tests.factories import make_staff

from .conftest import ALL_SATISFIED, MONDAY, hours, receive, returned

pytestmark = pytest.mark.django_db


def test_owner_rates_the_returned_dossier_on_the_decree_118_art_33_1_contents(
    cast, returned_dossier, citizen
):
    rating = services.rate(actor=citizen, dossier=returned_dossier, levels=ALL_SATISFIED, comment="Tốt")
    assert (rating.agency, rating.procedure) == (cast.province.commune_a, returned_dossier.procedure)
    assert rating.criteria_version == "decree-118-2025"
    assert rating.level == Level.SATISFIED and rating.channel == RatingChannel.ONLINE
    assert rating.rated_by == citizen
    keys = {c.key for c in criteria.DECREE_118.criteria}
    assert set(rating.levels) == keys == set(ALL_SATISFIED)
    assert AuditEntry.objects.filter(action="feedback.rate", object_id=str(rating.pk)).exists()


def test_a_dossier_is_rated_once(returned_dossier, citizen):
    services.rate(actor=citizen, dossier=returned_dossier, levels=ALL_SATISFIED)
    with pytest.raises(ValidationError):
        services.rate(actor=citizen, dossier=returned_dossier, levels={k: 3 for k in ALL_SATISFIED})
    assert Rating.objects.get().level == Level.SATISFIED


def test_no_rating_before_the_result_is_returned(cast, flows, citizen):
    d = receive(cast, flows.simple)
    Dossier.objects.filter(pk=d.pk).update(owner=citizen)
    with pytest.raises(ValidationError):
        services.rate(actor=citizen, dossier=d.pk, levels=ALL_SATISFIED)
    assert not Rating.objects.exists()


def test_another_citizen_may_not_rate_an_organisation_member_may(cast, flows, citizen, other_citizen):
    d = returned(cast, flows.simple, owner=citizen)
    with pytest.raises(PermissionDenied):
        services.rate(actor=other_citizen, dossier=d, levels=ALL_SATISFIED)
    firm = Organisation.objects.create(tax_code="0101234567", name="Công ty TNHH An Bình")
    Dossier.objects.filter(pk=d.pk).update(organisation=firm)
    Membership.objects.create(organisation=firm, user=other_citizen)
    assert services.rate(actor=other_citizen, dossier=d, levels=ALL_SATISFIED).rated_by == other_citizen


def test_staff_may_not_rate_for_the_applicant(cast, returned_dossier):
    with pytest.raises(PermissionDenied):
        services.rate(actor=cast.desk_officer.user, dossier=returned_dossier, levels=ALL_SATISFIED)


def test_every_required_content_needs_a_level_the_optional_ones_may_be_left(returned_dossier, citizen):
    missing = {k: v for k, v in ALL_SATISFIED.items() if k != "attitude"}
    with pytest.raises(ValidationError) as refused:
        services.rate(actor=citizen, dossier=returned_dossier, levels=missing)
    assert "attitude" in refused.value.message_dict
    with pytest.raises(ValidationError):
        services.rate(actor=citizen, dossier=returned_dossier, levels={**ALL_SATISFIED, "time": 7})
    assert not Rating.objects.exists()
    required = {k: v for k, v in ALL_SATISFIED.items() if k not in ("explanations", "online")}
    assert set(services.rate(actor=citizen, dossier=returned_dossier, levels=required).levels) == set(
        required
    )


def test_overall_level_is_the_worst_content_and_very_satisfied_only_when_all_are():
    assert criteria.overall({"a": 3, "b": 3}) == Level.VERY_SATISFIED
    assert criteria.overall({"a": 3, "b": 2}) == Level.SATISFIED
    assert criteria.overall({"a": 3, "b": 1}) == Level.NOT_SATISFIED


def test_not_satisfied_is_told_to_the_agency_and_its_own_leaders(cast, returned_dossier, citizen):
    agency = cast.province.commune_a
    agency.email = "xaanbinh@example.gov.vn"
    agency.save(update_fields=["email"])
    chair = make_staff(
        "chutich.anbinh", agency, (Role.LEADER,), "Đinh Văn Chủ", email="chutich@example.gov.vn"
    )
    levels = {**ALL_SATISFIED, "attitude": 1}
    rating = services.rate(
        actor=citizen, dossier=returned_dossier, levels=levels, comment="Phải đi lại 3 lần"
    )
    assert rating.level == Level.NOT_SATISFIED
    sent = [
        m
        for m in OutboxMessage.objects.about(returned_dossier)
        if "Phải đi lại 3 lần" in m.payload.get("body", "")
    ]
    assert sorted(m.payload["to"] for m in sent) == ["chutich@example.gov.vn", "xaanbinh@example.gov.vn"]
    assert chair.user.email == "chutich@example.gov.vn"


def test_a_satisfied_rating_tells_nobody(cast, returned_dossier, citizen):
    cast.province.commune_a.email = "xaanbinh@example.gov.vn"
    cast.province.commune_a.save(update_fields=["email"])
    before = OutboxMessage.objects.count()
    services.rate(actor=citizen, dossier=returned_dossier, levels=ALL_SATISFIED)
    assert OutboxMessage.objects.count() == before


def _form(levels: dict[str, int], comment: str = "") -> dict[str, str]:
    return {**{f"c_{k}": str(v) for k, v in levels.items()}, "comment": comment}


def test_the_printed_link_rates_without_an_account_once(client, returned_dossier):
    url = links.rating_link(returned_dossier.pk).split("127.0.0.1:8000", 1)[1]
    assert client.get(url).status_code == 200
    response = client.post(url, _form({**ALL_SATISFIED, "lawful": 3}, "Nhanh"))
    assert response.status_code == 200
    rating = Rating.objects.get(dossier=returned_dossier)
    assert rating.channel == RatingChannel.LINK and rating.rated_by is None and rating.comment == "Nhanh"
    again = client.post(url, _form({k: 1 for k in ALL_SATISFIED}))
    assert Rating.objects.get().level == Level.SATISFIED
    assert "đã được đánh giá" in again.content.decode()


def test_a_forged_or_other_dossiers_token_is_refused(client, cast, flows, returned_dossier):
    other = returned(cast, flows.simple)
    token = links.token_for(other.pk)
    url = reverse("feedback:rate_by_link", args=[returned_dossier.pk, token])
    assert client.get(url).status_code == 404
    assert client.post(url, _form(ALL_SATISFIED)).status_code == 404
    forged = reverse("feedback:rate_by_link", args=[returned_dossier.pk, "x" * 27])
    assert client.post(forged, _form(ALL_SATISFIED)).status_code == 404
    assert not Rating.objects.exists()


def test_an_incomplete_form_keeps_the_choices_and_says_what_is_missing(client, returned_dossier):
    url = reverse("feedback:rate_by_link", args=[returned_dossier.pk, links.token_for(returned_dossier.pk)])
    choices = {k: v for k, v in ALL_SATISFIED.items() if k != "time"}
    response = client.post(url, _form(choices, "Giữ lại"))
    assert response.status_code == 400
    page = response.content.decode()
    assert "Chọn một mức cho nội dung này" in page and "Giữ lại" in page
    assert not Rating.objects.exists()


def test_satisfaction_counts_each_level_per_agency_and_period(cast, flows, citizen):
    a, b, c, elsewhere = (returned(cast, flows.simple, owner=citizen) for _ in range(4))
    services.rate(actor=citizen, dossier=a, levels={k: 3 for k in ALL_SATISFIED}, now=MONDAY + hours(6))
    services.rate(actor=citizen, dossier=b, levels=ALL_SATISFIED, now=MONDAY + hours(6))
    services.rate(actor=citizen, dossier=c, levels={**ALL_SATISFIED, "time": 1}, now=MONDAY + hours(7))
    # Outside the period: not counted.
    services.rate(
        actor=citizen,
        dossier=elsewhere,
        levels={k: 1 for k in ALL_SATISFIED},
        now=MONDAY + dt.timedelta(days=40),
    )
    # Counted for the agency that resolved the dossiers (the Department of Justice approves them), as every
    # indicator counts them, not for the commune whose counter received them.
    assert (
        selectors.satisfaction([cast.province.commune_a.pk], MONDAY, MONDAY + dt.timedelta(days=30)).total
        == 0
    )
    department = cast.province.justice
    figures = selectors.satisfaction([department.pk], MONDAY, MONDAY + dt.timedelta(days=30))
    assert figures.counts == {Level.NOT_SATISFIED: 1, Level.SATISFIED: 1, Level.VERY_SATISFIED: 1}
    assert figures.total == 3 and figures.satisfied == 2
    assert str(figures.share_satisfied) == "66.7"
    assert (
        selectors.satisfaction([cast.province.commune_b.pk], MONDAY, MONDAY + dt.timedelta(days=30)).total
        == 0
    )
    assert (
        selectors.satisfaction(
            [cast.province.commune_b.pk], MONDAY, MONDAY + dt.timedelta(days=1)
        ).share_satisfied
        is None
    )


def test_criteria_in_force_from_decree_118_effective_date_art_40_1():
    assert criteria.criteria_for(dt.date(2025, 7, 1)) is criteria.DECREE_118
    assert criteria.DECREE_118.effective_from == dt.date(2025, 7, 1)


def test_the_counter_records_a_card_ticked_on_paper_decree_118_art_31_1_a(client, cast, returned_dossier):
    client.force_login(cast.desk_officer.user)
    url = reverse("feedback:rating_card", args=[returned_dossier.pk])
    response = client.post(url, _form({**ALL_SATISFIED, "time": 3}, "Phiếu giấy"))
    assert response.status_code == 302
    rating = Rating.objects.get()
    assert (rating.channel, rating.rated_by, rating.comment) == (
        RatingChannel.PAPER,
        cast.desk_officer.user,
        "Phiếu giấy",
    )


def test_only_the_receiving_counter_records_a_paper_card(cast, returned_dossier):
    for outsider in (cast.commune_b_specialist.user, cast.specialist.user):
        with pytest.raises(PermissionDenied):
            services.rate(actor=outsider, dossier=returned_dossier, levels=ALL_SATISFIED, on_paper=True)
    assert not Rating.objects.exists()


def test_the_printed_card_carries_the_link_and_the_contents_to_tick(client, cast, returned_dossier):
    from io import BytesIO

    from pypdf import PdfReader

    client.force_login(cast.desk_officer.user)
    response = client.get(reverse("feedback:rating_card", args=[returned_dossier.pk]), {"pdf": "1"})
    assert response["Content-Type"] == "application/pdf"
    pages = PdfReader(BytesIO(response.content)).pages
    assert len(pages) == 1
    text = " ".join(p.extract_text() for p in pages)
    text = " ".join(text.split())
    assert returned_dossier.code in text and "PHIẾU ĐÁNH GIÁ" in text
    # The link may wrap across lines in the PDF's text.
    assert (
        f"/phan-anh/danh-gia/{returned_dossier.pk}/{links.token_for(returned_dossier.pk)}/"
        in text.replace(" ", "")
    )
    assert "Thái độ ứng xử của cán bộ" in text and "Rất hài lòng" in text
