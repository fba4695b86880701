"""Dossiers (hồ sơ thủ tục hành chính) and everything recorded about them.

A dossier changes state only through `egov.dossiers.services.transition`, which appends a `DossierEvent`,
moves the step pointer, opens and closes `StepVisit` rows and queues `OutboxMessage` rows in the same
transaction. Columns named `current_*` are the step pointer, denormalised so the work queues are one indexed
filter each.
"""

from __future__ import annotations

import uuid
from typing import Any, ClassVar

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from egov.core.choices import fast_displays
from egov.dossiers import permissions
from egov.dossiers.queue_indexes import QUEUE_INDEXES
from egov.organizations.models import Agency
from egov.procedures.models import ApplicantType, Channel, Procedure, WorkflowStep, WorkflowTemplate


class Status(models.TextChoices):
    """The statuses the national public-service portal names (trạng thái hồ sơ, codes 1-10).

    The codes are those every provincial one-stop system synchronises with the
    Cổng Dịch vụ công quốc gia; `NATIONAL_CODE` keeps them beside our names.
    """

    SUBMITTED = "submitted", _("Submitted online")  # 1 Mới đăng ký
    RECEIVED = "received", _("Received")  # 2 Được tiếp nhận
    NOT_ACCEPTED = "not_accepted", _("Not accepted")  # 3 Không được tiếp nhận
    PROCESSING = "processing", _("Processing")  # 4 Đang xử lý
    SUPPLEMENT = "supplement", _("Waiting for a supplement")  # 5 Yêu cầu bổ sung giấy tờ
    FINANCIAL = "financial", _("Waiting for financial obligations")  # 6 Yêu cầu thực hiện nghĩa vụ tài chính
    WITHDRAWN = "withdrawn", _("Withdrawn by the applicant")  # 7 Công dân yêu cầu rút hồ sơ
    STOPPED = "stopped", _("Processing stopped")  # 8 Dừng xử lý
    RESOLVED = "resolved", _("Result ready")  # 9 Đã xử lý xong
    RETURNED = "returned", _("Result returned")  # 10 Đã trả kết quả
    #: Closed by the one-stop unit: the applicant did not complete the dossier within the period after the
    #: supplement notice (Decree 118/2025 art. 19.5 "đóng hồ sơ"). Not one of the portal's ten names.
    ABANDONED = "abandoned", _("Closed: not supplemented")


NATIONAL_CODE: dict[str, int] = {
    Status.SUBMITTED: 1,
    Status.RECEIVED: 2,
    Status.NOT_ACCEPTED: 3,
    Status.PROCESSING: 4,
    Status.SUPPLEMENT: 5,
    Status.FINANCIAL: 6,
    Status.WITHDRAWN: 7,
    Status.STOPPED: 8,
    Status.RESOLVED: 9,
    Status.RETURNED: 10,
    # Decree 118 names no status for the closure; of the portal's ten, 8 "Dừng xử lý" is the one that says
    # what happened: processing ended without a result and nothing more is done. 3 "Không được tiếp nhận"
    # would be false (the dossier was received and has a code), 7 is the applicant's own withdrawal.
    Status.ABANDONED: 8,
}

#: Statuses in which the processing clock runs.
RUNNING = (Status.RECEIVED, Status.PROCESSING)
#: Statuses in which the clock is stopped, waiting for the applicant.
PAUSED = (Status.SUPPLEMENT, Status.FINANCIAL)
OPEN = (*RUNNING, *PAUSED)
#: Statuses after which nothing more happens to the dossier.
CLOSED = (Status.NOT_ACCEPTED, Status.WITHDRAWN, Status.STOPPED, Status.RETURNED, Status.ABANDONED)


class Outcome(models.TextChoices):
    NONE = "", _("Not decided")
    GRANTED = "granted", _("Granted")
    REFUSED = "refused", _("Refused")


class Timeliness(models.TextChoices):
    """Sớm hạn / đúng hạn / trễ hạn, for a finished dossier or step."""

    NONE = "", _("Not finished")
    EARLY = "early", _("Early")
    ON_TIME = "on_time", _("On time")
    LATE = "late", _("Late")


