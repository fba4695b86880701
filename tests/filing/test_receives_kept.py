"""Which counters receive which procedure, kept per process under the catalogue's version token
(egov.procedures.catalogue_version): asked once, then answered without its query; a catalogue change is
seen at once, in this process by its signal and in another by the token, and a rolled-back one leaves the
answer as it was."""

from __future__ import annotations

import pytest
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext

from egov.dossiers.counter import receives
from egov.organizations import services as organizations
from egov.procedures import catalogue_version
from egov.procedures.models import CatalogueVersion, Procedure, PublicationStatus, WorkflowTemplate
from egov.procedures.services import catalogue
from tests.factories import SYSTEM

pytestmark = pytest.mark.django_db


def asked(counter, procedure) -> tuple[bool, int]:
    """The answer and the number of statements it took."""
    with CaptureQueriesContext(connection) as queries:
        answer = receives(counter, procedure)
    return answer, len(queries)


def test_the_answer_is_kept_and_only_the_token_is_read_again(online):
    assert asked(online.counter, online.procedure) == (True, 2)  # the token, then the EXISTS
    assert asked(online.counter, online.procedure) == (True, 1)  # outside a request: the token only
    catalogue_version.request_started()
    assert asked(online.counter, online.procedure) == (True, 1)  # the request's first use reads it
    assert asked(online.counter, online.procedure) == (True, 0)  # then nothing, until the next request


def test_a_change_of_the_procedure_its_workflows_or_its_agencies_is_seen_at_once(cast, online):
    counter, procedure = online.counter, online.procedure
    catalogue_version.request_started()  # inside one request: even then the change is seen
    assert receives(counter, procedure)
    catalogue.set_status(SYSTEM, procedure, PublicationStatus.UNPUBLISHED)
    assert not receives(counter, procedure)
    catalogue.set_status(SYSTEM, Procedure.objects.get(pk=procedure.pk), PublicationStatus.PUBLISHED)
    assert receives(counter, procedure)
    for template in WorkflowTemplate.objects.filter(procedure=procedure):
        template.status = PublicationStatus.UNPUBLISHED
        template.save()
    assert not receives(counter, procedure)
    WorkflowTemplate.objects.filter(procedure=procedure).update(status=PublicationStatus.PUBLISHED)
    catalogue_version.bump()
    assert receives(counter, procedure)
    # Carried out by an agency the counter does not serve (another province's): no longer received here.
    elsewhere = organizations.create_agency(
        SYSTEM, parent=None, code="H98", name="Tỉnh khác", kind="province"
    )
    procedure.agencies.set([elsewhere])
    assert not receives(counter, procedure)
    procedure.agencies.set([cast.province.justice])
    assert receives(counter, procedure)


def test_a_change_made_by_another_process_is_seen_by_its_token(online):
    counter, procedure = online.counter, online.procedure
    assert receives(counter, procedure)
    # Another process unpublishes it: the row and the token change, and no signal reaches this process.
    Procedure.objects.filter(pk=procedure.pk).update(status=PublicationStatus.UNPUBLISHED)
    CatalogueVersion.objects.update_or_create(pk=1, defaults={"token": "another-process"})
    catalogue_version.request_started()
    assert not receives(counter, procedure)


@pytest.mark.parametrize("in_request", [False, True])
def test_a_rolled_back_change_leaves_the_answer_as_it_was(online, in_request):
    counter, procedure = online.counter, online.procedure
    if in_request:
        catalogue_version.request_started()
    assert receives(counter, procedure)
    with pytest.raises(RuntimeError), transaction.atomic():
        catalogue.set_status(SYSTEM, procedure, PublicationStatus.UNPUBLISHED)
        assert not receives(counter, procedure)
        raise RuntimeError("refused")
    assert receives(counter, procedure)


def test_the_workflow_a_dossier_starts_with_follows_a_change_at_once(online):
    from django.core.exceptions import ValidationError

    from egov.dossiers import intake
    from egov.procedures.models import StepKind

    catalogue_version.request_started()
    template, first = intake._workflow(online.procedure, online.counter)
    assert first.kind == StepKind.RECEIVE
    # Changed through rows of their own, as an editor's request would (not the instances kept).
    first = type(first).objects.get(pk=first.pk)
    first.kind = StepKind.PROCESS
    first.save()
    with pytest.raises(ValidationError, match="bắt đầu bằng bước tiếp nhận"):
        intake._workflow(online.procedure, online.counter)
    first.kind = StepKind.RECEIVE
    first.save()
    assert intake._workflow(online.procedure, online.counter) == (template, first)
    template = type(template).objects.get(pk=template.pk)
    template.status = PublicationStatus.UNPUBLISHED
    template.save()
    with pytest.raises(ValidationError, match="chưa có quy trình được công bố"):
        intake._workflow(online.procedure, online.counter)
