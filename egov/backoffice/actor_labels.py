"""Who did it, in plain words: the names set-up code, workers and gateways act under
(`core.audit.SystemActor`, e.g. "SANDBOX", "reminders") are shown as what they are ("Ngân hàng thử nghiệm
(demo)", "Hệ thống: nhắc hạn"); the internal name stays in the page as a title for the auditor. A person's
name is shown as it is.
"""

from __future__ import annotations

from typing import Any

from django.utils.functional import Promise
from django.utils.html import format_html
from django.utils.safestring import SafeString
from django.utils.translation import gettext_lazy as _

SYSTEM_ACTORS: dict[str, str | Promise] = {
    "system": _("The system"),
    "demo": _("Demo data"),
    "SANDBOX": _("The demo's test bank"),
    "VNPAY": _("VNPAY payment gateway"),
    "rebuild_stats": _("The system: statistics recounted"),
    "close_unsupplemented_dossiers": _("The system: dossiers closed for want of supplements"),
    "reminders": _("The system: deadline reminders"),
    "exchange": _("The system: document exchange"),
    "email": _("The system: official email"),
    "train_forecast": _("The system: lateness forecast retrained"),
    "load_admin_units": _("The system: administrative units loaded"),
    "import_agency_certificate": _("The system: agency certificate imported"),
}


def register(names: dict[str, str | Promise]) -> None:
    """Let an app name the system actors its workers use."""
    SYSTEM_ACTORS.update(names)


def is_system(row: Any) -> bool:
    """A row (audit entry, history row) written under a system actor's name, by no account. (A name with no
    account that is not listed, a citizen's say, is a person's.)"""
    return getattr(row, "actor_id", None) is None and getattr(row, "actor_name", "") in SYSTEM_ACTORS


def label(row: Any) -> str:
    """The plain name of who wrote the row."""
    name = str(getattr(row, "actor_name", "") or "")
    return str(SYSTEM_ACTORS[name]) if is_system(row) else name


def html(row: Any) -> SafeString:
    """The plain name, with the internal name as its title where it differs (for the auditor)."""
    name = str(getattr(row, "actor_name", "") or "")
    shown = label(row)
    if shown == name:
        return format_html("{}", shown)
    return format_html('<span class="system-actor" title="{}">{}</span>', name, shown)
