"""The dossier fixtures (procedures, receiving and moving a dossier) serve the insight tests too."""

from tests.dossiers.conftest import _media, flows  # noqa: F401
