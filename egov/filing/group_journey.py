"""The steps of a linked group filed once online (Decree 63/2024/NĐ-CP), one question per page like a
one-procedure filing (egov.filing.journey):

    applicant → the parts to file (only when the group has optional parts) → each part's online form, page
    by page, and its fee cases (only when a fee line of the part depends on the case) → each paper, asked
    once even when two parts need it → where to file → check → submitted

A paper two parts ask for is one step: the checklist lines of the chosen parts are merged by their name
(marks and case ignored, `egov.core.text.search_key`), and the file given is attached to every part's
dossier on submission.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.urls import reverse
from django.utils.translation import gettext as _

from egov.core.text import search_key
from egov.filing.group_models import GroupDraft
from egov.filing.journey import Step, form_pages
from egov.payments.fees import applicants_questions
from egov.procedures.models import FormVersion, GroupPart, RequiredDocument
from egov.procedures.selectors import checklist, current_form

APPLICANT = "applicant"
PARTS = "parts"
PLACE = "place"


@dataclass(frozen=True)
class PaperLine:
    """One paper of the group: the checklist lines of the chosen parts that ask for it (same name)."""

    key: str
    name: str
    required: bool
    #: (part order number, checklist line) for each part asking for it.
    lines: list[tuple[int, RequiredDocument]] = field(default_factory=list)

    @property
    def first(self) -> RequiredDocument:
        return self.lines[0][1]

    @property
    def positions(self) -> list[int]:
        return [position for position, _line in self.lines]


def parts_of(draft: GroupDraft) -> list[GroupPart]:
    return list(draft.group.parts.select_related("procedure").order_by("position"))


def has_choice(parts: list[GroupPart]) -> bool:
    return any(not p.required for p in parts)


def chosen_parts(draft: GroupDraft, parts: list[GroupPart] | None = None) -> list[GroupPart]:
    """The parts filed: every required one and the optional ones the citizen chose."""
    parts = parts if parts is not None else parts_of(draft)
    optional = set(draft.optional_parts)
    return [p for p in parts if p.required or p.position in optional]


#: How the catalogue names a paper that is an earlier part's result, shared by the system: "kết quả ... là
#: thành phần hồ sơ của thủ tục khác trong nhóm sẽ được hệ thống tự động chia sẻ" (Decree 301/2026 art. 3.2,
#: art. 4.3 of Decree 63/2024, quoted in docs/legal-notes/decree-63.md). egov.dossiers.linked adds that
#: result to the waiting part's papers when it releases it, so the citizen is never asked for it.
SHARED_MARK = search_key("tự động chia sẻ").strip()


def shared_by_the_system(part: GroupPart, line: RequiredDocument) -> bool:
    """A waiting part's line that its earlier part's result answers (the catalogue says "tự động chia sẻ")."""
    return part.needs_result_of is not None and SHARED_MARK in search_key(line.name)


def asked_lines(part: GroupPart) -> list[tuple[RequiredDocument, bool]]:
    """Each checklist line of `part` with whether the online filing asks for it: not a paper the system
    shares from an earlier part's result (`shared_by_the_system`), nor one the online filing does not ask
    for (`RequiredDocument.asked_online`: the declaration the part's online form stands for, a paper the
    one-stop reads from a database)."""
    has_form = current_form(part.procedure) is not None
    return [
        (line, line.asked_online(has_form) and not shared_by_the_system(part, line))
        for line in checklist(part.procedure)
    ]


def paper_lines(parts: list[GroupPart]) -> list[PaperLine]:
    """The papers of the chosen parts to give, a paper asked by several parts once, in the parts' order
    (`asked_lines`)."""
    found: dict[str, PaperLine] = {}
    for part in parts:
        for line, asked in asked_lines(part):
            if not asked:
                continue
            key = search_key(line.name)
            if key not in found:
                found[key] = PaperLine(key, line.name, line.required, [])
            elif line.required and not found[key].required:
                found[key] = PaperLine(key, found[key].name, True, found[key].lines)
            found[key].lines.append((part.position, line))
    return list(found.values())


def not_asked(parts: list[GroupPart]) -> list[RequiredDocument]:
    """The chosen parts' papers the online filing does not ask for, one per name, for the pages that name
    them; a paper the system shares is not named (the page says so apart), nor one another part asks for."""
    asked = {line.key for line in paper_lines(parts)}
    found: dict[str, RequiredDocument] = {}
    for part in parts:
        for line, is_asked in asked_lines(part):
            key = search_key(line.name)
            if not is_asked and not shared_by_the_system(part, line) and key not in asked:
                found.setdefault(key, line)
    return list(found.values())


def versions_of(draft: GroupDraft) -> dict[int, FormVersion]:
    ids = {int(k): v for k, v in draft.form_versions.items()}
    by_id = FormVersion.objects.in_bulk(list(ids.values()))
    return {position: by_id[pk] for position, pk in ids.items() if pk in by_id}


def fees_key(position: int) -> str:
    return f"fees-{position}"


def _part_steps(pk: int, part: GroupPart, version: FormVersion | None) -> list[Step]:
    """A part's online form, page by page, then its fee cases where a fee line depends on the case."""
    steps = []
    pages = form_pages(version.schema) if version is not None else []
    for number, specs in enumerate(pages, start=1):
        title = part.procedure.name
        if len(pages) > 1:
            title = _("%(procedure)s (part %(n)s of %(total)s)") % {
                "procedure": part.procedure.name,
                "n": number,
                "total": len(pages),
            }
        key = f"form-{part.position}-{number}"
        steps.append(Step(key, title, "filing:group_form", (pk, part.position, number), specs))
    if applicants_questions(part.procedure):
        title = _("%(procedure)s: your case and its fees") % {"procedure": part.procedure.name}
        steps.append(Step(fees_key(part.position), title, "filing:group_fees", (pk, part.position)))
    return steps


