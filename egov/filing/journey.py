"""The steps of an online filing, one question or one thing per page (the GOV.UK question-pages pattern):

    who files → applicant → the online form, page by page → each paper of the checklist → where to file
    → check your answers → submitted

The paper steps are the online checklist (`procedures.selectors.online_checklist`): the declaration the
online form is, and what the one-stop reads from a database, are not asked (Decree 118/2025/NĐ-CP art.
4.2a as Decree 309/2026/NĐ-CP adds it, art. 5.1.i); the start and check pages name them.

The form's pages come from its schema (procedures.formschema): the top-level fields that follow one another
make one page; each repeated group is a page of its own. Every step has a key, kept in `Draft.done` once
saved.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from django.urls import reverse
from django.utils.translation import gettext as _

from egov.filing.models import Draft
from egov.payments.fees import applicants_questions as fee_questions
from egov.procedures.models import RequiredDocument
from egov.procedures.selectors import online_checklist

WHO = "who"
APPLICANT = "applicant"
PLACE = "place"
FEES = "fees"


@dataclass(frozen=True)
class Step:
    key: str
    title: str
    url_name: str
    args: tuple[Any, ...]
    #: The schema fields of a form page; the checklist line of a paper step.
    specs: list[dict[str, Any]] = field(default_factory=list)
    requirement: RequiredDocument | None = None

    def url(self) -> str:
        return reverse(self.url_name, args=self.args)


def not_asked_because(line: RequiredDocument) -> str:
    """Why the online filing does not ask for `line` (its `online` is not UPLOAD), said to the citizen."""
    if line.online == RequiredDocument.Online.FORM:
        return _("You fill it in as the online form: there is nothing to upload.")
    return _(
        "The one-stop reads it from the national or specialised databases (Decree 118/2025/NĐ-CP, article"
        " 4.2a, added by Decree 309/2026/NĐ-CP): you do not upload it."
    )


def not_asked_rows(lines: Sequence[RequiredDocument]) -> list[dict[str, str]]:
    """Name and reason of each paper the online filing does not ask for (filing/_not_asked.html)."""
    return [{"name": line.name, "why": not_asked_because(line)} for line in lines]


def not_uploaded(line: RequiredDocument) -> str:
    """The refusal of a file given online for a line the online filing does not ask for."""
    return _("“%(name)s” is not uploaded when filing online. %(why)s") % {
        "name": line.name,
        "why": not_asked_because(line),
    }


def form_pages(schema: dict[str, Any]) -> list[list[dict[str, Any]]]:
    """The schema's top-level fields cut into pages: a run of plain fields, or one repeated group."""
    pages: list[list[dict[str, Any]]] = []
    run: list[dict[str, Any]] = []
    for spec in schema.get("fields", []):
        if spec.get("type") == "group":
            if run:
                pages.append(run)
                run = []
            pages.append([spec])
        else:
            run.append(spec)
    if run:
        pages.append(run)
    return pages


def _page_title(specs: list[dict[str, Any]], number: int, total: int) -> str:
    if len(specs) == 1:
        return str(specs[0].get("label", ""))
    if total == 1:
        return _("The application form")
    return _("The application form (part %(n)s of %(total)s)") % {"n": number, "total": total}


def steps_of(draft: Draft, requirements: Sequence[RequiredDocument] | None = None) -> list[Step]:
    """Every step of the draft's journey, in order (the check page is not one: it comes after them all)."""
    pk = draft.pk
    steps = [
        Step(WHO, _("Who is filing"), "filing:who", (pk,)),
        Step(APPLICANT, _("Applicant's details"), "filing:applicant", (pk,)),
    ]
    pages = form_pages(draft.form_version.schema)
    for number, specs in enumerate(pages, start=1):
        steps.append(
            Step(f"form-{number}", _page_title(specs, number, len(pages)), "filing:form", (pk, number), specs)
        )
    if fee_questions(draft.procedure):
        steps.append(Step(FEES, _("Your case and its fees"), "filing:fees", (pk,)))
    if requirements is None:
        requirements = online_checklist(draft.procedure)
    for requirement in requirements:
        steps.append(
            Step(
                f"paper-{requirement.pk}",
                requirement.name,
                "filing:paper",
                (pk, requirement.pk),
                requirement=requirement,
            )
        )
    steps.append(Step(PLACE, _("Where to file"), "filing:place", (pk,)))
    return steps


def step_by_key(steps: list[Step], key: str) -> Step | None:
    return next((s for s in steps if s.key == key), None)


def after(draft: Draft, steps: list[Step], key: str, back_to_check: bool = False) -> str:
    """Where to go once step `key` is saved: back to the check page when the citizen came from there (a
    "Change" link) or when every step is done; otherwise the next step."""
    if back_to_check or all(s.key in draft.done for s in steps):
        return reverse("filing:check", args=(draft.pk,))
    keys = [s.key for s in steps]
    position = keys.index(key) if key in keys else -1
    for step in steps[position + 1 :]:
        return step.url()
    return reverse("filing:check", args=(draft.pk,))


def resume_url(draft: Draft) -> str:
    """The first step not done yet, or the check page."""
    for step in steps_of(draft):
        if step.key not in draft.done:
            return step.url()
    return reverse("filing:check", args=(draft.pk,))
