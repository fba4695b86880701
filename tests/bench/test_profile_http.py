"""bench/profile_http.py's summary of py-spy's samples: shares of the request's samples only, a function
counted once per sample however deep it recurs, paths cut to the package."""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "bench"))

from profile_http import summarise

HANDLE = (
    "<module> (gunicorn:6);"
    "SyncWorker.handle_request (/v/lib/python3.11/site-packages/gunicorn/workers/sync.py:184)"
)
DETAIL = "detail (/w/egov/dossiers/views/dossier.py:{})"
SAMPLES = "\n".join(
    [
        "<module> (gunicorn:6);SyncWorker.accept (gunicorn/workers/sync.py:30) 50",
        f"{HANDLE};{DETAIL.format(62)};render (/v/lib/python3.11/site-packages/django/shortcuts.py:25) 6",
        f"{HANDLE};{DETAIL.format(65)};walk (/w/egov/core/x.py:3);walk (/w/egov/core/x.py:4) 3",
        f"{HANDLE};wait (/usr/lib/python3.11/selectors.py:9) 1",
        "a torn line without a count",
    ]
)


def test_shares_of_the_requests_samples_each_function_once_per_sample(tmp_path):
    raw = tmp_path / "samples.raw"
    raw.write_text(SAMPLES)
    text = summarise(raw, 10, "")
    own, inclusive = text.split("with what it calls")
    assert text.startswith("10 samples inside requests")  # the worker's accept loop is not a request
    assert "60.0%  render (django/shortcuts.py)" in own
    assert "30.0%  walk (egov/core/x.py)" in own  # the innermost frame
    assert "10.0%  wait (selectors.py)" in own
    assert "90.0%  detail (egov/dossiers/views/dossier.py)" in inclusive  # two lines of it, one function
    assert "30.0%  walk (egov/core/x.py)" in inclusive  # recursion counted once per sample
    assert "100.0%  SyncWorker.handle_request (gunicorn/workers/sync.py)" in inclusive


def test_lines_apart_and_a_filter(tmp_path):
    raw = tmp_path / "samples.raw"
    raw.write_text(SAMPLES)
    text = summarise(raw, 10, r"^detail", line=True)
    inclusive = text.split("with what it calls")[1]
    assert "60.0%  detail (egov/dossiers/views/dossier.py:62)" in inclusive
    assert "30.0%  detail (egov/dossiers/views/dossier.py:65)" in inclusive
    assert "render" not in inclusive


def test_no_request_samples_says_so(tmp_path):
    raw = tmp_path / "samples.raw"
    raw.write_text(SAMPLES.splitlines()[0] + "\n")
    assert summarise(raw, 10, "").startswith("no samples inside a request")
