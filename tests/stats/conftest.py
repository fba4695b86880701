"""The dossiers' fixtures (procedures with workflows, media in a temporary folder) for these tests."""

from tests.dossiers.conftest import _media, flows  # noqa: F401
