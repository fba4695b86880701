from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import HttpRequest

from egov.backoffice.navigation import menu_for, menu_html


def site(request: HttpRequest) -> dict[str, Any]:
    # No user when the request failed before the authentication middleware (a 400 for a bad Host).
    menu = menu_for(getattr(request, "user", None), request.path)
    return {"egov_site_name": settings.EGOV_SITE_NAME, "menu": menu, "menu_items": menu_html(menu)}
