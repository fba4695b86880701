"""The audit log screens read through the back office's scoped selector."""

from __future__ import annotations

import pytest
from django.urls import reverse

from egov.backoffice.selectors import audit_entries_for
from egov.core.models import AuditEntry
from egov.organizations.models import Role
from tests.factories import make_staff

pytestmark = pytest.mark.django_db


def test_auditor_reads_only_their_subtree(cast):
    commune_auditor = make_staff("kiemtra.xa", cast.province.commune_b, (Role.AUDITOR,))
    seen = audit_entries_for(commune_auditor.user)
    assert seen.exists()
    assert seen.count() < AuditEntry.objects.count()
    assert all(e.agency_path.startswith(cast.province.commune_b.path) for e in seen)
    assert audit_entries_for(cast.auditor.user).count() == AuditEntry.objects.count()


def test_roles_outside_the_audit_readers_see_nothing(cast):
    assert not audit_entries_for(cast.desk_officer.user).exists()


def test_the_list_shows_only_the_subtree(cast, login):
    commune_auditor = make_staff("kiemtra.xa", cast.province.commune_b, (Role.AUDITOR,))
    outside = AuditEntry.objects.exclude(agency_path__startswith=cast.province.commune_b.path).first()
    page = login(commune_auditor).get(reverse("core:audit_list"))
    assert page.status_code == 200
    shown = {entry.pk for entry in page.context["page_obj"]}
    assert shown and outside.pk not in shown


@pytest.mark.parametrize("name", ["core:audit_list", "core:calendar"])
def test_refused_roles_get_403_on_get_and_post(cast, login, name):
    client = login(cast.desk_officer)
    assert client.get(reverse(name)).status_code == 403
    assert client.post(reverse(name)).status_code in (403, 405)  # refused: by role, or as a read-only screen
