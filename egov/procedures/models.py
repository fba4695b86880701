"""The procedure catalogue (danh mục thủ tục hành chính).

A procedure carries its papers, fees, time limit and legal basis. How a dossier
moves through agencies is a versioned workflow template; what the applicant
fills in online is a versioned form. A dossier keeps the versions it started
with, so editing the catalogue never changes a dossier already received.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any, ClassVar

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from egov.organizations.models import Agency
from egov.procedures import permissions
from egov.procedures.choices import PublicationStatus as PublicationStatus
from egov.procedures.links import source_link, validate_source

#: One working day is 8 working hours (Labour Code 2019, art. 105).
HOURS_PER_DAY = Decimal(8)


class Level(models.TextChoices):
    """Cấp thực hiện."""

    CENTRAL = "central", _("Central")
    PROVINCE = "province", pgettext_lazy("level", "Province")
    DISTRICT = "district", pgettext_lazy("level", "District")
    COMMUNE = "commune", _("Commune")


class TimeUnit(models.TextChoices):
    """How a procedure's time limit is counted. SAME_DAY is the rule specialised law sets for civil status
    and certification ("trong ngày; sau 15 giờ trả trong ngày làm việc tiếp theo"): the result is due at
    the end of office hours of the day of receipt, or of the next working day when received after the
    cut-off time (`Procedure.same_day_cutoff`) or on a day off — not a number of hours."""

    WORKING_DAYS = "days", _("working days")
    WORKING_HOURS = "hours", _("working hours")
    SAME_DAY = "same_day", _("same working day (cut-off time)")


class ServiceLevel(models.TextChoices):
    """Decree 42/2022/NĐ-CP: fully online (toàn trình), partly online (một phần), or information only."""

    INFORMATION = "information", _("Information only")
    PARTLY_ONLINE = "partly_online", _("Partly online")
    FULLY_ONLINE = "fully_online", _("Fully online")


class Channel(models.TextChoices):
    COUNTER = "counter", _("At the counter")
    ONLINE = "online", _("Online")
    POST = "post", _("By post")


class ApplicantType(models.TextChoices):
    CITIZEN = "citizen", _("Citizen")
    ORGANISATION = "organisation", _("Organisation")
    BUSINESS = "business", _("Business")
    FOREIGNER = "foreigner", _("Foreigner")


class Field(models.Model):
    """Lĩnh vực: the field a procedure belongs to (civil status, land, construction…)."""

    code = models.CharField(_("code"), max_length=30, unique=True)
    name = models.CharField(_("name"), max_length=200)
    name_folded = models.CharField(max_length=200, editable=False, db_index=True)
    sort_order = models.PositiveIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("field")
        verbose_name_plural = _("fields")
        ordering = ["sort_order", "name"]

    def __str__(self) -> str:
        return self.name


class ProcedureQuerySet(models.QuerySet["Procedure"]):
    def published(self) -> ProcedureQuerySet:
        return self.filter(status=PublicationStatus.PUBLISHED)

    def visible_to(self, user: Any) -> ProcedureQuerySet:
        """Procedures the user may open in the administration screens (permissions.readable_q)."""
        return self.filter(permissions.readable_q(user)).distinct()


class Procedure(models.Model):
    code = models.CharField(
        _("national code"),
        max_length=30,
        unique=True,
        help_text=_("Code in the national procedure database, e.g. 1.001757"),
    )
    name = models.CharField(_("name"), max_length=500)
    field = models.ForeignKey(
        Field, on_delete=models.PROTECT, related_name="procedures", verbose_name=_("field")
    )
    levels = models.JSONField(_("levels"), default=list, help_text=_("Levels that carry it out"))
    agencies = models.ManyToManyField(
        Agency,
        blank=True,
        related_name="procedures",
        verbose_name=_("agencies that carry it out"),
    )
    processing_time = models.DecimalField(_("processing time"), max_digits=6, decimal_places=1)
    time_unit = models.CharField(
        _("unit"), max_length=10, choices=TimeUnit.choices, default=TimeUnit.WORKING_DAYS
    )
    same_day_cutoff = models.TimeField(
        _("cut-off time"),
        null=True,
        blank=True,
        help_text=_("Same-day procedures: received after this time, the result is due the next working day"),
    )
    time_limit_source = models.CharField(
        _("legal source of the time limit"),
        max_length=300,
        blank=True,
        help_text=_("The article that sets the time limit, e.g. of the specialised law"),
    )
    processing_note = models.TextField(_("notes on the time limit"), blank=True)
    legal_basis = models.TextField(_("legal basis"), blank=True)
    result = models.TextField(_("result"), blank=True)
    # Decree 118/2025 art. 22.4: the second half of an electronic result's document code (mã số giấy tờ)
    # is the result-type code the national procedure database gives this procedure's result.
    result_type_code = models.CharField(
        _("result type code"),
        max_length=30,
        blank=True,
        help_text=_(
            "Code of the result type in the national procedure database (Decree 118/2025 art. 22.4); "
            "empty: results of this procedure get no document code"
        ),
    )
    applicant_types = models.JSONField(_("applicant types"), default=list)
    channels = models.JSONField(_("channels"), default=list)
    service_level = models.CharField(
        _("online service level"),
        max_length=20,
        choices=ServiceLevel.choices,
        default=ServiceLevel.PARTLY_ONLINE,
    )
    online_payment = models.BooleanField(_("fees payable online"), default=False)
    inter_agency_group = models.BooleanField(
        _("part of an inter-agency group of procedures"),
        default=False,
        help_text=_(
            "Một cửa liên thông nhóm thủ tục: its dossier codes begin with the identifier of the one-stop "
            "unit that received it, or of the National Public Service Portal when filed online "
            "(Decree 118/2025 art. 28.2.a)"
        ),
    )
    requirements = models.TextField(_("conditions"), blank=True)
    steps_text = models.TextField(_("how it is carried out"), blank=True)
    source = models.CharField(
        _("source"),
        max_length=300,
        blank=True,
        validators=[validate_source],
        help_text=_("Where the data was taken from; a link must start with http:// or https://"),
    )
    status = models.CharField(
        _("status"),
        max_length=12,
        choices=PublicationStatus.choices,
        default=PublicationStatus.DRAFT,
    )
    search_text = models.TextField(editable=False, default="", help_text="folded code, name and field")
    name_folded = models.CharField(max_length=500, editable=False, default="", db_index=True)
    published_at = models.DateTimeField(null=True, blank=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects: ClassVar[ProcedureQuerySet] = ProcedureQuerySet.as_manager()  # type: ignore[assignment]

    class Meta:
        verbose_name = _("procedure")
        verbose_name_plural = _("procedures")
        ordering = ["field__sort_order", "name"]
        indexes = [models.Index(fields=["status", "field"])]

    def __str__(self) -> str:
        return f"{self.code} {self.name}"

    def clean(self) -> None:
        """The time limit holds together: a positive time, and a cut-off exactly for a same-day procedure."""
        errors: dict[str, list[Any]] = {}
        if self.processing_time is not None and self.processing_time <= 0:
            errors["processing_time"] = [_("The processing time must be more than zero.")]
        if self.time_unit == TimeUnit.SAME_DAY and self.same_day_cutoff is None:
            errors["same_day_cutoff"] = [_("A same-day procedure needs its cut-off time, e.g. 15:00.")]
        if self.time_unit != TimeUnit.SAME_DAY:
            self.same_day_cutoff = None
        if errors:
            raise ValidationError(errors)

    @property
    def processing_hours(self) -> Decimal:
        """The legal total in working hours (a working day is 8 hours); a same-day procedure has one working
        day at most (what its workflow steps may share)."""
        if self.time_unit == TimeUnit.WORKING_HOURS:
            return self.processing_time
        if self.time_unit == TimeUnit.SAME_DAY:
            return HOURS_PER_DAY
        return self.processing_time * HOURS_PER_DAY

    def allotment_fits(self, total: Decimal) -> bool:
        """Whether workflow steps allotted `total` working hours match the time limit: exactly, or for a
        same-day procedure within its one working day (its limit is not a number of hours)."""
        if self.time_unit == TimeUnit.SAME_DAY:
            return total <= self.processing_hours
        return total == self.processing_hours

    @property
    def time_limit_text(self) -> str:
        """The time limit as the screens print it: "5 ngày làm việc", or the same-day rule and its cut-off."""
        if self.time_unit == TimeUnit.SAME_DAY and self.same_day_cutoff is not None:
            return _("Same working day; received after %(cutoff)s: the next working day") % {
                "cutoff": self.same_day_cutoff.strftime("%H:%M")
            }
        amount = format(self.processing_time.normalize(), "f") if self.processing_time is not None else ""
        return f"{amount} {self.get_time_unit_display()}"

    @property
    def is_published(self) -> bool:
        return self.status == PublicationStatus.PUBLISHED

    @property
    def source_url(self) -> str | None:
        """The http(s) link the source begins with; None for plain text or anything unsafe."""
        return source_link(self.source)

    @property
    def source_rest(self) -> str:
        """The source's text after its link (all of it when there is no safe link)."""
        link = self.source_url
        return self.source.strip()[len(link) :].strip() if link else self.source


