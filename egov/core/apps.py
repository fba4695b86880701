from __future__ import annotations

from typing import Any

from django.apps import AppConfig
from django.core.signals import request_started
from django.db.backends.signals import connection_created
from django.db.models.signals import post_delete, post_save
from django.utils.translation import gettext_lazy as _

from egov.core.pgtypes import use_compiled_timestamps


class CoreConfig(AppConfig):
    name = "egov.core"
    verbose_name = _("Shared")

    def ready(self) -> None:
        from egov.core.models import CalendarDay

        # Cache invalidation is the one use of signals we allow (docs/conventions). post_save and
        # post_delete run inside the transaction of the change, so the version commits with it.
        post_save.connect(calendar_changed, sender=CalendarDay, dispatch_uid="egov.core.calendar.saved")
        post_delete.connect(calendar_changed, sender=CalendarDay, dispatch_uid="egov.core.calendar.deleted")
        request_started.connect(request_began, dispatch_uid="egov.core.calendar.request")
        # And the connection's own set-up, which Django offers only as a signal (egov/core/pgtypes.py).
        connection_created.connect(use_compiled_timestamps, dispatch_uid="egov.core.pgtypes")


def calendar_changed(sender: Any, **kwargs: Any) -> None:
    from egov.core import calendar

    calendar.invalidate()


def request_began(sender: Any, **kwargs: Any) -> None:
    from egov.core import calendar

    calendar.mark_stale()
