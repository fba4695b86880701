"""The dossier page's two long lists — time per step and the processing history — written in Python.

What the loops of dossiers/detail.html wrote, item for item (`tests/dossiers/test_history_rows.py` renders
the loops they replaced, kept in `tests/dossiers/data/history_before.html`, beside them): the template
engine's cost per variable, filter and tag was a fifth of the page's CPU for a dossier with a dozen moves
(docs/performance.md, "The dossier page's lists written in Python"). Each value goes through the same
filter functions the template called (`floatformat`, `linebreaksbr`, `moment`, `actor`) and is escaped as
the template escaped it (`core.markup.escape`).
"""

from __future__ import annotations

from typing import Any

from django import template
from django.template.defaultfilters import floatformat, linebreaksbr
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext

from egov.backoffice import actor_labels
from egov.core.markup import escape as _e
from egov.dossiers.templatetags.dossier_rows import _at

register = template.Library()


@register.simple_tag
def visit_rows(visits: list[Any]) -> SafeString:
    """The rows of "Time per step": one per stay at a step, or the one row that says there is none."""
    if not visits:
        empty = _e(gettext("No step yet: the dossier has not been received."))
        return mark_safe(f'<tr><td colspan="7" class="muted">{empty}</td></tr>')
    return mark_safe("\n".join(_visit(v) for v in visits))  # each value escaped in _visit


def _visit(v: Any) -> str:
    handler = v.handler.get_full_name() if v.handler is not None else ""
    hours = f"{_e(floatformat(v.spent_hours, '-2'))} / {_e(floatformat(v.step.allotted_hours, '-1'))}"
    timeliness = ""
    if v.timeliness:
        kind = "late" if v.timeliness == "late" else "ok"
        timeliness = f'<span class="badge {kind}">{_e(v.get_timeliness_display())}</span>'
    return (
        f"<tr><td>{_e(v.step.name)}</td><td>{_e(v.agency.name)}</td><td>{_e(handler or '—')}</td>\n"
        f"<td>{_e(_at(v.started_at))}</td><td>{_e(_at(v.finished_at) or '…')}</td>\n"
        f"<td>{hours}</td>\n<td>{timeliness}</td></tr>"
    )


@register.simple_tag
def timeline_items(events: list[Any]) -> SafeString:
    """The items of "Processing history": when, who, what; the status and the step it moved between."""
    return mark_safe("\n".join(_event(e) for e in events))  # each value escaped in _event


def _event(e: Any) -> str:
    parts = [f"<li><strong>{_e(_at(e.at))}</strong> · {_e(actor_labels.html(e))} · {_e(e.label)}"]
    if e.from_status != e.to_status:
        before = e.from_status_label or "—"
        parts.append(f'<span class="muted">({_e(before)} → {_e(e.to_status_label)})</span>')
    if e.to_step and e.to_step != e.from_step:
        moved = _e(e.from_step.name if e.from_step else "")
        if e.from_step:
            moved += " → "
        moved += f"{_e(e.to_step.name)} · {_e(e.to_agency.name if e.to_agency else '')}"
        if e.handler:
            moved += f" · {_e(e.handler.get_full_name())}"
        parts.append(f'<br><span class="muted">{moved}</span>')
    if e.comment:
        parts.append(f"<br>{_e(linebreaksbr(e.comment, autoescape=True))}")
    return "\n".join(parts) + "\n</li>"
