from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from egov.citizens.access import citizen_home_url, is_citizen
from egov.citizens.boundary import CITIZEN_PREFIXES


def citizen(request: HttpRequest) -> dict[str, Any]:
    """`citizen_home_url` for the layout's brand link: a citizen's home, and a visitor's on the citizens'
    pages, is never the staff home (which would send them to the staff sign-in)."""
    user = getattr(request, "user", None)
    on_citizen_page = not getattr(user, "is_authenticated", False) and request.path.startswith(
        CITIZEN_PREFIXES
    )
    citizen = is_citizen(user)
    return {
        "citizen_home_url": citizen_home_url() if citizen or on_citizen_page else "",
        # The portal's menu (includes/public_menu.html) for a visitor or a citizen; staff have their own.
        "public_menu": citizen or not getattr(user, "is_authenticated", False),
    }
