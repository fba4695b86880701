"""Home-page panels per role. Each app registers the panels its users need on their home page."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.http import HttpRequest

from egov.organizations.permissions import roles_of


@dataclass(frozen=True)
class Panel:
    key: str
    template: str
    roles: tuple[str, ...]
    context: Callable[[HttpRequest], dict[str, Any]]
    order: int = 50


PANELS: dict[str, Panel] = {}


def register(panel: Panel) -> None:
    PANELS[panel.key] = panel


def panels_for(request: HttpRequest) -> list[dict[str, Any]]:
    user = request.user
    held = roles_of(user)
    shown = []
    for panel in sorted(PANELS.values(), key=lambda p: p.order):
        if user.is_superuser or held.intersection(panel.roles):
            shown.append({"template": panel.template, **panel.context(request)})
    return shown
