"""EGOV_* readers accept good values and stop start-up with a message naming the variable for bad ones."""

from __future__ import annotations

import os
import subprocess
import sys
from datetime import time
from pathlib import Path

import pytest

from egov.core.env import ConfigError, Env

ROOT = Path(__file__).resolve().parents[1]


def env(**values: str) -> Env:
    return Env({f"EGOV_{k}": v for k, v in values.items()})


@pytest.mark.parametrize(
    ("raw", "expected"),
    [("1", True), ("true", True), ("Yes", True), (" on ", True), ("0", False), ("off", False), ("", False)],
)
def test_flag_accepts_usual_spellings(raw, expected):
    assert env(DEBUG=raw).flag("DEBUG", not expected) is expected


def test_flag_default_when_unset():
    assert env().flag("DEBUG", True) is True


@pytest.mark.parametrize("raw", ["2", "maybe", "bật"])
def test_flag_rejects_other_words_naming_the_variable(raw):
    with pytest.raises(ConfigError, match=r"EGOV_DEBUG=.*expected one of 1/0"):
        env(DEBUG=raw).flag("DEBUG", False)


def test_integer_within_range_and_default():
    assert env(SESSION_HOURS="8").integer("SESSION_HOURS", 10, minimum=1, maximum=720) == 8
    assert env().integer("SESSION_HOURS", 10, minimum=1, maximum=720) == 10
    assert env(SESSION_HOURS="720").integer("SESSION_HOURS", 10, minimum=1, maximum=720) == 720


@pytest.mark.parametrize(
    ("raw", "why"),
    [("0", "an integer between 1 and 720"), ("721", "an integer between 1 and 720"), ("8h", "an integer")],
)
def test_integer_rejects_out_of_range_and_non_numbers(raw, why):
    with pytest.raises(ConfigError, match=rf"EGOV_SESSION_HOURS='{raw}': expected {why}"):
        env(SESSION_HOURS=raw).integer("SESSION_HOURS", 10, minimum=1, maximum=720)


def test_text_required_names_the_variable():
    with pytest.raises(ConfigError, match="EGOV_S3_BUCKET is required but not set"):
        env().text("S3_BUCKET")
    assert env(S3_BUCKET="hoso").text("S3_BUCKET") == "hoso"


def test_items_splits_and_trims():
    assert env(ALLOWED_HOSTS=" a.gov.vn, b.gov.vn ,,").items("ALLOWED_HOSTS", []) == ["a.gov.vn", "b.gov.vn"]


def test_sqlite_default_and_url(tmp_path):
    default = env().database("DATABASE_URL", tmp_path / "d" / "egov.sqlite3")
    assert default["ENGINE"] == "django.db.backends.sqlite3"
    assert default["NAME"] == str(tmp_path / "d" / "egov.sqlite3")
    assert (tmp_path / "d").is_dir()  # the folder is made so the first migrate works
    url = env(DATABASE_URL=f"sqlite://{tmp_path}/x/other.sqlite3").database("DATABASE_URL", tmp_path / "no")
    assert url["NAME"] == f"{tmp_path}/x/other.sqlite3"


def test_sqlite_connections_persist_like_postgres(tmp_path):
    """A worker keeps its SQLite connection (and its PRAGMAs) across requests, EGOV_DB_CONN_MAX_AGE as on
    PostgreSQL (docs/performance.md)."""
    default = env().database("DATABASE_URL", tmp_path / "egov.sqlite3")
    assert (default["CONN_MAX_AGE"], default["CONN_HEALTH_CHECKS"]) == (600, True)
    url = env(DATABASE_URL=f"sqlite://{tmp_path}/a.sqlite3", DB_CONN_MAX_AGE="0").database(
        "DATABASE_URL", tmp_path
    )
    assert url["CONN_MAX_AGE"] == 0


def test_postgres_url_parts():
    db = env(DATABASE_URL="postgres://egov:m%40t%20khau@db.internal:6432/egov_prod?sslmode=require").database(
        "DATABASE_URL", Path("/unused")
    )
    assert db["ENGINE"] == "django.db.backends.postgresql"
    assert (db["NAME"], db["USER"], db["PASSWORD"], db["HOST"], db["PORT"]) == (
        "egov_prod",
        "egov",
        "m@t khau",
        "db.internal",
        "6432",
    )
    assert db["OPTIONS"] == {"sslmode": "require"}
    assert db["CONN_MAX_AGE"] == 600
    assert db["CONN_HEALTH_CHECKS"] is True


def test_postgresql_scheme_and_conn_max_age():
    db = env(DATABASE_URL="postgresql://u@127.0.0.1/egov", DB_CONN_MAX_AGE="0").database(
        "DATABASE_URL", Path("/unused")
    )
    assert (db["NAME"], db["PORT"], db["CONN_MAX_AGE"]) == ("egov", "", 0)


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("mysql://u@h/db", "a sqlite:/// or postgres:// URL"),
        ("egov.sqlite3", "a sqlite:/// or postgres:// URL"),
        ("sqlite:///", "sqlite:///absolute/path"),
        ("postgres://u@h:5432/", "postgres://user:password@host:5432/database"),
        ("postgres://u@h:port/db", "a numeric port"),
    ],
)
def test_database_url_garbage_names_the_variable(url, expected):
    with pytest.raises(ConfigError, match="EGOV_DATABASE_URL=") as caught:
        env(DATABASE_URL=url).database("DATABASE_URL", Path("/unused"))
    assert expected in str(caught.value)


def test_office_hours():
    assert env().clock("OFFICE_HOURS", "07:30-11:30,13:30-17:00") == [
        (time(7, 30), time(11, 30)),
        (time(13, 30), time(17, 0)),
    ]
    assert env(OFFICE_HOURS="08:00-12:00").clock("OFFICE_HOURS", "x") == [(time(8), time(12))]


