"""Registers and documents (Decree 30/2020/NĐ-CP, Chương III).

A `Register` is the book of one agency, one year, one direction and one number series; its `last` is the
counter that numbers the documents registered in it (art. 15.1, art. 22.2), incremented by one UPDATE in
the transaction that records the document, so two documents never get one number and a rolled-back one
leaves no gap. The work on a document (instructions, recipients, comments) is in `work_models`.
"""

from __future__ import annotations

import uuid
from typing import Any

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from egov.documents import permissions
from egov.organizations.models import Agency


class Direction(models.TextChoices):
    INCOMING = "incoming", _("Incoming")
    OUTGOING = "outgoing", _("Outgoing")


class Urgency(models.TextChoices):
    NORMAL = "normal", _("Normal")
    URGENT = "urgent", _("Urgent (Khẩn)")
    VERY_URGENT = "very_urgent", _("Very urgent (Thượng khẩn)")
    FLASH = "flash", _("Flash (Hỏa tốc)")


class Confidentiality(models.TextChoices):
    NORMAL = "normal", _("Not classified")
    SECRET = "secret", _("Secret (Mật)")
    TOP_SECRET = "top_secret", _("Top secret (Tối mật)")
    ABSOLUTE = "absolute_secret", _("Absolutely secret (Tuyệt mật)")


class Status(models.TextChoices):
    # incoming (Decree 30/2020 art. 20)
    RECEIVED = "received", pgettext_lazy("document status", "Received, not registered")
    REGISTERED = "registered", pgettext_lazy("document status", "Registered")
    SUBMITTED = "submitted", pgettext_lazy("document status", "Submitted to a leader")
    ASSIGNED = "assigned", pgettext_lazy("document status", "Assigned")
    IN_PROGRESS = "in_progress", pgettext_lazy("document status", "Being handled")
    DONE = "done", pgettext_lazy("document status", "Completed")
    # outgoing (art. 14)
    DRAFT = "draft", pgettext_lazy("document status", "Draft")
    IN_REVIEW = "in_review", pgettext_lazy("document status", "In review")
    APPROVED = "approved", pgettext_lazy("document status", "Approved")
    SIGNED = "signed", pgettext_lazy("document status", "Signed and numbered")
    ISSUED = "issued", pgettext_lazy("document status", "Issued")
    # both (art. 18.3, 18.4)
    RECALLED = "recalled", pgettext_lazy("document status", "Recalled")
    REPLACED = "replaced", pgettext_lazy("document status", "Replaced")


class Register(models.Model):
    """One register (sổ đăng ký văn bản đến/đi) of an agency for a year and a number series."""

    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="+", verbose_name=_("agency"))
    year = models.PositiveSmallIntegerField(_("year"))
    direction = models.CharField(_("direction"), max_length=10, choices=Direction.choices)
    #: "main", or "secret" (art. 15.2); a rule set may name more.
    series = models.CharField(_("series"), max_length=20, default="main")
    last = models.PositiveIntegerField(_("last number given"), default=0)

    class Meta:
        verbose_name = _("register")
        verbose_name_plural = _("registers")
        constraints = [
            models.UniqueConstraint(
                fields=["agency", "year", "direction", "series"], name="documents_one_register_per_series"
            )
        ]

    def __str__(self) -> str:
        return f"{self.agency_id} {self.year} {self.direction} {self.series}"


class DocumentQuerySet(models.QuerySet["Document"]):
    def visible_to(self, user: Any) -> DocumentQuerySet:
        return self.filter(permissions.readable_q(user))


