"""The telephone line's tests reuse the dossier fixtures (two procedures, the cast, a received dossier)."""

from tests.dossiers.conftest import _media, flows  # noqa: F401