@pytest.mark.parametrize(
    "raw",
    [
        "17:00-07:30",
        "07:30-11:30,11:00-17:00",
        "7h30-11h30",
        "07:30",
        "07:30-11:30;13:30-17:00",
        "25:00-26:00",
    ],
)
def test_office_hours_rejects_bad_sessions(raw):
    with pytest.raises(ConfigError, match=r"EGOV_OFFICE_HOURS=.*ordered sessions"):
        env(OFFICE_HOURS=raw).clock("OFFICE_HOURS", "07:30-11:30")


def test_weekdays():
    assert env().weekdays("WORKING_WEEKDAYS", "0,1,2,3,4") == (0, 1, 2, 3, 4)
    assert env(WORKING_WEEKDAYS="5, 0,1,1").weekdays("WORKING_WEEKDAYS", "0") == (0, 1, 5)


@pytest.mark.parametrize("raw", ["7", "-1", "mon,tue", ",", "0;1"])
def test_weekdays_rejects_bad_numbers(raw):
    with pytest.raises(ConfigError, match=r"EGOV_WORKING_WEEKDAYS=.*from 0 \(Monday\) to 6"):
        env(WORKING_WEEKDAYS=raw).weekdays("WORKING_WEEKDAYS", "0,1,2,3,4")


def test_storage_choice():
    assert env().choice("STORAGE", "local", ("local", "s3")) == "local"
    assert env(STORAGE="s3").choice("STORAGE", "local", ("local", "s3")) == "s3"
    with pytest.raises(ConfigError, match="EGOV_STORAGE='S3 ': expected one of local, s3"):
        env(STORAGE="S3 ").choice("STORAGE", "local", ("local", "s3"))


# --- the settings module as a process starts it -------------------------------------------------


def import_settings(**egov: str) -> subprocess.CompletedProcess[str]:
    """Import egov.settings in a fresh interpreter with only the given EGOV_* variables set."""
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("EGOV_", "DJANGO_"))}
    clean.update({f"EGOV_{k}": v for k, v in egov.items()})
    clean["EGOV_DATA_DIR"] = clean.get("EGOV_DATA_DIR", "/tmp/egov-settings-test")
    return subprocess.run(
        [sys.executable, "-c", "import egov.settings as s; print('DEBUG', s.DEBUG)"],
        cwd=ROOT,
        env=clean,
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_production_refuses_to_start_without_secret_key():
    result = import_settings()
    assert result.returncode != 0
    assert "ConfigError: EGOV_SECRET_KEY is required but not set" in result.stderr


def test_production_refuses_a_short_secret_key():
    result = import_settings(SECRET_KEY="short")
    assert result.returncode != 0
    assert "EGOV_SECRET_KEY must be at least 32 characters long" in result.stderr


def test_production_starts_with_a_real_key():
    result = import_settings(SECRET_KEY="k" * 50)
    assert result.returncode == 0, result.stderr
    assert "DEBUG False" in result.stdout


@pytest.mark.parametrize("mode", ["DEBUG", "DEMO"])
def test_debug_and_demo_may_run_with_the_development_key(mode):
    result = import_settings(**{mode: "1"})
    assert result.returncode == 0, result.stderr


@pytest.mark.parametrize(
    ("variable", "value", "message"),
    [
        ("STORAGE", "ftp", "EGOV_STORAGE='ftp': expected one of local, s3"),
        ("CACHE_URL", "memcached://x", "EGOV_CACHE_URL='memcached://x': expected locmem:// or redis://"),
        ("DATABASE_URL", "oracle://x/y", "EGOV_DATABASE_URL='oracle://x/y'"),
        ("OFFICE_HOURS", "all day", "EGOV_OFFICE_HOURS='all day'"),
        ("LOG_LEVEL", "LOUD", "EGOV_LOG_LEVEL='LOUD'"),
        ("EMAIL_PORT", "70000", "EGOV_EMAIL_PORT='70000'"),
    ],
)
def test_bad_value_stops_start_up_naming_the_variable(variable, value, message):
    result = import_settings(SECRET_KEY="k" * 50, **{variable: value})
    assert result.returncode != 0
    assert message in result.stderr


def test_s3_storage_requires_its_bucket_and_keys():
    result = import_settings(SECRET_KEY="k" * 50, STORAGE="s3")
    assert result.returncode != 0
    assert "EGOV_S3_BUCKET is required but not set" in result.stderr
    result = import_settings(
        SECRET_KEY="k" * 50,
        STORAGE="s3",
        S3_BUCKET="hoso",
        S3_ENDPOINT_URL="https://s3.example.invalid",
        S3_ACCESS_KEY="a",
        S3_SECRET_KEY="b",
    )
    assert result.returncode == 0, result.stderr


def test_configuration_reference_lists_every_variable_the_code_reads():
    import re

    sources = (ROOT / "egov" / "settings.py").read_text() + (ROOT / "egov" / "core" / "env.py").read_text()
    read = set(
        re.findall(
            r"""\b(?:env|self)\.(?:text|flag|integer|items|choice|weekdays|path|database|clock)\(\s*"([A-Z0-9_]+)\"""",
            sources,
        )
    )
    assert {"SECRET_KEY", "DATABASE_URL", "DB_CONN_MAX_AGE", "STORAGE"} <= read  # the pattern finds them
    documented = set(re.findall(r"`EGOV_([A-Z0-9_]+)`", (ROOT / "docs" / "configuration.md").read_text()))
    assert read - documented == set(), "add these to docs/configuration.md"
