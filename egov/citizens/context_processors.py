from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from egov.citizens.access import citizen_home_url, is_citizen


def citizen(request: HttpRequest) -> dict[str, Any]:
    """`citizen_home_url` for the layout's brand link: a citizen's home is never the staff home."""
    user = getattr(request, "user", None)
    return {"citizen_home_url": citizen_home_url() if is_citizen(user) else ""}