def steps_of(draft: GroupDraft, parts: list[GroupPart] | None = None) -> list[Step]:
    """Every step of the group draft's journey, in order (the check page comes after them all)."""
    pk = draft.pk
    parts = parts if parts is not None else parts_of(draft)
    steps = [Step(APPLICANT, _("Applicant's details"), "filing:group_applicant", (pk,))]
    if has_choice(parts):
        steps.append(Step(PARTS, _("The procedures to file"), "filing:group_parts", (pk,)))
    chosen = chosen_parts(draft, parts)
    versions = versions_of(draft)
    for part in chosen:
        steps += _part_steps(pk, part, versions.get(part.position))
    for line in paper_lines(chosen):
        steps.append(
            Step(
                f"paper-{line.first.pk}",
                line.name,
                "filing:group_paper",
                (pk, line.first.pk),
                requirement=line.first,
            )
        )
    steps.append(Step(PLACE, _("Where to file"), "filing:group_place", (pk,)))
    return steps


def form_step_position(key: str) -> int | None:
    """The part order number of a form step's key ("form-<part>-<page>")."""
    bits = key.split("-")
    return int(bits[1]) if len(bits) == 3 and bits[0] == "form" and bits[1].isdigit() else None


def part_step_position(key: str) -> int | None:
    """The part order number of a part's form or fee step ("form-<part>-<page>", "fees-<part>")."""
    bits = key.split("-")
    if len(bits) == 2 and bits[0] == "fees" and bits[1].isdigit():
        return int(bits[1])
    return form_step_position(key)


def step_by_key(steps: list[Step], key: str) -> Step | None:
    return next((s for s in steps if s.key == key), None)


def check_url(draft: GroupDraft) -> str:
    return reverse("filing:group_check", args=(draft.pk,))


def after(draft: GroupDraft, steps: list[Step], key: str, back_to_check: bool = False) -> str:
    """The next step, or the check page when the citizen came from it or every step is done."""
    if back_to_check or all(s.key in draft.done for s in steps):
        return check_url(draft)
    keys = [s.key for s in steps]
    position = keys.index(key) if key in keys else -1
    for step in steps[position + 1 :]:
        return step.url()
    return check_url(draft)


def resume_url(draft: GroupDraft) -> str:
    for step in steps_of(draft):
        if step.key not in draft.done:
            return step.url()
    return check_url(draft)
