from __future__ import annotations

from typing import Any

from django.apps import AppConfig, apps
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class BackofficeConfig(AppConfig):
    """The staff shell: home page and its panels, the main menu, the audit and calendar screens."""

    name = "egov.backoffice"
    verbose_name = _("Back office")

    def ready(self) -> None:
        # core keeps the national calendar's data and its sync; the sync is triggered from here
        # because its audit rows are filed under the province's root agency, which core cannot know.
        post_migrate.connect(
            sync_national_calendar, sender=apps.get_app_config("core"), dispatch_uid="egov.calendar.sync"
        )


def sync_national_calendar(sender: AppConfig, apps: Any = None, verbosity: int = 1, **kwargs: Any) -> None:
    """After every migrate, make the national CalendarDay rows equal to egov/core/data/vn_calendar.json."""
    if apps is not None:
        try:
            model = apps.get_model("core", "CalendarDay")
        except LookupError:
            return  # migrated back to zero
        if not any(f.name == "estimated" for f in model._meta.get_fields()):
            return  # migrated back below 0003: the table does not match the code
        try:
            apps.get_model("core", "CalendarVersion")
        except LookupError:
            return  # migrated back below 0004: a change could not bump the version
    from egov.backoffice.calendar.services import sync_national_days

    result = sync_national_days()
    if verbosity >= 1 and result.changed:
        print(
            f"  National calendar: {result.created} added, {result.updated} updated, "
            f"{result.deleted} removed."
        )
