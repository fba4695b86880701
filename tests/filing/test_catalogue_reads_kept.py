"""A procedure's published online form, its checklist of papers and its fee lines, kept per process under the
catalogue's version token (egov.procedures.selectors.current_form, checklist, fee_lines): every filing read
them with three queries. Kept, they must still follow an editor's change at once (the change's own save
replaces the token), another process's change (by the token) and leave nothing of a change rolled back."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext

from egov.payments.fees import fees_due
from egov.procedures import catalogue_version
from egov.procedures.models import CatalogueVersion, Channel, Fee, FormVersion, RequiredDocument
from egov.procedures.selectors import checklist, current_form, fee_lines
from egov.procedures.services import catalogue
from egov.procedures.services import forms as form_services
from tests.factories import SYSTEM

pytestmark = pytest.mark.django_db


def reads(procedure) -> tuple[tuple[object, ...], int]:
    """What the three reads answer, and the statements they took."""
    with CaptureQueriesContext(connection) as queries:
        form = current_form(procedure)
        answer = (
            form.pk if form else None,
            [d.name for d in checklist(procedure)],
            fees_due(procedure, Channel.ONLINE),
        )
    return answer, len(queries)


PAPERS = [
    "Tờ khai đăng ký khai sinh",
    "Giấy chứng sinh",
    "Văn bản ủy quyền",
    "Giấy tờ tùy thân để xuất trình",
]


def test_read_once_then_answered_without_a_query_within_a_request(online):
    catalogue_version.request_started()
    first, statements = reads(online.procedure)
    assert statements == 4  # the token, then the form, the papers and the fee lines
    assert first[0] == online.form.pk
    assert first[1] == PAPERS
    assert [(d.name, d.amount) for d in first[2]] == [("Lệ phí đăng ký khai sinh", Decimal(8000))]
    assert reads(online.procedure) == (first, 0)


def test_the_same_rows_as_the_orm_in_the_catalogues_order(online):
    RequiredDocument.objects.create(procedure=online.procedure, name="Biên bản trẻ bị bỏ rơi", sort_order=0)
    assert list(checklist(online.procedure)) == list(online.procedure.documents.all())
    first_two = [d.name for d in checklist(online.procedure)][:2]
    assert first_two == ["Tờ khai đăng ký khai sinh", "Biên bản trẻ bị bỏ rơi"]
    assert list(fee_lines(online.procedure)) == list(online.procedure.fees.all())
    assert current_form(online.procedure) == online.form


def test_an_editors_change_is_seen_at_once_even_within_the_request(online):
    procedure = online.procedure
    catalogue_version.request_started()
    reads(procedure)
    catalogue.save_documents(
        SYSTEM,
        procedure,
        [{"id": online.certificate.pk, "name": "Tờ khai (mẫu mới)", "required": True}],  # the proxy deleted
    )
    assert reads(procedure)[0][1] == ["Tờ khai (mẫu mới)"]
    fee = Fee.objects.get(procedure=procedure)
    catalogue.save_fees(SYSTEM, procedure, [{"id": fee.pk, "name": fee.name, "amount": Decimal(10000)}])
    assert [d.amount for d in reads(procedure)[0][2]] == [Decimal(10000)]
    published = form_services.publish_form(SYSTEM, form_services.new_form_draft(SYSTEM, procedure))
    assert reads(procedure)[0][0] == published.pk != online.form.pk


def test_a_change_by_another_process_is_seen_by_its_token(online):
    procedure = online.procedure
    reads(procedure)
    # Another process changes the rows and the token; no signal reaches this one.
    RequiredDocument.objects.filter(pk=online.proxy.pk).delete()
    Fee.objects.filter(procedure=procedure).update(amount=Decimal(5000))
    FormVersion.objects.filter(pk=online.form.pk).update(status="unpublished")
    CatalogueVersion.objects.update_or_create(pk=1, defaults={"token": "another-process"})
    catalogue_version.request_started()
    (form, papers, fees), _statements = reads(procedure)
    assert form is None
    assert papers == [name for name in PAPERS if name != "Văn bản ủy quyền"]
    assert [d.amount for d in fees] == [Decimal(5000)]


def test_a_rolled_back_change_leaves_what_was_kept_as_it_was(online):
    procedure = online.procedure
    catalogue_version.request_started()
    before, _statements = reads(procedure)
    with pytest.raises(RuntimeError), transaction.atomic():
        catalogue.save_documents(SYSTEM, procedure, [])
        assert checklist(procedure) == ()
        raise RuntimeError("refused")
    assert reads(procedure)[0] == before
