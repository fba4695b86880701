"""The paper checklist of the counter: the procedure's required documents, ticked at receipt.

Decree 118/2025 art. 17.1.c: the desk officer checks that the dossier is complete; when it is, they receive
it and write the receipt (Giấy tiếp nhận hồ sơ và hẹn trả kết quả); when it is not, they guide the
applicant to complete it (art. 16.3: in one go) instead of receiving it. What came in is stored with the
dossier (`ReceivedPaper`), in the receipt's transaction (`intake.receive`), and read back by
`received_papers` — the receipt slip lists the papers from there.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.db.models import QuerySet

from egov.core import statements
from egov.dossiers.answer_models import FiledPaper, FormAnswers
from egov.dossiers.models import Attachment, Dossier, ReceivedPaper
from egov.procedures.models import Procedure, RequiredDocument
from egov.procedures.selectors import checklist as catalogue_checklist


@dataclass(frozen=True)
class Paper:
    """One paper: its legal name, its form (RequiredDocument.Copy: original, copy, certified copy…) and
    how many sets. `form_label` is the form in the reader's language; `document_id` links the procedure's
    required document when the paper is one (None for a paper the catalogue does not list)."""

    name: str
    form: str
    count: int = 1
    document_id: int | None = None

    @property
    def form_label(self) -> str:
        return (
            str(RequiredDocument.Copy(self.form).label) if self.form in RequiredDocument.Copy else self.form
        )


def checklist(procedure: Procedure) -> list[RequiredDocument]:
    """The papers the procedure asks for, in the catalogue's order (kept per process under the catalogue's
    version token: shared instances, read and never changed)."""
    return list(catalogue_checklist(procedure))


def missing_required(procedure: Procedure, papers: Iterable[Paper]) -> list[RequiredDocument]:
    """The mandatory papers of the procedure that are not among `papers`."""
    ticked = {p.document_id for p in papers}
    return [doc for doc in checklist(procedure) if doc.required and doc.pk not in ticked]


def record(dossier: Dossier, papers: Iterable[Paper]) -> None:
    """Store what was received with the dossier (called inside the receipt's transaction)."""
    ReceivedPaper.objects.bulk_create(
        [
            ReceivedPaper(
                dossier=dossier,
                document_id=p.document_id,
                name=p.name,
                form=p.form,
                count=p.count,
                position=i,
            )
            for i, p in enumerate(papers)
        ]
    )


def received_papers(dossier: Dossier) -> list[Paper]:
    """The papers received with the dossier, in the checklist's order: name, form, count."""
    return [
        Paper(name=r.name, form=r.form, count=r.count, document_id=r.document_id)
        for r in statements.select_objects(_received_of, dossier.pk)
    ]


def page_reads(pk: int) -> list[statements.Read]:
    """The reads of `received_papers`, `declared` and `filed_for` for the dossier `pk`, for
    `statements.ahead` (the dossier page shows all three)."""
    return [
        statements.Read(_received_of, (pk,)),
        statements.Read(_answers_of, (pk,)),
        statements.Read(_filed_for, (pk,)),
    ]


def _received_of(pk: int) -> QuerySet[ReceivedPaper]:
    # Built once per process (egov.core.statements), as the dossier page's other reads.
    return ReceivedPaper.objects.filter(dossier_id=pk).order_by("position", "id")


#: The form of a paper filed online as a file (Decree 45/2020/NĐ-CP: "bản điện tử"); the receipt prints it.
ELECTRONIC = "electronic"
#: The form of a declaration given as the online form's answers (`RequiredDocument.Online.FORM`).
ELECTRONIC_FORM = "electronic_form"


def filed_online(dossier: Dossier) -> list[Paper]:
    """The papers an online dossier came with, up to its acceptance: the files sent with the submission or
    when completing it, and those shared from an earlier part of a linked filing. Files filed for the same
    line of the checklist make one paper (its legal name, as many as there are files), in the checklist's
    order; a file filed for no line is a paper of its own, by its name. The declaration the online form
    stands for (`RequiredDocument.Online.FORM`) came as the form's answers: listed as such when there are
    some."""
    files = dossier.attachments.filter(kind__in=(Attachment.Kind.PAPER, Attachment.Kind.SUPPLEMENT))
    if dossier.received_at is not None:
        files = files.filter(uploaded_at__lte=dossier.received_at)
    lines = dict(
        FiledPaper.objects.filter(attachment__dossier=dossier).values_list("attachment_id", "requirement_id")
    )
    order = {doc.pk: (i, doc) for i, doc in enumerate(checklist(dossier.procedure))}
    counted: dict[int, int] = {}
    loose: list[Paper] = []
    for pk, name in files.order_by("uploaded_at", "id").values_list("pk", "name"):
        requirement = lines.get(pk)
        if requirement in order:
            counted[requirement] = counted.get(requirement, 0) + 1
        else:
            loose.append(Paper(name=name, form=ELECTRONIC))
    answered = FormAnswers.objects.filter(dossier=dossier).exists()
    forms = [r for r, (_i, doc) in order.items() if answered and doc.online == doc.Online.FORM]
    listed = sorted([*counted, *(r for r in forms if r not in counted)], key=lambda r: order[r][0])
    return [
        Paper(
            name=order[r][1].name,
            form=ELECTRONIC if r in counted else ELECTRONIC_FORM,
            count=counted.get(r, 1),
            document_id=r,
        )
        for r in listed
    ] + loose


def read_from_databases(procedure: Procedure) -> list[RequiredDocument]:
    """The papers an online filing does not ask for because the one-stop reads them from a national or
    specialised database (`RequiredDocument.Online.DATABASE`): the officer checks them there before
    accepting, and asks for a supplement when they cannot be read (Decree 118/2025/NĐ-CP art. 4.2a as
    Decree 309/2026/NĐ-CP art. 2.1 adds it; art. 17.2.a as its art. 8.1 words
    it)."""
    return [doc for doc in checklist(procedure) if doc.online == RequiredDocument.Online.DATABASE]


def declared(dossier: Dossier) -> list[dict[str, Any]]:
    """What an online applicant declared in the procedure's form, label → value rows in the form's order
    (`FormAnswers.summary`); empty for a dossier without an online form. The officer reads it before
    accepting, asking for more or refusing (Decree 118/2025 art. 17.2)."""
    found = statements.select_objects(_answers_of, dossier.pk)
    return found[0].summary() if found else []


def _answers_of(pk: int) -> QuerySet[FormAnswers]:
    return FormAnswers.objects.filter(dossier_id=pk).select_related("form_version").order_by("pk")[:1]


def filed_for(dossier: Dossier) -> dict[int, str]:
    """Attachment id → the name of the checklist line it was filed for online (`FiledPaper`), so the files
    read as the papers they are, not only by their file names."""
    return dict(statements.select(_filed_for, dossier.pk))


def _filed_for(pk: int) -> QuerySet[Any]:
    rows = FiledPaper.objects.filter(attachment__dossier_id=pk)
    return rows.values_list("attachment_id", "requirement__name")
