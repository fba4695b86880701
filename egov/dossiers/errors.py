"""The refusals a dossier service raises. Nothing was changed when one is raised."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied


class TransitionRefused(Exception):
    """A move that may not happen now. Nothing was changed."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class NotAllowedNow(TransitionRefused):
    """The dossier's status or step does not allow this move."""


class NotPermitted(TransitionRefused, PermissionDenied):
    """The actor may not take this move on this dossier."""


class StaleDossier(TransitionRefused):
    """Someone else changed the dossier since the form was shown."""
