"""Reads of linked group drafts: a citizen's open ones, and one draft for its owner (404 for anyone else)."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.shortcuts import get_object_or_404

from egov.filing.group_models import GroupDraft
from egov.filing.permissions import drafts_q


def open_group_drafts(user: Any) -> QuerySet[GroupDraft]:
    return GroupDraft.objects.filter(drafts_q(user), bundle__isnull=True).select_related("group")


def group_draft_of(user: Any, pk: int) -> GroupDraft:
    return get_object_or_404(
        GroupDraft.objects.filter(drafts_q(user)).select_related("group", "agency", "bundle"), pk=pk
    )
