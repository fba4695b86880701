"""deploy/systemd: every timer starts a unit that exists, and a job timer names a management command egov
has — a renamed command would otherwise leave a timer failing every night on a province's server."""

from __future__ import annotations

import configparser
from pathlib import Path

from django.core.management import get_commands

UNITS = Path(__file__).resolve().parents[1] / "deploy" / "systemd"


def _read(path: Path) -> configparser.ConfigParser:
    parser = configparser.ConfigParser(strict=False, interpolation=None)
    parser.optionxform = str  # type: ignore[assignment,method-assign]  # systemd keys are case-sensitive
    parser.read(path)
    return parser


def test_every_timer_starts_an_existing_unit_running_a_command_egov_has():
    commands = set(get_commands())
    timers = sorted(UNITS.glob("*.timer"))
    assert len(timers) >= 5
    for timer in timers:
        unit = _read(timer)["Timer"].get("Unit", timer.name.removesuffix(".timer") + ".service")
        if "@" in unit:
            template, instance = unit.split("@", 1)
            assert (UNITS / f"{template}@.service").exists(), timer.name
            command = instance.removesuffix(".service")
        else:
            assert (UNITS / unit).exists(), timer.name
            command = _read(UNITS / unit)["Service"]["ExecStart"].split("manage.py ", 1)[1].split()[0]
        assert command in commands, f"{timer.name} runs {command}, which is not a command of egov"


def test_the_job_template_runs_the_instance_as_a_command():
    service = _read(UNITS / "egov-job@.service")["Service"]
    assert service["ExecStart"].endswith("manage.py %i") and service["User"] == "egov"
