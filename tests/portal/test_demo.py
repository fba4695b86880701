"""The demo citizen's dossiers: one in every state, made through the real services, and one received at a
counter in the citizen's ID number waiting to be linked. The citizen is the citizens app's one persona."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from egov.citizens import demo as citizens_demo
from egov.demo.builders import DemoContext
from egov.dossiers.models import Attachment, Dossier, Status
from egov.portal import demo
from tests.dossiers.conftest import TZ

pytestmark = pytest.mark.django_db

#: Friday 04/12/2026 16:00: long enough after 30 days ago for every scenario to reach its state.
NOW = dt.datetime(2026, 12, 4, 16, 0, tzinfo=TZ)


def test_the_demo_citizen_has_a_dossier_in_every_state(client, cast, flows):
    citizens_demo.CitizensDemo().build(DemoContext(seed=1, write=lambda _text: None))
    made = demo.build(cast.province.root, now=NOW)
    citizen = citizens_demo.demo_citizen()
    assert citizen.is_citizen and citizen.check_password("egov-demo-2026")
    mine = Dossier.objects.filter(owner=citizen)
    assert set(mine.values_list("status", flat=True)) == {
        Status.SUBMITTED,
        Status.SUPPLEMENT,
        Status.NOT_ACCEPTED,
        Status.RECEIVED,
        Status.PROCESSING,
        Status.RESOLVED,
        Status.RETURNED,
        Status.WITHDRAWN,
        Status.ABANDONED,
    }
    assert mine.filter(status=Status.SUPPLEMENT, received_at__isnull=True).exists()  # asked to complete
    assert mine.filter(status=Status.RESOLVED, outcome="refused").exists()
    assert mine.filter(events__action="supplement_online").exists()
    assert mine.filter(events__action="withdraw", events__actor=citizen).exists()
    ready = mine.get(status=Status.RESOLVED, outcome="granted")
    assert ready.attachments.filter(kind=Attachment.Kind.RESULT).exists()
    # The counter dossier in the citizen's proven ID number, offered for linking.
    counter = [d for d in made if d.owner_id is None]
    assert len(counter) == 1 and counter[0].applicant_id_number == citizens_demo.ID_NUMBER
    assert all(d.applicant_id_number == citizens_demo.ID_NUMBER for d in mine)
    client.force_login(citizen)
    page = client.get(reverse("portal:dossiers"))
    assert page.status_code == 200 and page.context["to_link"] == 1
    for d in mine:
        assert client.get(reverse("portal:detail", args=[d.pk])).status_code == 200


def test_without_the_demo_citizen_the_builder_makes_no_account_of_its_own(cast, flows):
    """One persona: the portal builder never makes a second `demo.congdan` (with another ID number)."""
    assert demo.build(cast.province.root, now=NOW) == []
    assert citizens_demo.demo_citizen() is None and not Dossier.objects.exists()


def test_the_demo_citizen_paid_online_for_the_dossiers_that_went_ahead(cast, flows, settings):
    """A demo dossier that was accepted and went on shows its fee paid through the sandbox (ledger, payment,
    fee_paid history row), as a citizen's would; the one just submitted still offers the pay button."""
    from decimal import Decimal

    from egov.payments.models import Payment
    from egov.payments.selectors import unpaid_fees
    from egov.procedures.models import Fee, Procedure

    settings.EGOV_PAYMENT_GATEWAYS = ["sandbox"]
    for procedure in Procedure.objects.all():
        Fee.objects.create(procedure=procedure, name="Lệ phí", amount=Decimal(10000))
    citizens_demo.CitizensDemo().build(DemoContext(seed=1, write=lambda _text: None))
    demo.build(cast.province.root, now=NOW)
    mine = Dossier.objects.filter(owner=citizens_demo.demo_citizen())
    returned = mine.get(status=Status.RETURNED)
    assert returned.fees.exists() and not unpaid_fees(returned).exists()
    assert Payment.objects.filter(dossier=returned, state=Payment.State.PAID).count() == 1
    assert returned.events.filter(action="fee_paid").exists()
    submitted = mine.get(status=Status.SUBMITTED)
    assert unpaid_fees(submitted).exists()
