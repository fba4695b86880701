"""The counts and time limits of the one-stop rules that decide whether a move may happen now.

One supplement request per dossier, within its limit after receipt; closing a dossier the applicant did not
complete in time; the apology at least one working day before the due moment, never while overdue or
paused. Each reads the dossier's own rule set (`Dossier.rules_version`, rules/*.json), so a dossier keeps
the rules in force at its receipt, and each refusal names the rule's source.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db.models import F, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from egov.core import statements
from egov.core.calendar import due_at
from egov.dossiers import deadlines, steps
from egov.dossiers.models import Dossier, DossierEvent, StepVisit, Timeliness
from egov.dossiers.moves import SUPPLEMENT_ACTIONS, Change, RuleGuard
from egov.dossiers.rules import RuleSet, rules_by_version


def _rules(d: Dossier) -> RuleSet:
    return rules_by_version(d.rules_version)


def _source(d: Dossier, section: str, key: str) -> str:
    rule = _rules(d).data[section]
    return str(rule.get(key) or rule.get("source", ""))


# ---------------------------------------------------------------- supplements


def supplements_asked(d: Dossier) -> int:
    """How many times the applicant has been asked to supplement this dossier (every such move counts)."""
    return len(statements.select(_supplement_events, *SUPPLEMENT_ACTIONS, d.pk))


def _supplement_events(*params: Any) -> QuerySet[Any]:
    # Built once per process (egov.core.statements): a guard of the moves, read on every dossier page.
    *actions, pk = params
    events = DossierEvent.objects.filter(action__in=actions).filter(dossier_id=pk).order_by()
    return events.values_list("pk", flat=True)


def _not_asked_yet(d: Dossier, now: dt.datetime) -> str | None:
    limit = _rules(d).supplement_max_requests
    if limit is None or supplements_asked(d) < limit:
        return None
    return _(
        "A supplement was already requested for this dossier: the rules allow one request only, listing "
        "everything missing at once (%(source)s)."
    ) % {"source": _source(d, "supplement", "max_requests_source")}


def supplement_request_deadline(d: Dossier) -> dt.datetime | None:
    """The latest moment a supplement may be requested: the rules' working days after receipt (None: no
    limit in the dossier's rules, or not received yet)."""
    days = _rules(d).supplement_request_within(d.procedure.code)
    if days is None or d.received_at is None:
        return None
    return due_at(d.received_at, days, "days")


def _asked_in_time(d: Dossier, now: dt.datetime) -> str | None:
    limit = supplement_request_deadline(d)
    if limit is None or now <= limit:
        return None
    return _(
        "The time to request a supplement ended at %(limit)s: at most %(days)s working days after receipt "
        "(%(source)s)."
    ) % {
        "limit": deadlines.display(limit),
        "days": _rules(d).supplement_request_within(d.procedure.code),
        "source": _source(d, "supplement", "request_within_source"),
    }


SUPPLEMENT_NOT_ASKED_YET = RuleGuard(_not_asked_yet)
SUPPLEMENT_IN_TIME = RuleGuard(_asked_in_time)


# ---------------------------------------------------------------- closing a dossier not completed in time


def closable_from(d: Dossier) -> dt.date | None:
    """The first day on which a dossier waiting for its supplement may be closed: the rules' period in plain
    days, counted from the day after the notice (None: the rules close none, or it is not waiting)."""
    days = _rules(d).supplement_close_after_days_for(d.procedure.code)
    if days is None or d.paused_at is None:
        return None
    return timezone.localdate(d.paused_at) + dt.timedelta(days=days + 1)


def _period_passed(d: Dossier, now: dt.datetime) -> str | None:
    first = closable_from(d)
    if first is None:
        return _("The rules of this dossier (%(rules)s) set no period after which it is closed.") % {
            "rules": _rules(d).title
        }
    if timezone.localdate(now) >= first:
        return None
    return _(
        "The applicant has until the end of %(last)s to complete the dossier; it may be closed from "
        "%(first)s (%(source)s)."
    ) % {
        "last": (first - dt.timedelta(days=1)).strftime("%d/%m/%Y"),
        "first": first.strftime("%d/%m/%Y"),
        "source": _source(d, "supplement", "close_after_source"),
    }


SUPPLEMENT_PERIOD_PASSED = RuleGuard(_period_passed)


def close_unsupplemented(c: Change) -> None:
    """The dossier ends without a result: the pause ends with it, the step is closed, and no timeliness is
    given (the applicant, not the agency, did not finish)."""
    d, now = c.d, c.request.now
    if d.paused_at is not None:
        paused = deadlines.working_hours_between(d.paused_at, now)
        StepVisit.objects.filter(dossier=d, finished_at__isnull=True).update(
            paused_hours=F("paused_hours") + paused
        )
        c.data["notice_at"] = steps.local_iso(d.paused_at)
    d.paused_at = None
    d.paused_from = ""
    d.finished_at = now
    d.timeliness = Timeliness.NONE
    steps.close_visit(d, now)


# ---------------------------------------------------------------- apology and a new date


def _apology_not_paused(d: Dossier, now: dt.datetime) -> str | None:
    if _rules(d).apology_when_paused or not deadlines.clock(d, now).paused:
        return None
    return _(
        "The dossier's clock is stopped while it waits for the applicant: there is no time limit to extend "
        "now (%(source)s)."
    ) % {"source": _source(d, "apology", "min_notice_source")}


def _apology_not_overdue(d: Dossier, now: dt.datetime) -> str | None:
    if _rules(d).apology_when_overdue or not deadlines.clock(d, now).overdue:
        return None
    return _(
        "The dossier is already overdue: the apology and the new date had to be sent before the due moment "
        "(%(source)s)."
    ) % {"source": _source(d, "apology", "min_notice_source")}


def _apology_in_time(d: Dossier, now: dt.datetime) -> str | None:
    days = _rules(d).apology_min_notice_days
    if days is None or d.due_at is None or due_at(now, days, "days") <= d.due_at:
        return None
    return _(
        "The apology must be sent at least %(days)s working day before the due moment (%(due)s); it is "
        "too late now (%(source)s)."
    ) % {
        "days": days,
        "due": deadlines.display(d.due_at),
        "source": _source(d, "apology", "min_notice_source"),
    }


APOLOGY_NOT_PAUSED = RuleGuard(_apology_not_paused)
APOLOGY_NOT_OVERDUE = RuleGuard(_apology_not_overdue)
APOLOGY_IN_TIME = RuleGuard(_apology_in_time)
