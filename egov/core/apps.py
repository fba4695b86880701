from __future__ import annotations

from typing import Any

from django.apps import AppConfig
from django.db import transaction
from django.db.models.signals import post_delete, post_migrate, post_save
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "egov.core"
    verbose_name = _("Shared")

    def ready(self) -> None:
        from egov.core.models import CalendarDay

        post_migrate.connect(sync_national_calendar, sender=self, dispatch_uid="egov.core.calendar.sync")
        # Cache invalidation is the one use of signals we allow (docs/conventions).
        post_save.connect(calendar_changed, sender=CalendarDay, dispatch_uid="egov.core.calendar.saved")
        post_delete.connect(calendar_changed, sender=CalendarDay, dispatch_uid="egov.core.calendar.deleted")


def sync_national_calendar(sender: AppConfig, apps: Any = None, verbosity: int = 1, **kwargs: Any) -> None:
    """After every migrate, make the national CalendarDay rows equal to egov/core/data/vn_calendar.json."""
    if apps is not None:
        try:
            model = apps.get_model("core", "CalendarDay")
        except LookupError:
            return  # migrated back to zero
        if not any(f.name == "estimated" for f in model._meta.get_fields()):
            return  # migrated back below 0003: the table does not match the code
    from egov.core.calendar.data import sync_national_days

    result = sync_national_days()
    if verbosity >= 1 and result.changed:
        print(
            f"  National calendar: {result.created} added, {result.updated} updated, "
            f"{result.deleted} removed."
        )


def calendar_changed(sender: Any, **kwargs: Any) -> None:
    from egov.core import calendar

    calendar.invalidate()
    # Also after commit: a reader inside the transaction may have cached the uncommitted rows.
    transaction.on_commit(calendar.invalidate)