class RequiredDocument(models.Model):
    """Thành phần hồ sơ."""

    class Copy(models.TextChoices):
        ORIGINAL = "original", _("Original")
        COPY = "copy", _("Copy")
        CERTIFIED_COPY = "certified_copy", _("Certified copy")
        ORIGINAL_OR_COPY = "original_or_copy", _("Original or certified copy")

    class Online(models.TextChoices):
        """How the paper comes when the dossier is filed online. Decree 118/2025/NĐ-CP art. 4.2a (added by
        Decree 309/2026/NĐ-CP art. 2.1): the one-stop uses the data already in the databases instead of a
        dossier component and does not ask for it; art. 5.1.i forbids asking again for what is shared that
        way. The declaration (tờ khai, đơn) of a procedure with an online form is that form's answers (the
        procedure records' own wording, "mẫu … điện tử tương tác (nộp trực tuyến)": egov's reading). The
        counter still receives every paper on its checklist."""

        UPLOAD = "upload", _("The applicant uploads it")
        FORM = "form", _("It is the online form the applicant fills in")
        DATABASE = "database", _("The one-stop reads it from a national or specialised database")

    procedure = models.ForeignKey(Procedure, on_delete=models.CASCADE, related_name="documents")
    name = models.CharField(_("name"), max_length=500)
    copy_kind = models.CharField(
        _("original or copy"), max_length=20, choices=Copy.choices, default=Copy.ORIGINAL
    )
    quantity = models.PositiveSmallIntegerField(_("number of sets"), default=1)
    required = models.BooleanField(_("required"), default=True)
    reusable = models.BooleanField(_("a digitised copy may be reused"), default=True)
    online = models.CharField(
        _("when filed online"), max_length=10, choices=Online.choices, default=Online.UPLOAD
    )
    template = models.FileField(_("form template"), upload_to="procedures/templates/%Y/", blank=True)
    template_name = models.CharField(_("form name"), max_length=200, blank=True)
    note = models.TextField(_("note"), blank=True)
    sort_order = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("required document")
        verbose_name_plural = _("required documents")
        ordering = ["sort_order", "id"]

    def __str__(self) -> str:
        return self.name

    def asked_online(self, has_form: bool) -> bool:
        """Whether the online filing asks for this paper (a file, or one from the applicant's store), its
        procedure having a published online form or not: a declaration stands for the form only when there
        is one to fill in (a linked group's part may have none), else it is uploaded as any paper."""
        return self.online == self.Online.UPLOAD or (self.online == self.Online.FORM and not has_form)


