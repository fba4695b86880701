"""The main menu: each entry names the roles that see it, so navigation follows the role."""

from __future__ import annotations

import functools
from dataclasses import dataclass
from typing import Any

from django.urls import get_script_prefix, reverse
from django.utils.functional import Promise
from django.utils.html import format_html_join
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext_lazy as _

from egov.backoffice.permissions import AUDIT_READERS, CALENDAR_VIEWERS, NOTIFICATION_VIEWERS
from egov.organizations.permissions import roles_of


@dataclass(frozen=True)
class MenuItem:
    label: str | Promise
    url_name: str
    roles: tuple[str, ...]  # empty: every signed-in staff member


MENU: list[MenuItem] = [
    MenuItem(_("Home"), "core:home", ()),
    MenuItem(_("Agencies"), "organizations:agency_list", ("province_admin", "agency_admin", "auditor")),
    MenuItem(_("Staff"), "organizations:staff_list", ("province_admin", "agency_admin", "auditor")),
    MenuItem(_("Working calendar"), "core:calendar", CALENDAR_VIEWERS),
    MenuItem(_("Notification templates"), "core:notification_templates", NOTIFICATION_VIEWERS),
    MenuItem(_("Audit log"), "core:audit_list", AUDIT_READERS),
]


def register(item: MenuItem, before: str | None = None) -> None:
    """Let an app add its entries (called from its AppConfig.ready)."""
    if any(existing.url_name == item.url_name for existing in MENU):
        return
    index = next((i for i, e in enumerate(MENU) if e.url_name == before), len(MENU))
    MENU.insert(index, item)


def menu_for(user: Any, current_path: str) -> list[dict[str, Any]]:
    if not getattr(user, "is_authenticated", False) or getattr(user, "is_citizen", False):
        # Visitors and citizens have the portal's menu (includes/public_menu.html), never a staff page.
        return []
    held = roles_of(user)
    entries = []
    for item in MENU:
        if item.roles and not (user.is_superuser or held.intersection(item.roles)):
            continue
        url = _url(item.url_name, get_script_prefix())
        entries.append({"label": item.label, "url": url, "active": False})
    # One entry is the current page's: the longest address the path starts with ("/ho-so/tiep-nhan/" is
    # "Receive a dossier", not also "Dossiers" at "/ho-so/"); the home page only for itself.
    urls = [str(e["url"]) for e in entries]
    here = [
        i
        for i, url in enumerate(urls)
        if (current_path == url if url == "/" else current_path.startswith(url))
    ]
    if here:
        entries[max(here, key=lambda i: len(urls[i]))]["active"] = True
    return entries


def menu_html(entries: list[dict[str, Any]]) -> SafeString:
    """The menu's items, once for both places base.html shows them (the bar and the folded menu): what its
    include wrote for each, without the template engine's cost per item on every staff page."""
    current = mark_safe(' aria-current="page"')
    rows = ((e["url"], current if e["active"] else "", e["label"]) for e in entries)
    return format_html_join("\n", '<li><a href="{}"{}>{}</a></li>', rows)


@functools.cache
def _url(name: str, prefix: str) -> str:
    """The menu's addresses are the same on every page: reversed once per process (and script prefix)."""
    return reverse(name)
