"""The catalogue's version token (procedures.CatalogueVersion) and the per-process answers kept under it.

Some answers are asked on every filing and change only when the catalogue does: which counters receive
which procedure (egov.dossiers.counter.receives, one EXISTS with three sub-queries), the province's own
communes that every address field lists and names (egov.procedures.addresses), the workflow a new
dossier follows and its first step (egov.dossiers.intake), a procedure's published online form, its
checklist of papers and its fee lines (egov.procedures.selectors), the unit of an agency serving a commune
and an agency's administrative unit code (egov.procedures.places: every move to a commune's unit). Kept
model instances are shared by every caller of the process: nothing may change them. A process keeps them
under the token it read; every catalogue write that can change them replaces the token in its own
transaction (`bump`, from the signals connected in `connect` and from the writes that bypass them), so
the change and the new token commit or roll back together.

A process reads the token once per request (at the first use after `request_started`) and at every use
outside requests (commands, workers, tests), with a statement built once (egov.core.statements); a token
it has not seen drops its answers. A write in this process drops them at once, and its thread reads the
token at every use until its request ends, so a write rolled back is not taken for the catalogue.

The token and the answers are shared by the process's threads, and a thread that changed the catalogue
publishes its token before its transaction commits: right for gunicorn's sync workers, which egov runs (one
request at a time per process, deploy/), not for a threaded server, where another thread could keep answers
read from the committed catalogue under the new token. Such a server would need the changing thread's
token kept to itself until its commit.
"""

from __future__ import annotations

import threading
import uuid
from collections.abc import Callable, Hashable
from typing import Any, TypeVar

from django.db.models import QuerySet

from egov.core import statements

T = TypeVar("T")
#: Answers kept per process at most; past it they are dropped and asked again.
MAX_ANSWERS = 20_000


class _State(threading.local):
    in_request = False
    checked = False
    #: This thread changed the catalogue: its transaction may still roll back, so read the token at every
    #: use until the request ends (a rolled-back change then shows as the token it never replaced).
    changed = False


_state = _State()
_lock = threading.Lock()
_answers: dict[Hashable, Any] = {}
_token: list[str | None] = [None]


def _versions(pk: int) -> QuerySet[Any, str]:
    from egov.procedures.models import CatalogueVersion

    return CatalogueVersion.objects.filter(pk=pk).values_list("token", flat=True)


def current() -> str:
    """The token as committed (or as changed by the current transaction); empty before the first change."""
    found = statements.select(_versions, 1)
    return str(found[0]) if found else ""


def bump() -> None:
    """Tell every process the catalogue changed; call it inside the transaction of the change."""
    from egov.procedures.models import CatalogueVersion

    token = uuid.uuid4().hex
    if not CatalogueVersion.objects.filter(pk=1).update(token=token):
        # No row yet (a database emptied by a test, or migrated before the row was made).
        CatalogueVersion.objects.update_or_create(pk=1, defaults={"token": token})
    forget()
    _state.changed = True


def forget() -> None:
    """Drop this process's answers (a change made here, or one rolled back that sent no signal)."""
    with _lock:
        _answers.clear()
        _token[0] = None
    _state.checked = False


def token() -> str:
    """The token of the catalogue as it is, read once per request (at every use outside requests and after
    this process dropped its answers, and after a change in this thread): what a caller keeping answers of
    its own puts in their keys, so that an answer kept for another catalogue is never found (the public
    search's, egov.procedures.search_kept)."""
    if _state.in_request and _state.checked and not _state.changed:
        with _lock:
            known = _token[0]
        if known is not None:
            return known
    fresh = current()
    _state.checked = True
    with _lock:
        if fresh != _token[0]:
            _answers.clear()
            _token[0] = fresh
    return fresh


def kept(key: Hashable, ask: Callable[[], T]) -> T:
    """The answer kept under `key` for the catalogue as it is, or `ask()`'s, kept for the next time."""
    token()
    with _lock:
        if key in _answers:
            return _answers[key]
        seen = _token[0]
    answer = ask()
    with _lock:
        if _token[0] == seen:
            if len(_answers) >= MAX_ANSWERS:
                _answers.clear()
            _answers[key] = answer
    return answer


def request_started(**_kwargs: Any) -> None:
    _state.in_request, _state.checked, _state.changed = True, False, False


def request_finished(**_kwargs: Any) -> None:
    _state.in_request, _state.checked, _state.changed = False, False, False


def changed(**_kwargs: Any) -> None:
    """A signal's receiver: a saved or deleted procedure, workflow, workflow step, agency, form version,
    paper of a checklist, fee or field, or a procedure's agencies."""
    bump()


def connect() -> None:
    """Called from ProceduresConfig.ready. Signals are the one way the conventions allow for dropping
    caches; post_save, post_delete and m2m_changed run inside the transaction of the change."""
    from django.core import signals
    from django.db.models.signals import m2m_changed, post_delete, post_save

    from egov.organizations.models import Agency
    from egov.procedures.models import (
        Fee,
        Field,
        FormVersion,
        Procedure,
        RequiredDocument,
        WorkflowStep,
        WorkflowTemplate,
    )

    models = (Procedure, WorkflowTemplate, WorkflowStep, Agency, FormVersion, RequiredDocument, Fee, Field)
    for model in models:
        uid = f"egov.procedures.catalogue_version.{model.__name__}"
        post_save.connect(changed, sender=model, dispatch_uid=f"{uid}.saved")
        post_delete.connect(changed, sender=model, dispatch_uid=f"{uid}.deleted")
    m2m_changed.connect(
        changed, sender=Procedure.agencies.through, dispatch_uid="egov.procedures.catalogue_version.agencies"
    )
    signals.request_started.connect(request_started, dispatch_uid="egov.procedures.catalogue_version.start")
    signals.request_finished.connect(request_finished, dispatch_uid="egov.procedures.catalogue_version.end")
