from __future__ import annotations

from typing import Any

from django.apps import AppConfig
from django.db import transaction
from django.db.models.signals import post_delete, post_save
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "egov.core"
    verbose_name = _("Shared")

    def ready(self) -> None:
        from egov.core.models import CalendarDay

        # Cache invalidation is the one use of signals we allow (docs/conventions).
        post_save.connect(calendar_changed, sender=CalendarDay, dispatch_uid="egov.core.calendar.saved")
        post_delete.connect(calendar_changed, sender=CalendarDay, dispatch_uid="egov.core.calendar.deleted")


def calendar_changed(sender: Any, **kwargs: Any) -> None:
    from egov.core import calendar

    calendar.invalidate()
    # Also after commit: a reader inside the transaction may have cached the uncommitted rows.
    transaction.on_commit(calendar.invalidate)