class Document(models.Model):
    """An incoming or outgoing document with the metadata of Appendix VI, Part II (I and II)."""

    direction = models.CharField(_("direction"), max_length=10, choices=Direction.choices)
    #: Incoming: the receiving agency; outgoing: the issuing agency.
    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="+", verbose_name=_("agency"))
    status = models.CharField(_("status"), max_length=20, choices=Status.choices)
    doc_type = models.CharField(_("type"), max_length=10)
    #: The issuer (tác giả) as printed: for an outgoing document the agency's own name.
    issuer_name = models.CharField(pgettext_lazy("document", "issuer"), max_length=200)
    issuer_agency = models.ForeignKey(
        Agency,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=pgettext_lazy("document", "issuer"),
    )
    number_symbol = models.CharField(_("number and symbol"), max_length=50, blank=True)
    #: Folded "1565/qd-ubnd" for look-ups typed either way.
    number_symbol_key = models.CharField(max_length=50, blank=True, db_index=True, editable=False)
    issued_on = models.DateField(_("date of the document"), null=True, blank=True)
    summary = models.CharField(_("summary (trích yếu)"), max_length=500)
    signer_name = models.CharField(_("signer"), max_length=100, blank=True)
    signer_position = models.CharField(_("signer's position"), max_length=100, blank=True)
    urgency = models.CharField(_("urgency"), max_length=20, choices=Urgency.choices, default=Urgency.NORMAL)
    confidentiality = models.CharField(
        _("confidentiality"), max_length=20, choices=Confidentiality.choices, default=Confidentiality.NORMAL
    )
    recipients_text = models.TextField(_("recipients"), blank=True)
    due_on = models.DateField(_("due date"), null=True, blank=True)
    pages = models.PositiveSmallIntegerField(_("pages"), null=True, blank=True)
    copies = models.PositiveSmallIntegerField(_("copies issued"), null=True, blank=True)
    #: The entry in this agency's register: the arrival number (số đến) or the outgoing number.
    register = models.ForeignKey(
        Register, on_delete=models.PROTECT, null=True, blank=True, related_name="documents"
    )
    register_number = models.PositiveIntegerField(_("number in the register"), null=True, blank=True)
    #: The register's year (outgoing: the year the number and symbol are unique in, art. 15.1).
    year = models.PositiveSmallIntegerField(_("year"), null=True, blank=True)
    registered_at = models.DateTimeField(_("registered at"), null=True, blank=True)
    arrived_at = models.DateTimeField(_("arrived at"), null=True, blank=True)
    #: The drafting unit whose abbreviation a letter's symbol carries (Appendix III, form 1.5).
    drafting_unit = models.ForeignKey(
        Agency,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("drafting unit"),
    )
    #: Incoming: the outgoing document of this deployment it is a copy of (the sender sees its status).
    source = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="deliveries"
    )
    replaces = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="replaced_by"
    )
    #: An outgoing document answering an incoming one of its agency (drafted from the incoming's page).
    answers = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="replies",
        verbose_name=_("in reply to"),
    )
    approver = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(_("created at"))

    objects = DocumentQuerySet.as_manager()

    class Meta:
        verbose_name = _("document")
        verbose_name_plural = _("documents")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["register", "register_number"], name="documents_one_number_per_register"
            ),
            # Unique in the year's series: a secret document's own series (art. 15.2) may repeat a number of
            # the main one, so the register (agency, year, series) is part of the key.
            models.UniqueConstraint(
                fields=["register", "number_symbol"],
                condition=models.Q(direction="outgoing") & ~models.Q(number_symbol=""),
                name="documents_number_symbol_unique_in_year",
            ),
        ]
        indexes = [models.Index(fields=["agency", "direction", "status"], name="documents_by_agency_status")]

    def __str__(self) -> str:
        return self.number_symbol or str(self.summary)[:60]

    @property
    def is_incoming(self) -> bool:
        return self.direction == Direction.INCOMING


def file_path(instance: DocumentFile, filename: str) -> str:
    """A fresh storage name per upload: a stored file is never overwritten."""
    suffix = filename.rsplit(".", 1)[-1][:10] if "." in filename else "bin"
    return f"documents/{instance.uploaded_at:%Y/%m}/{uuid.uuid4().hex}.{suffix}"


class DocumentFile(models.Model):
    """A file of a document: the main file (a draft's versions, the signed original) or an attachment."""

    class Role(models.TextChoices):
        MAIN = "main", _("Document")
        ATTACHMENT = "attachment", _("Attachment")

    document = models.ForeignKey(Document, on_delete=models.CASCADE, related_name="files")
    role = models.CharField(max_length=12, choices=Role.choices, default=Role.MAIN)
    version = models.PositiveSmallIntegerField(_("version"), default=1)
    file = models.FileField(_("file"), upload_to=file_path, max_length=200)
    name = models.CharField(_("name"), max_length=200)
    content_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField(default=0)
    sha256 = models.CharField(max_length=64)
    #: Who signed it, as the validator read the signatures ("" when unsigned), one per line.
    signatures = models.TextField(_("signatures"), blank=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    uploaded_at = models.DateTimeField()

    class Meta:
        ordering = ["role", "version", "id"]

    def __str__(self) -> str:
        return self.name


class DocumentEvent(models.Model):
    """One line of a document's history: every move, with who, when and what they wrote."""

    document = models.ForeignKey(Document, on_delete=models.CASCADE, related_name="events")
    action = models.CharField(max_length=30)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    actor_name = models.CharField(max_length=200, blank=True)
    from_status = models.CharField(max_length=20, blank=True)
    to_status = models.CharField(max_length=20, blank=True)
    note = models.TextField(blank=True)
    at = models.DateTimeField()

    class Meta:
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return f"{self.document_id} {self.action}"


from egov.documents.search_models import ExtractedText, SavedSearch, SearchEntry  # noqa: E402
from egov.documents.work_models import Assignment, Comment, Recipient  # noqa: E402

__all__ = ["Assignment", "Comment", "ExtractedText", "Recipient", "SavedSearch", "SearchEntry"]
