"""egov's JSON API, version 1. OpenAPI at /api/v1/openapi.json, interactive docs at /api/v1/docs.

Staff endpoints use the signed-in session (and its CSRF token for writes); public
endpoints need no login. Each domain adds its router here.
"""

from ninja import NinjaAPI

from egov.api import dossiers, filings, groups, organizations, procedures

api = NinjaAPI(
    title="egov API",
    version="1",
    description="JSON API of egov (chính quyền điện tử). Reads are scoped to the caller's agencies.",
    urls_namespace="api",
)
api.add_router("/", organizations.router)
api.add_router("/", procedures.router)
api.add_router("/", dossiers.router)
api.add_router("/", groups.router)
api.add_router("/", filings.router)

# Appended by the statistics app: its open data (egov/stats/api.py).
from egov.stats.api import router as stats_router  # noqa: E402

api.add_router("/", stats_router)
