"""Every read of the feedback app, scoped by who asks."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.contrib.auth import get_user_model
from django.db.models import Count, Q, QuerySet

from egov.feedback import permissions
from egov.feedback.criteria import SATISFIED_LEVELS, Level
from egov.feedback.models import Feedback, FeedbackStatus, Rating
from egov.organizations.models import Agency, Role, RoleGrant


@dataclass(frozen=True)
class Satisfaction:
    """The ratings of some agencies over a period: how many at each level, and the share satisfied."""

    counts: dict[int, int]
    total: int

    @property
    def satisfied(self) -> int:
        return sum(self.counts[level] for level in SATISFIED_LEVELS)

    @property
    def share_satisfied(self) -> Decimal | None:
        """Satisfied and very satisfied over all ratings, in per cent with one decimal; None without
        ratings."""
        if not self.total:
            return None
        return (Decimal(100 * self.satisfied) / self.total).quantize(Decimal("0.1"), ROUND_HALF_UP)


def satisfaction(agency_ids: list[int], start: dt.datetime, end: dt.datetime) -> Satisfaction:
    """The ratings of dossiers resolved by `agency_ids` (their competent agency, as every other indicator
    counts them: egov.insight) with `start` <= rated_at < `end` (for the reports). `Rating.agency`, the
    receiving agency, is whom a dissatisfied rating is sent to, not whom it is counted for."""
    rows = (
        Rating.objects.filter(
            dossier__competent_agency_id__in=agency_ids, rated_at__gte=start, rated_at__lt=end
        )
        .values("level")
        .annotate(n=Count("id"))
        .order_by()
    )
    counts = {int(level): 0 for level in Level}
    for row in rows:
        counts[row["level"]] = row["n"]
    return Satisfaction(counts=counts, total=sum(counts.values()))


def rating_of(dossier_pk: int) -> Rating | None:
    return Rating.objects.filter(dossier_id=dossier_pk).first()


# ---------------------------------------------------------------- feedback


def inbox(user: Any, status: str = "") -> QuerySet[Feedback]:
    """The feedback the user handles, the earliest due first; one status or all."""
    rows = Feedback.objects.handled_by(user).select_related("agency", "assignee")
    if status in FeedbackStatus.values:
        rows = rows.filter(status=status)
    return rows.order_by("answer_due_at", "id")


def inbox_counts(user: Any) -> dict[str, int]:
    rows = Feedback.objects.handled_by(user).values("status").annotate(n=Count("id")).order_by()
    counts = {status: 0 for status in FeedbackStatus.values}
    for row in rows:
        counts[row["status"]] = row["n"]
    return counts


def for_handler(user: Any, pk: int) -> Feedback | None:
    """One feedback of the user's inbox, or None (also when it is another agency's)."""
    return (
        Feedback.objects.handled_by(user)
        .select_related("agency", "assignee", "dossier", "procedure", "answered_by")
        .filter(pk=pk)
        .first()
    )


def handlers_for(agency: Agency) -> list[Any]:
    """The accounts that may be given feedback sent to `agency` (permissions.may_handle), by name."""
    own = Q(agency=agency, role__in=permissions.HANDLER_ROLES)
    above = Q(agency__path__in=agency.ancestor_paths(), role=Role.LEADER)
    ids = set(RoleGrant.objects.filter(own | above, agency__is_active=True).values_list("user_id", flat=True))
    return list(get_user_model().objects.filter(pk__in=ids, is_active=True).order_by("full_name"))


def sent_by(user: Any) -> QuerySet[Feedback]:
    """A citizen's own feedback, the latest first."""
    if not permissions.is_citizen(user):
        return Feedback.objects.none()
    return Feedback.objects.filter(sender=user).select_related("agency").order_by("-sent_at", "-id")


def published() -> QuerySet[Feedback]:
    return Feedback.objects.published().select_related("agency", "procedure").order_by("-published_at", "-id")


def to_rate(user: Any) -> QuerySet[Any]:
    """A citizen's returned dossiers (their own or their organisations') not rated yet, the latest first."""
    from egov.dossiers.models import Dossier, Status

    if not permissions.is_citizen(user):
        return Dossier.objects.none()
    organisations = user.memberships.values("organisation_id")
    return (
        Dossier.objects.filter(Q(owner=user) | Q(organisation_id__in=organisations), status=Status.RETURNED)
        .filter(rating__isnull=True)
        .select_related("procedure")
        .order_by("-returned_at", "-id")
    )
