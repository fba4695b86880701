"""An SMS transport that kills its process mid-send, as a gateway library that segfaults or an OOM
kill would: the worker records nothing. Each call is appended to EGOV_TEST_DYING_LOG first."""

from __future__ import annotations

import os


class DyingSMS:
    def send(self, to: str, text: str, *, timeout: float, reference: str = "") -> None:
        with open(os.environ["EGOV_TEST_DYING_LOG"], "a", encoding="utf-8") as log:
            log.write(f"{to}\n")
        os._exit(70)
