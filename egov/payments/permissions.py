"""Who may pay a dossier's fees and see its payments: the citizen account that filed it (`Dossier.owner`) and
the members of the organisation it was filed for (`Dossier.organisation` + `citizens.Membership`)."""

from __future__ import annotations

from typing import Any

from django.apps import apps
from django.db.models import Q, QuerySet

from egov.citizens.access import is_citizen


def payable_dossiers(user: Any) -> QuerySet[Any]:
    """The dossiers `user` may pay: none unless a citizen account."""
    dossier_model = apps.get_model("dossiers", "Dossier")
    if not is_citizen(user):
        return dossier_model.objects.none()
    members = apps.get_model("citizens", "Membership").objects.filter(user=user).values("organisation_id")
    return dossier_model.objects.filter(Q(owner=user) | Q(organisation_id__in=members))


def may_pay(user: Any, dossier: Any) -> bool:
    return payable_dossiers(user).filter(pk=dossier.pk).exists()


def may_correct_fees(user: Any, dossier: Any) -> bool:
    """Who corrects the case a dossier's fees were charged for: a desk officer of its receiving agency (the
    counter that checks the papers the case rests on), never the applicant."""
    from egov.dossiers.permissions import counter

    return not is_citizen(user) and counter(dossier, user)