class Fee(models.Model):
    """Phí, lệ phí: one line of the catalogue's fee list. `applies` says when the line is charged: always,
    when the applicant says their case is `case` (asked on the online form), or when an officer confirms
    `case` from the papers (an exemption or a reduction). A line that applies is charged instead of the
    lines named in `replaces` (e.g. the late-registration charge instead of the free on-time line). A
    dossier keeps the lines it was charged with their reason (dossiers.DossierFee), so a later edit of the
    catalogue never changes what an earlier dossier owes."""

    class Kind(models.TextChoices):
        FEE = "fee", _("Fee (phí)")
        CHARGE = "charge", _("Charge (lệ phí)")

    class Applies(models.TextChoices):
        ALWAYS = "always", _("Always")
        CHOSEN = "chosen", _("When the applicant says the case applies")
        CONFIRMED = "confirmed", _("When an officer confirms the case from the papers")

    procedure = models.ForeignKey(Procedure, on_delete=models.CASCADE, related_name="fees")
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices, default=Kind.CHARGE)
    name = models.CharField(_("name"), max_length=300)
    amount = models.DecimalField(pgettext_lazy("fee", "amount (VND)"), max_digits=14, decimal_places=0)
    condition = models.CharField(_("applies when"), max_length=500, blank=True)
    legal_basis = models.CharField(_("legal basis"), max_length=300, blank=True)
    #: What is charged when the dossier is filed online, where the fee's own rule sets a lower rate for
    #: online filing (e.g. Circular 75/2022/TT-BTC: residence registration 20,000 at the counter, 10,000
    #: online). Empty: the same amount on every channel. It applies from `online_from` to `online_until`
    #: (either may be empty), so a reduction with an end date needs no edit when it ends.
    online_amount = models.DecimalField(
        _("amount filed online (VND)"), max_digits=14, decimal_places=0, null=True, blank=True
    )
    online_basis = models.CharField(_("legal basis of the online amount"), max_length=300, blank=True)
    online_from = models.DateField(_("online amount from"), null=True, blank=True)
    online_until = models.DateField(_("online amount until"), null=True, blank=True)
    #: Lines made before cases existed apply always, as they were charged before.
    applies = models.CharField(_("charged"), max_length=10, choices=Applies.choices, default=Applies.ALWAYS)
    #: The case in plain words, as the applicant or the officer is asked it ("Đăng ký quá hạn: …").
    case = models.CharField(_("case"), max_length=300, blank=True)
    #: The provision that makes the line depend on the case (e.g. Luật Hộ tịch 2014 Điều 11).
    case_basis = models.CharField(_("legal basis of the case"), max_length=300, blank=True)
    #: The names of the procedure's lines this one is charged instead of, when it applies.
    replaces = models.JSONField(_("charged instead of"), default=list, blank=True)
    #: A line charged per unit (each copy, each certificate): the number field of the online form that
    #: counts the units, and the first unit this line charges (3: "from the third certificate on"). Filed
    #: online, the amount is the number answered from `per_from` on times `amount`, and a count of none is
    #: not charged, so the fee step never asks again what the form holds. Empty: charged once.
    per_field = models.CharField(_("charged per unit counted by the form's field"), max_length=60, blank=True)
    per_from = models.PositiveSmallIntegerField(_("from the unit"), default=1)
    #: A case the online form's answers decide, not asked again (late registration: the child born more
    #: than 60 days before the filing, Luật Hộ tịch 2014 art. 15.1): a date field of the form (`group.field`
    #: for a field of a one-row group) and the days after it from which the case applies. Filed online with
    #: that date answered, the line is charged when more than `when_days` days have passed, and not
    #: otherwise, whatever was chosen; the officer may still correct it. Empty: as `applies` says.
    when_field = models.CharField(_("decided by the form's date field"), max_length=100, blank=True)
    when_days = models.PositiveIntegerField(
        _("more than this many days before filing"), null=True, blank=True
    )
    sort_order = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("fee")
        verbose_name_plural = _("fees")
        ordering = ["sort_order", "id"]

    def __str__(self) -> str:
        return f"{self.name}: {self.amount}"

    def clean(self) -> None:
        errors: dict[str, Any] = {}
        if self.online_amount is not None:
            if self.online_amount < 0 or (self.amount is not None and self.online_amount > self.amount):
                errors["online_amount"] = _("The online amount lies between 0 and the amount.")
            if not self.online_basis.strip():
                errors["online_basis"] = _("Cite the provision that sets the online amount.")
        if self.online_from and self.online_until and self.online_until < self.online_from:
            errors["online_until"] = _("The end date comes after the start date.")
        if self.applies != self.Applies.ALWAYS:
            if not self.case.strip():
                errors["case"] = _("Say in plain words the case in which this line is charged.")
            if not self.case_basis.strip():
                errors["case_basis"] = _("Cite the provision that makes this line depend on the case.")
        if not isinstance(self.replaces, list) or not all(isinstance(n, str) for n in self.replaces):
            errors["replaces"] = _("List the names of the lines this one is charged instead of.")
        elif self.name in self.replaces:
            errors["replaces"] = _("A line cannot be charged instead of itself.")
        if self.per_from < 1:
            errors["per_from"] = _("Units are counted from 1.")
        if bool(self.when_field) != (self.when_days is not None):
            errors["when_days"] = _("Give both the form's date field and the number of days, or neither.")
        elif self.when_field and self.applies != self.Applies.CHOSEN:
            errors["when_field"] = _("Only a case the applicant would be asked can be decided by the form.")
        if self.per_field and self.applies != self.Applies.ALWAYS:
            errors["per_field"] = _("A line charged per unit is charged always.")
        if errors:
            raise ValidationError(errors)


