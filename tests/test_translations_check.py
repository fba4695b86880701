"""scripts/check-translations.sh fails on a string of the code missing from its app's catalogue and on a fuzzy
entry, names them, passes on the committed tree, and never changes the tree it checks."""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]

pytestmark = pytest.mark.skipif(
    not all(shutil.which(tool) for tool in ("msgfmt", "msgen", "xgettext", "msgmerge")),
    reason="needs Debian's gettext (CI installs it)",
)


def tracked_copy(destination: Path) -> Path:
    """The committed files the check reads (egov/, scripts/, manage.py), as in a fresh clone."""
    listed = subprocess.run(
        ["git", "ls-files", "-z", "egov", "scripts", "manage.py"], cwd=ROOT, capture_output=True, check=True
    ).stdout.decode()
    for name in filter(None, listed.split("\0")):
        source = ROOT / name
        if source.is_file():  # a file deleted in the work tree but not yet committed is skipped
            target = destination / name
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, target)
    return destination


def check(tree: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        ["bash", "scripts/check-translations.sh"],
        cwd=tree,
        env={**os.environ, "DJANGO_PYTHON": sys.executable},
        capture_output=True,
        text=True,
        timeout=300,
    )


def fingerprint(tree: Path) -> dict[str, str]:
    return {
        str(path.relative_to(tree)): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted(tree.rglob("*"))
        if path.is_file() and "__pycache__" not in path.parts
    }


def test_the_committed_tree_passes_and_is_left_as_it_was(tmp_path):
    tree = tracked_copy(tmp_path)
    before = fingerprint(tree)
    run = check(tree)
    assert run.returncode == 0, run.stdout + run.stderr
    assert "holding every string of the code" in run.stdout
    assert fingerprint(tree) == before


def test_strings_missing_from_their_apps_catalogue_are_named_per_app(tmp_path):
    tree = tracked_copy(tmp_path)
    (tree / "egov/dossiers/brand_new.py").write_text(
        'from django.utils.translation import gettext as _\n\nNOTICE = _("Nobody has translated this yet")\n'
    )
    template = tree / "egov/core/templates/core/brand_new.html"
    template.parent.mkdir(parents=True, exist_ok=True)
    template.write_text('{% load i18n %}<h1>{% translate "A heading added today" %}</h1>\n')
    before = fingerprint(tree)
    run = check(tree)
    assert run.returncode == 1, run.stdout + run.stderr
    dossiers, core = run.stdout.split("egov/dossiers/locale/vi/LC_MESSAGES/django.po:")[1], run.stdout
    assert "Nobody has translated this yet" in dossiers and "APP=dossiers" in dossiers
    assert "A heading added today" not in dossiers, "each string is reported under its own app"
    assert "egov/core/locale/vi/LC_MESSAGES/django.po: 1 msgid(s)" in core and "A heading added today" in core
    assert fingerprint(tree) == before, "the check ran makemessages in a copy, not in the tree it checks"


def test_a_fuzzy_entry_fails(tmp_path):
    tree = tracked_copy(tmp_path)
    po = tree / "egov/core/locale/vi/LC_MESSAGES/django.po"
    text = po.read_text()
    first_entry = text.index('\nmsgid "', text.index('msgid "') + 1)  # the entry after the header
    po.write_text(text[:first_entry] + "\n#, fuzzy" + text[first_entry:])
    run = check(tree)
    assert run.returncode == 1
    assert "egov/core/locale/vi/LC_MESSAGES/django.po" in run.stdout and "fuzzy" in run.stdout


def test_a_msgid_two_catalogues_translate_differently_fails_and_is_named(tmp_path):
    """Django merges the catalogues, the first app in INSTALLED_APPS winning: the other app's pages would show
    a wording written for another screen. "Search" is in several catalogues with one wording."""
    tree = tracked_copy(tmp_path)
    po = tree / "egov/documents/locale/vi/LC_MESSAGES/django.po"
    text = po.read_text()
    entry = 'msgid "Search"\nmsgstr "Tìm kiếm"'
    assert entry in text
    po.write_text(text.replace(entry, 'msgid "Search"\nmsgstr "Tra tìm"'))
    subprocess.run(["msgfmt", "-o", str(po.with_suffix(".mo")), str(po)], check=True)
    run = check(tree)
    assert run.returncode == 1, run.stdout
    assert "translated differently" in run.stdout and "'Search'" in run.stdout and "Tra tìm" in run.stdout
