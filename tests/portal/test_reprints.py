"""After acceptance the applicant opens again, from the dossier's page in "My dossiers", the receipt slip
(giấy tiếp nhận hồ sơ và hẹn trả kết quả, as the counter printed it) and the confirmation of each payment
made online — only the dossier's own applicant: another citizen gets 404, a visitor the login, a staff
account 403, and nothing changes."""

from __future__ import annotations

import datetime as dt
import io
import re
from decimal import Decimal

import pytest
from django.urls import reverse
from pypdf import PdfReader

from egov.core.models import AuditEntry
from egov.dossiers.bundle_models import BundlePart, DossierBundle
from egov.dossiers.models import Dossier, DossierEvent
from egov.payments.models import Payment
from egov.procedures.models import ProcedureGroup, PublicationStatus
from tests.dossiers.conftest import MONDAY, hours
from tests.portal.conftest import file_online
from tests.portal.helpers import accepted

pytestmark = pytest.mark.django_db


def _paid(d: Dossier, reference: str = "EGOV-261116-0001") -> Payment:
    """A payment the gateway confirmed (as egov.payments' callback leaves it)."""
    return Payment.objects.create(
        dossier=d,
        gateway="sandbox",
        reference=reference,
        amount=Decimal(70_000),
        state=Payment.State.PAID,
        created_at=MONDAY,
        expires_at=MONDAY + dt.timedelta(minutes=15),
        finished_at=MONDAY + dt.timedelta(minutes=2),
        gateway_transaction="14422574",
    )


def _links(client, d: Dossier) -> list[str]:
    page = client.get(reverse("portal:detail", args=[d.pk])).content.decode()
    section = re.search(r'<section[^>]*id="prints".*?</section>', page, re.S)
    return re.findall(r'href="([^"]+)"', section.group(0)) if section else []


def test_the_dossier_page_links_the_receipt_slip_and_each_payment_confirmation(client, cast, flows, people):
    d = accepted(cast, flows, people.owner)
    payment = _paid(d)
    client.force_login(people.owner)
    links = _links(client, d)
    assert links == [
        reverse("portal:receipt_slip", args=[d.pk]),
        reverse("payments:receipt", args=[payment.reference]),
        reverse("payments:receipt_pdf", args=[payment.reference]),
    ]
    slip = client.get(links[0])
    assert slip.status_code == 200 and slip["Content-Type"] == "application/pdf"
    text = " ".join(p.extract_text() for p in PdfReader(io.BytesIO(slip.content)).pages)
    assert "GIẤY TIẾP NHẬN" in text.upper() and d.code in text
    confirmation = client.get(links[1]).content.decode()
    assert payment.reference in confirmation and "70.000" in confirmation
    assert client.get(links[2])["Content-Type"] == "application/pdf"


def test_before_acceptance_there_is_no_receipt_slip(client, cast, flows, people):
    d = file_online(cast, flows.simple, people.owner)
    client.force_login(people.owner)
    assert _links(client, d) == []
    assert client.get(reverse("portal:receipt_slip", args=[d.pk])).status_code == 404


@pytest.mark.parametrize("who", ["owner", "member", "stranger", "anonymous", "staff"])
def test_only_the_applicant_opens_them_again(client, cast, flows, people, who):
    d = accepted(cast, flows, people.owner, organisation=people.organisation)
    payment = _paid(d)
    urls = [
        reverse("portal:receipt_slip", args=[d.pk]),
        reverse("payments:receipt", args=[payment.reference]),
        reverse("payments:receipt_pdf", args=[payment.reference]),
    ]
    account = {
        "owner": people.owner,
        "member": people.member,  # a member of the organisation the dossier was filed for
        "stranger": people.stranger,
        "anonymous": None,
        "staff": cast.desk_officer.user,  # the counter that received it: not through citizens' pages
    }[who]
    if account is not None:
        client.force_login(account)
    before = (AuditEntry.objects.count(), DossierEvent.objects.count(), Payment.objects.count())
    for url in urls:
        answer = client.get(url)
        if who in ("owner", "member"):
            assert answer.status_code == 200, url
        elif who == "stranger":
            assert answer.status_code == 404, url
        elif who == "anonymous":
            assert answer.status_code == 302 and "/cong-dan/" in answer.url, url
        else:
            assert answer.status_code == 403, url
    assert (AuditEntry.objects.count(), DossierEvent.objects.count(), Payment.objects.count()) == before


def test_a_linked_filing_s_payment_shows_on_each_part(client, cast, flows, people):
    """A bundle's one payment is recorded on its first part; every part's page links its confirmation."""
    first = accepted(cast, flows, people.owner)
    second = accepted(cast, flows, people.owner, at=MONDAY + hours(1))
    bundle = DossierBundle.objects.create(
        reference="LT-261116-ABCDEFGH",
        group=_group(flows),
        owner=people.owner,
        applicant_name="Nguyễn Văn An",
        submitted_at=MONDAY,
    )
    for n, d in enumerate((first, second), start=1):
        BundlePart.objects.create(bundle=bundle, dossier=d, position=n)
    payment = _paid(first)
    Payment.objects.filter(pk=payment.pk).update(bundle=bundle)
    client.force_login(people.owner)
    assert reverse("payments:receipt", args=[payment.reference]) in _links(client, second)


def _group(flows):
    return ProcedureGroup.objects.create(
        code="NHOM-THU",
        name="Nhóm thủ tục thử",
        source="thử",
        effective_from=dt.date(2024, 6, 10),
        status=PublicationStatus.PUBLISHED,
    )
