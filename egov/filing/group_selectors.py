"""Reads of linked group drafts: a citizen's open ones, one draft for its owner (404 for anyone else), and the
papers of the citizen's store that answer one of its papers."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.shortcuts import get_object_or_404

from egov.datastore.models import StoredPaper
from egov.filing.group_journey import PaperLine
from egov.filing.group_models import GroupDraft
from egov.filing.permissions import drafts_q
from egov.filing.selectors import stored_answering


def open_group_drafts(user: Any) -> QuerySet[GroupDraft]:
    return GroupDraft.objects.filter(drafts_q(user), bundle__isnull=True).select_related("group")


def group_draft_of(user: Any, pk: int) -> GroupDraft:
    return get_object_or_404(
        GroupDraft.objects.filter(drafts_q(user)).select_related("group", "agency", "bundle"), pk=pk
    )


def reusable_for_line(draft: GroupDraft, line: PaperLine) -> list[StoredPaper]:
    """The citizen's stored papers that answer a paper of the group: filed before for one of the checklist
    lines asking it, or named as it is; only when one of those lines lets a stored paper be reused. A group
    is filed by a person for themself (no organisation), so only their own papers."""
    requirements = [requirement for _position, requirement in line.lines]
    if not any(r.reusable for r in requirements):
        return []
    return stored_answering(draft.owner_id, None, {r.pk for r in requirements}, line.name)