class FormVersion(models.Model):
    """The online form (tờ khai điện tử) of a procedure: its fields as versioned data (`schema`)."""

    procedure = models.ForeignKey(Procedure, on_delete=models.CASCADE, related_name="forms")
    version = models.PositiveIntegerField(default=1)
    schema = models.JSONField(default=dict)
    status = models.CharField(
        max_length=12, choices=PublicationStatus.choices, default=PublicationStatus.DRAFT
    )
    published_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("online form")
        verbose_name_plural = _("online forms")
        constraints = [models.UniqueConstraint(fields=["procedure", "version"], name="form_version_unique")]
        ordering = ["procedure", "-version"]

    def __str__(self) -> str:
        return f"{self.procedure.code} form v{self.version}"

    @property
    def is_draft(self) -> bool:
        return self.status == PublicationStatus.DRAFT


# The internal workflows (quy trình nội bộ) and the linked procedure groups (nhóm thủ tục liên thông,
# Decree 63/2024/NĐ-CP) in their own modules; imported here so that Django finds them in this app and
# `egov.procedures.models.WorkflowStep` keeps working.
class CatalogueVersion(models.Model):
    """One row whose token changes in the same transaction as every catalogue change that can change which
    counters receive which procedure or which workflow a dossier starts (a procedure's status or agencies, a
    workflow or its steps, an agency): each process
    keeps its answers under the token it read (egov.procedures.catalogue_version), as the calendar does
    with core.CalendarVersion. A random token, not a counter: a rolled-back change never looks current."""

    token = models.CharField(max_length=32)

    class Meta:
        verbose_name = _("catalogue version")
        verbose_name_plural = _("catalogue version")

    def __str__(self) -> str:
        return self.token


from egov.procedures.group_models import GroupPart as GroupPart  # noqa: E402
from egov.procedures.group_models import PartHandler as PartHandler  # noqa: E402
from egov.procedures.group_models import ProcedureGroup as ProcedureGroup  # noqa: E402
from egov.procedures.workflow_models import StepKind as StepKind  # noqa: E402
from egov.procedures.workflow_models import WorkflowStep as WorkflowStep  # noqa: E402
from egov.procedures.workflow_models import WorkflowTemplate as WorkflowTemplate  # noqa: E402
