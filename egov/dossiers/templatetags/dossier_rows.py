"""Filters for the rows of long lists (the work queues), written for speed with Django's exact output."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import template
from django.template.defaultfilters import date
from django.utils import timezone
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext

from egov.core.markup import escape as _e

register = template.Library()

MOMENT = "H:i d/m/Y"


@register.filter(expects_localtime=True)
def moment(value: Any) -> str:
    """`value|date:"H:i d/m/Y"`, the way every list writes a moment, without Django's general formatter
    (a DateFormat object and a parse of the format per value: a fifth of a queue page's rendering)."""
    if isinstance(value, dt.datetime):  # already in the local time zone (expects_localtime)
        return f"{value.hour:02d}:{value.minute:02d} {value.day:02d}/{value.month:02d}/{value.year:04d}"
    return date(value, MOMENT)


@register.filter
def rules_basis(version: str) -> str:
    """The legal basis of a dossier's rules version ("nd118-2025" → "Nghị định 118/2025/NĐ-CP"), the version
    itself if no rule set has it."""
    from egov.dossiers.rules import rules_by_version

    try:
        return rules_by_version(version).legal_basis
    except LookupError:
        return version


def _at(value: Any) -> str:
    """`value|moment` as the template writes it (an aware moment in the local time zone), "" for None."""
    if isinstance(value, dt.datetime):
        return moment(timezone.localtime(value) if timezone.is_aware(value) else value)
    return "" if value is None else moment(value)


@register.simple_tag
def queue_rows(page: Any, online: bool, now: dt.datetime) -> SafeString:
    """The rows of a work queue's page, written in Python: what the row loop of dossiers/queue.html wrote,
    cell for cell (`tests/dossiers/test_queue_speed.py` compares the two), without the template engine's
    cost per variable and tag — the loop was most of a queue page's rendering. Each value is escaped as
    `format_html` escapes it (`_e`); the markup around it is written as plain text, once."""
    words = {
        "ref": _e(gettext("online submission reference")),
        "not_sent": _e(gettext("not sent yet")),
        "late": _e(gettext("Late")),
        "overdue": _e(gettext("Overdue")),
    }
    return mark_safe("\n".join(_row(d, online, now, words) for d in page))  # each value escaped in _row


def _row(d: Any, online: bool, now: dt.datetime, words: dict[str, str]) -> str:
    code = f'<a href="{_e(d.url)}">{_e(d.code)}</a>'
    if d.channel == "online" and not d.received_at:
        code = f'{code}<br><span class="muted code-kind">{words["ref"]}</span>'
    if online:
        if d.alert_sent_at:
            # Outside the f-string: xgettext reads no call inside one, and the words stayed English.
            said = gettext("sent %(at)s") % {"at": _at(d.alert_sent_at)}
            sent = f'<span class="muted">{_e(said)}</span>'
        else:
            sent = f'<span class="muted">{words["not_sent"]}</span>'
        late = f' <span class="badge late">{words["late"]}</span>'
        times = (
            f"<td>{_e(_at(d.status_changed_at))}</td>\n"
            f"<td>{_e(_at(d.alert_due_at) or '—')}<br>{sent}{late if d.limits['alert_late'] else ''}</td>\n"
            f"<td>{_e(_at(d.accept_due_at) or '—')}{late if d.limits['accept_late'] else ''}</td>"
        )
    else:
        times = f"<td>{_e(_at(d.received_at) or '—')}</td>\n<td>{_e(_at(d.due_at) or '—')}</td>"
    where = ""
    if d.current_step:
        agency = d.current_agency
        where = f"{_e(d.current_step.name)} · {_e(agency.short_name or agency.name)}"
    if d.handler:
        where = f'{where}<br><span class="muted">{_e(d.handler.get_full_name())}</span>'
    status = f'<span class="badge">{_e(d.get_status_display())}</span>'
    if d.timeliness:
        kind = "late" if d.timeliness == "late" else "ok"
        status = f'{status} <span class="badge {kind}">{_e(d.get_timeliness_display())}</span>'
    elif d.overdue:
        status = f'{status} <span class="badge late">{words["overdue"]}</span>'
    if d.paper_forward_to_id and not d.papers_sent_at:
        due = d.paper_forward_due_at
        overdue = " late" if due is not None and due < now else ""
        papers = _e(gettext("Papers to send by %(due)s") % {"due": _at(due)})
        status = f'{status}<br><span class="badge{overdue} papers-due">{papers}</span>'
    return (
        f"<tr>\n<td>{code}</td>\n<td>{_e(d.procedure.name)}</td>\n<td>{_e(d.applicant_name)}</td>\n{times}\n"
        f"<td>{where}</td>\n<td>{status}</td>\n</tr>"
    )