class SupplementMode(models.TextChoices):
    RESUME = "resume", _("The clock resumes with the time left")
    RESTART = "restart", _("The clock restarts from the beginning")


class DossierQuerySet(models.QuerySet["Dossier"]):
    def visible_to(self, user: Any) -> DossierQuerySet:
        """The dossiers this user may read (egov.dossiers.permissions.visibility_q)."""
        return self.filter(permissions.visibility_q(user))

    def open(self) -> DossierQuerySet:
        return self.filter(status__in=OPEN)


class Dossier(models.Model):
    #: Mã số hồ sơ (Decree 118/2025 art. 28), issued at receipt; until an online submission is accepted
    #: it holds the submission's reference, which stays in `submission_ref` (egov.dossiers.codes).
    code = models.CharField(_("dossier code"), max_length=64, unique=True)
    submission_ref = models.CharField(
        _("submission reference"), max_length=32, unique=True, null=True, blank=True, editable=False
    )
    procedure = models.ForeignKey(
        Procedure, on_delete=models.PROTECT, related_name="dossiers", verbose_name=_("procedure")
    )
    workflow = models.ForeignKey(
        WorkflowTemplate,
        on_delete=models.PROTECT,
        related_name="dossiers",
        verbose_name=_("workflow version"),
    )
    rules_version = models.CharField(_("rules in force at receipt"), max_length=40)
    supplement_mode = models.CharField(
        _("after a supplement"), max_length=10, choices=SupplementMode.choices, default=SupplementMode.RESUME
    )
    # The foreign keys whose column leads one of the indexes below (dossier_book, dossier_queue,
    # dossier_handler) have no index of their own (db_index=False): that index answers the same look-ups
    # and the checks of a PROTECT, and every move or new dossier would otherwise write one more index entry
    # for nothing (docs/performance.md, "Indexes no query needs").
    receiving_agency = models.ForeignKey(
        Agency,
        on_delete=models.PROTECT,
        related_name="received_dossiers",
        verbose_name=_("receiving agency"),
        db_index=False,
    )
    channel = models.CharField(_("channel"), max_length=10, choices=Channel.choices)

    applicant_type = models.CharField(
        _("applicant type"), max_length=20, choices=ApplicantType.choices, default=ApplicantType.CITIZEN
    )
    applicant_name = models.CharField(_("applicant"), max_length=200)
    applicant_id_number = models.CharField(
        _("ID number"), max_length=20, blank=True, help_text=_("Personal ID (CCCD) or tax code")
    )
    applicant_phone = models.CharField(_("phone"), max_length=20, blank=True)
    applicant_email = models.EmailField(_("email"), blank=True)
    applicant_address = models.CharField(_("address"), max_length=300, blank=True)
    # No index: the applicant search is `LIKE '% word %'`, which no B-tree serves (dossiers 0027).
    applicant_folded = models.CharField(max_length=200, editable=False, default="")
    #: The citizen account that filed it online (or that the dossier was linked to): its owner sees it under
    #: "my dossiers". None for a dossier received at a counter from someone without an account.
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="own_dossiers",
        verbose_name=_("owner account"),
    )
    #: The organisation it was filed for through a member's account (its members all follow it).
    organisation = models.ForeignKey(
        "citizens.Organisation",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="dossiers",
        verbose_name=_("organisation"),
    )
    summary = models.CharField(_("summary"), max_length=500, blank=True)

    status = models.CharField(_("status"), max_length=15, choices=Status.choices, db_index=True)
    outcome = models.CharField(_("outcome"), max_length=10, choices=Outcome.choices, default="", blank=True)
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    received_at = models.DateTimeField(_("received at"), null=True, blank=True)
    # An online submission's two limits (rules/*.json "online", Decree 118 art. 17.2): the counter's officers
    # alerted by the first, the submission accepted or sent back to be completed by the second. A submission
    # completed and sent again gets new ones.
    alert_due_at = models.DateTimeField(_("counter alerted by"), null=True, blank=True)
    accept_due_at = models.DateTimeField(_("accept or ask to complete by"), null=True, blank=True)
    due_at = models.DateTimeField(_("due"), null=True, blank=True)
    original_due_at = models.DateTimeField(_("first appointment"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)
    returned_at = models.DateTimeField(_("returned at"), null=True, blank=True)
    timeliness = models.CharField(
        _("timeliness"), max_length=8, choices=Timeliness.choices, default="", blank=True
    )
    paused_at = models.DateTimeField(null=True, blank=True)
    paused_from = models.CharField(max_length=15, blank=True, default="")
    apologies = models.PositiveSmallIntegerField(default=0)

    #: The agency that resolves it (cơ quan có thẩm quyền giải quyết), by the rule its code's prefix follows
    #: (codes.competent_agency, Decree 118/2025 art. 28.2.a): where the workflow's last approving step
    #: happens, a service centre standing for the body it belongs to. A department's dossiers are received
    #: at the provincial centre (art. 20.1.a); the statistics count each dossier for the agency that
    #: resolves it, as the national portal rates each agency (egov.stats.keeping). Set at creation; it
    #: never changes. Indexed with received_at below (`dossier_competent`), not alone.
    competent_agency = models.ForeignKey(
        Agency,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("competent agency"),
        db_index=False,
    )
    # Decree 118/2025 art. 20.1.a: a paper dossier received at a centre that is not the competent agency
    # reaches that agency within the rules' limit (rules/*.json "paper_forward"); empty when not needed.
    paper_forward_to = models.ForeignKey(
        Agency,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("papers go to"),
    )
    paper_forward_due_at = models.DateTimeField(_("papers due there"), null=True, blank=True)
    papers_sent_at = models.DateTimeField(_("papers sent"), null=True, blank=True)
    papers_arrived_at = models.DateTimeField(_("papers arrived"), null=True, blank=True)

    # Decree 118/2025 art. 23.1: a returned result found wrong through the staff's fault goes back for
    # correction; set while it is being corrected, the corrected result is due by this moment.
    correction_due_at = models.DateTimeField(_("corrected result due"), null=True, blank=True)
    corrections = models.PositiveSmallIntegerField(_("corrections"), default=0)
    #: How the last correction came back: on time or late against `correction_due_at`.
    correction_timeliness = models.CharField(
        _("correction timeliness"), max_length=8, choices=Timeliness.choices, default="", blank=True
    )

    # The step pointer.
    current_step = models.ForeignKey(
        WorkflowStep, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    current_kind = models.CharField(max_length=15, blank=True, default="")
    current_role = models.CharField(max_length=20, blank=True, default="")
    current_agency = models.ForeignKey(
        Agency,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="current_dossiers",
        db_index=False,  # dossier_queue leads with it
    )
    handler = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="handled_dossiers",
        verbose_name=_("handler"),
        db_index=False,  # dossier_handler leads with it
    )
    step_started_at = models.DateTimeField(null=True, blank=True)
    step_due_at = models.DateTimeField(_("step due"), null=True, blank=True)

    status_changed_at = models.DateTimeField(_("last change"))
    version = models.PositiveIntegerField(default=1, help_text="optimistic lock, +1 on every transition")
    created_at = models.DateTimeField(auto_now_add=True)

    objects: ClassVar[DossierQuerySet] = DossierQuerySet.as_manager()  # type: ignore[assignment]

    class Meta:
        verbose_name = _("dossier")
        verbose_name_plural = _("dossiers")
        ordering = ["-received_at", "-id"]
        indexes = [
            models.Index(fields=["current_agency", "status", "due_at"], name="dossier_queue"),
            models.Index(
                fields=["current_agency", "status", "status_changed_at"], name="dossier_queue_changed"
            ),
            models.Index(fields=["handler", "status", "due_at"], name="dossier_handler"),
            models.Index(fields=["receiving_agency", "received_at"], name="dossier_book"),
            # The statistics' lists and indicators: an agency's dossiers by receipt (egov.stats.drilldown).
            models.Index(fields=["competent_agency", "received_at"], name="dossier_competent"),
            models.Index(fields=["applicant_id_number"], name="dossier_applicant_id"),
            *QUEUE_INDEXES,  # egov.dossiers.queue_indexes
        ]

    def __str__(self) -> str:
        return self.code

    @property
    def national_status(self) -> int:
        return NATIONAL_CODE[self.status]

    @property
    def is_open(self) -> bool:
        return self.status in OPEN


class CodeSequence(models.Model):
    """Số thứ tự hồ sơ tiếp nhận trong ngày (Decree 118/2025 art. 28.2.b): one counter per code prefix
    (the identifier the codes begin with) and day, so two counters issuing codes of one competent
    agency never give the same number."""

    prefix = models.CharField(max_length=40)
    day = models.DateField()
    last = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["prefix", "day"], name="code_sequence_prefix_day")]

    def __str__(self) -> str:
        return f"{self.prefix} {self.day}: {self.last}"


