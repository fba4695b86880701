"""The demo catalogue: real procedures with their sources, bundled as data/demo_catalogue.json.

`load_demo_catalogue()` loads it through the ordinary importer, so the demo
data passes the same checks as any administrator's file; running it again
changes nothing.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from egov.procedures import catalogue_io

DEMO_FILE = Path(__file__).parent / "data" / "demo_catalogue.json"


class _System:
    """The actor for set-up: a superuser that is never saved (audit rows say "system")."""

    is_authenticated = True
    is_superuser = True
    pk = None

    def get_full_name(self) -> str:
        return "system"


def load_demo_catalogue(actor: Any = None, path: Path = DEMO_FILE) -> catalogue_io.ImportResult:
    data = json.loads(path.read_text(encoding="utf-8"))
    result = catalogue_io.import_catalogue(actor or _System(), data)
    if not result.ok:
        raise ValueError("demo catalogue rejected:\n" + "\n".join(str(e) for e in result.errors[:20]))
    return result