class DossierEvent(models.Model):
    """One row of the history: every transition, with who, when, from where to where, and why."""

    # No index of its own: dossier_event_timeline (dossier, at) leads with it.
    dossier = models.ForeignKey(Dossier, on_delete=models.CASCADE, related_name="events", db_index=False)
    action = models.CharField(_("action"), max_length=30)
    at = models.DateTimeField(_("at"))
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    actor_name = models.CharField(_("by"), max_length=200)
    from_status = models.CharField(max_length=15, blank=True, default="")
    to_status = models.CharField(max_length=15)
    from_step = models.ForeignKey(
        WorkflowStep, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    to_step = models.ForeignKey(
        WorkflowStep, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    from_agency = models.ForeignKey(Agency, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    to_agency = models.ForeignKey(Agency, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    handler = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    comment = models.TextField(_("comment"), blank=True)
    due_at = models.DateTimeField(_("due after this step"), null=True, blank=True)
    data = models.JSONField(default=dict, blank=True)
    idempotency_key = models.CharField(max_length=64, null=True, blank=True, unique=True)
    # The counter's answer to an online submission (accept, ask to complete, refuse), as plain columns beside
    # `data["accept_late"]` so the counter's record against the acceptance limit is read from one small
    # index instead of every history row of its dossiers (online_queue.online_limits): the receiving agency it
    # counts for (a dossier's receiving agency never changes) and whether it came after the limit. Both
    # NULL on every other row; steps.write_event fills them from the same data.
    answer_agency = models.ForeignKey(
        Agency, on_delete=models.PROTECT, null=True, blank=True, related_name="+", db_index=False
    )
    accept_late = models.BooleanField(null=True, blank=True)

    class Meta:
        verbose_name = _("dossier event")
        verbose_name_plural = _("dossier history")
        ordering = ["at", "id"]
        indexes = [
            models.Index(fields=["dossier", "at"], name="dossier_event_timeline"),
            # Only the online answers, each agency's together, by moment: the panel's counts (with or
            # without a period) read this index alone. Also the index of the foreign key (db_index=False).
            models.Index(
                fields=["answer_agency", "at", "accept_late"],
                condition=models.Q(answer_agency__isnull=False),
                name="dossier_event_online_answer",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.dossier_id} {self.action} {self.at:%Y-%m-%d %H:%M}"

    @property
    def from_status_label(self) -> Any:
        return Status(self.from_status).label if self.from_status else ""

    @property
    def to_status_label(self) -> Any:
        return Status(self.to_status).label


class StepVisit(models.Model):
    """A stay of the dossier at one workflow step: arrival, departure, time used against the allotment."""

    # No index of its own: step_visit_dossier (dossier, started_at) leads with it.
    dossier = models.ForeignKey(Dossier, on_delete=models.CASCADE, related_name="visits", db_index=False)
    step = models.ForeignKey(WorkflowStep, on_delete=models.PROTECT, related_name="+")
    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="+")
    handler = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    started_at = models.DateTimeField()
    due_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    paused_hours = models.DecimalField(max_digits=9, decimal_places=2, default=0)
    spent_hours = models.DecimalField(max_digits=9, decimal_places=2, null=True, blank=True)
    timeliness = models.CharField(max_length=8, choices=Timeliness.choices, default="", blank=True)

    class Meta:
        ordering = ["started_at", "id"]
        indexes = [models.Index(fields=["dossier", "started_at"], name="step_visit_dossier")]

    def __str__(self) -> str:
        return f"{self.dossier_id} · {self.step_id}"


def attachment_path(uploaded_at: Any, filename: str) -> str:
    """A fresh storage name per upload: a stored file is never overwritten."""
    suffix = filename.rsplit(".", 1)[-1][:10] if "." in filename else "bin"
    return f"dossiers/{uploaded_at:%Y/%m}/{uuid.uuid4().hex}.{suffix}"


def _attachment_path(instance: Attachment, filename: str) -> str:
    return attachment_path(instance.uploaded_at, filename)


class Attachment(models.Model):
    class Kind(models.TextChoices):
        PAPER = "paper", _("Paper from the applicant")
        SUPPLEMENT = "supplement", _("Supplement")
        WORKING = "working", _("Working document")
        RESULT = "result", _("Result")

    dossier = models.ForeignKey(Dossier, on_delete=models.PROTECT, related_name="attachments")
    event = models.ForeignKey(
        DossierEvent, on_delete=models.PROTECT, null=True, blank=True, related_name="files"
    )
    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices, default=Kind.PAPER)
    name = models.CharField(_("name"), max_length=255)
    file = models.FileField(_("file"), upload_to=_attachment_path, max_length=200)
    size = models.PositiveBigIntegerField(_("size"))
    sha256 = models.CharField(_("SHA-256"), max_length=64)
    content_type = models.CharField(max_length=100, blank=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    uploaded_at = models.DateTimeField()
    #: Mã số giấy tờ of an electronic result (Decree 118/2025 art. 22.4), given when the result is issued;
    #: empty for other files and where it cannot be formed (egov.dossiers.results.document_code).
    document_code = models.CharField(_("document code"), max_length=80, blank=True, default="")
    #: The certificate an electronic result was signed with (its subject; egov.dossiers.result_signing);
    #: empty for a result that is not signed (not a PDF, or no certificate) and for every other file.
    signed_by = models.CharField(_("signed by"), max_length=500, blank=True, default="")

    class Meta:
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")
        ordering = ["uploaded_at", "id"]

    def __str__(self) -> str:
        return self.name

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.pk is not None:
            raise ValueError("attachments are never overwritten: add a new one")
        super().save(*args, **kwargs)


class DossierFee(models.Model):
    dossier = models.ForeignKey(Dossier, on_delete=models.CASCADE, related_name="fees")
    name = models.CharField(_("name"), max_length=300)
    amount = models.DecimalField(_("amount (VND)"), max_digits=14, decimal_places=0)
    paid_at = models.DateTimeField(_("paid at"), null=True, blank=True)
    #: Why the line is charged: the catalogue line's case as chosen or confirmed, empty when it always is
    #: (egov.payments.fees); the catalogue line it came from, while it exists.
    why = models.CharField(_("charged because"), max_length=300, blank=True)
    fee = models.ForeignKey(
        "procedures.Fee", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("dossier fee")
        verbose_name_plural = _("dossier fees")
        ordering = ["id"]

    def __str__(self) -> str:
        return f"{self.name}: {self.amount}"


# Every queue row and the dossier page show statuses, timeliness, kinds: see egov.core.choices.
fast_displays(Dossier, DossierEvent, StepVisit, Attachment, DossierFee)

# In their own modules to keep this one readable (the counter's paper records, online form answers, the
# linked bundles: import those from bundle_models); imported here so that Django
# finds them in this app.
from egov.dossiers import bundle_models as bundle_models  # noqa: E402
from egov.dossiers.answer_models import FiledPaper as FiledPaper  # noqa: E402
from egov.dossiers.answer_models import FormAnswers as FormAnswers  # noqa: E402
from egov.dossiers.counter_models import CounterGuidance as CounterGuidance  # noqa: E402
from egov.dossiers.counter_models import ReceivedPaper as ReceivedPaper  # noqa: E402
