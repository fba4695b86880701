"""Every write of the feedback app: rate a dossier; send, assign, answer and publish feedback.

Each service is one transaction with its audit row, and writes to the outbox whatever someone must be told.
A refused call raises ValidationError (bad input, in the user's language) or PermissionDenied and changes
nothing.
"""

from __future__ import annotations

import datetime as dt
import secrets
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from egov.accounts.models import User
from egov.channels import outbox
from egov.channels.models import OutboxMessage
from egov.core import calendar
from egov.core.audit import Actor, record, snapshot
from egov.dossiers import permissions as dossier_permissions
from egov.dossiers.models import Dossier, Status
from egov.feedback import criteria, links, permissions, routing
from egov.feedback.models import Feedback, FeedbackStatus, Rating, RatingChannel
from egov.organizations.models import Agency, Role, RoleGrant

REFERENCE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"


class Visitor:
    """A person without an account who sends feedback: no role, no row; the audit log shows "system"."""

    pk = None
    is_authenticated = False
    is_superuser = False
    is_active = True

    def get_full_name(self) -> str:
        return "visitor"


def _account(actor: Actor) -> User | None:
    """The account behind the actor, for the columns that name who did something."""
    return actor if isinstance(actor, User) else None


# ---------------------------------------------------------------- ratings


def rate(
    *,
    actor: Actor,
    dossier: Dossier | int,
    levels: dict[str, int],
    comment: str = "",
    token: str = "",
    on_paper: bool = False,
    now: dt.datetime | None = None,
) -> Rating:
    """Record the rating of a returned dossier, once (Decree 118/2025 art. 33): by its owner's account (or an
    organisation member's), by whoever holds the dossier's signed rating link (`token`), or by a desk officer
    of the receiving agency who records the paper card the applicant ticked (`on_paper`, Decree 118/2025
    art. 31.1.a). A rating "not satisfied" is told to the agency (its address and its own leaders) through
    the outbox."""
    now = now or timezone.now()
    pk = dossier if isinstance(dossier, int) else dossier.pk
    with transaction.atomic():
        d = Dossier.objects.select_for_update().select_related("receiving_agency", "procedure").get(pk=pk)
        by_link = bool(token) and links.token_matches(d.pk, token)
        if on_paper:
            if not dossier_permissions.counter(d, actor):
                raise PermissionDenied(_("Only the receiving counter records a paper rating card."))
        elif not by_link and not permissions.may_rate(actor, d):
            raise PermissionDenied(_("Only the applicant may rate this dossier."))
        if d.status != Status.RETURNED:
            raise ValidationError(_("This dossier can be rated once its result has been returned."))
        if Rating.objects.filter(dossier=d).exists():
            raise ValidationError(_("This dossier has already been rated. Thank you."))
        used = criteria.criteria_for(timezone.localdate(d.returned_at or now))
        clean = _clean_levels(used, levels)
        rating = Rating(
            dossier=d,
            agency=d.receiving_agency,
            procedure=d.procedure,
            criteria_version=used.version,
            levels=clean,
            level=criteria.overall(clean),
            comment=comment.strip(),
            channel=_channel(by_link, on_paper),
            rated_by=None if by_link else _account(actor),
            rated_at=now,
        )
        try:
            with transaction.atomic():
                rating.save()
        except IntegrityError:  # rated in another request meanwhile
            raise ValidationError(_("This dossier has already been rated. Thank you.")) from None
        record(actor, "feedback.rate", rating, after=snapshot(rating), agency_path=d.receiving_agency.path)
        if rating.level == criteria.Level.NOT_SATISFIED:
            _tell_agency_not_satisfied(rating, now)
    return rating


def _channel(by_link: bool, on_paper: bool) -> str:
    if on_paper:
        return RatingChannel.PAPER
    return RatingChannel.LINK if by_link else RatingChannel.ONLINE


def _clean_levels(used: criteria.CriteriaSet, levels: dict[str, int]) -> dict[str, int]:
    known = {c.key: c for c in used.criteria}
    valid = {int(level) for level in criteria.Level}
    errors: dict[str, str] = {}
    clean: dict[str, int] = {}
    for key in levels:
        if key not in known:
            errors[key] = _("This is not one of the contents rated.")
    for key, criterion in known.items():
        value = levels.get(key)
        if value in (None, ""):
            if not criterion.optional:
                errors[key] = _("Choose a level for this content.")
            continue
        try:
            level = int(value)  # type: ignore[arg-type]
        except (TypeError, ValueError):
            level = 0
        if level not in valid:
            errors[key] = _("Choose one of the levels shown.")
        else:
            clean[key] = level
    if errors:
        raise ValidationError(errors)
    return clean


def _agency_recipients(agency: Agency) -> list[str]:
    """The agency's own address and the addresses of the leaders granted on the agency itself."""
    leaders = RoleGrant.objects.filter(role=Role.LEADER, agency=agency, user__is_active=True)
    addresses = [agency.email] if agency.email else []
    for email in leaders.values_list("user__email", flat=True).order_by("user__email"):
        if email and email not in addresses:
            addresses.append(email)
    return addresses


def _tell_agency_not_satisfied(rating: Rating, now: dt.datetime) -> None:
    with translation.override(settings.LANGUAGE_CODE):
        d = rating.dossier
        subject = _("Dossier %(code)s: the applicant is not satisfied") % {"code": d.code}
        body = _(
            "The applicant rated the handling of dossier %(code)s (%(procedure)s) as not satisfied.\n"
            "Comment: %(comment)s"
        ) % {"code": d.code, "procedure": d.procedure.name, "comment": rating.comment or "—"}
        for address in _agency_recipients(rating.agency):
            outbox.enqueue(
                OutboxMessage.Topic.EMAIL,
                {"to": address, "subject": subject, "body": body},
                subject=d,
                now=now,
            )


# ---------------------------------------------------------------- feedback


def _reference(now: dt.datetime) -> str:
    tail = "".join(secrets.choice(REFERENCE_ALPHABET) for _ in range(6))
    return f"PA-{timezone.localdate(now):%y%m%d}-{tail}"


def send(
    *,
    actor: Actor,
    topic: str,
    code: str = "",
    agency: Agency | None = None,
    title: str,
    content: str,
    name: str = "",
    phone: str = "",
    email: str = "",
    now: dt.datetime | None = None,
) -> Feedback:
    """Send feedback about a dossier (by its code), a procedure (by its code) or an agency, routed to the
    agency that answers it (`routing.responsible`). A citizen's account is the sender; a visitor gives a
    name and a phone number or an email address. The sender gets its reference through the outbox."""
    now = now or timezone.now()
    citizen = permissions.is_citizen(actor)
    name = (name.strip() or (actor.get_full_name() if citizen else ""))[:200]
    phone = phone.strip() or (getattr(actor, "phone", "") if citizen else "")
    email = email.strip() or (getattr(actor, "email", "") if citizen else "")
    errors: dict[str, str] = {}
    if not title.strip():
        errors["title"] = _("Give your feedback a title.")
    if not content.strip():
        errors["content"] = _("Write what you want to tell the agency.")
    if not name:
        errors["name"] = _("Give your name, so the agency can answer you.")
    if not citizen and not phone and not email:
        errors["phone"] = _("Give a phone number or an email address, so the agency can answer you.")
    target = routing.responsible(topic, code, agency)  # raises ValidationError on a code it cannot find
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        item = Feedback.objects.create(
            reference=_reference(now),
            topic=topic,
            dossier=target.dossier,
            procedure=target.procedure,
            agency=target.agency,
            title=title.strip()[:200],
            content=content.strip(),
            sender=_account(actor) if citizen else None,
            sender_name=name,
            sender_phone=phone[:20],
            sender_email=email,
            sent_at=now,
            answer_due_at=calendar.add_working_days(now, settings.EGOV_FEEDBACK_ANSWER_DAYS),
        )
        record(actor, "feedback.send", item, after=snapshot(item, _AUDITED), agency_path=target.agency.path)
        with translation.override(settings.LANGUAGE_CODE):
            text = _(
                "Your feedback %(reference)s was sent to %(agency)s. It will be answered by %(due)s."
            ) % {
                "reference": item.reference,
                "agency": target.agency.name,
                "due": timezone.localtime(item.answer_due_at).strftime("%d/%m/%Y"),
            }
            _tell_sender(item, _("Feedback %(reference)s") % {"reference": item.reference}, text, now)
    return item


#: What the audit log keeps of a feedback item: not the sender's contact details.
_AUDITED = ("reference", "topic", "dossier", "procedure", "agency", "status", "answer_due_at")


def _tell_sender(item: Feedback, subject: str, text: str, now: dt.datetime) -> None:
    if item.sender_email:
        payload = {"to": item.sender_email, "subject": subject, "body": text}
        outbox.enqueue(OutboxMessage.Topic.EMAIL, payload, subject=item, now=now)
    if item.sender_phone:
        outbox.enqueue(
            OutboxMessage.Topic.SMS, {"to": item.sender_phone, "text": text}, subject=item, now=now
        )


def _locked(actor: Any, feedback: Feedback | int) -> Feedback:
    pk = feedback if isinstance(feedback, int) else feedback.pk
    item = Feedback.objects.select_for_update().select_related("agency").get(pk=pk)
    if not permissions.may_handle(actor, item.agency):
        raise PermissionDenied(_("This feedback is handled by another agency."))
    return item


def assign(
    *, actor: Actor, feedback: Feedback | int, assignee: Any, now: dt.datetime | None = None
) -> Feedback:
    """Give the feedback to one of the agency's staff to handle (it is then "being handled")."""
    with transaction.atomic():
        item = _locked(actor, feedback)
        if item.status == FeedbackStatus.ANSWERED:
            raise ValidationError(_("This feedback has already been answered."))
        if assignee is None or not permissions.may_handle(assignee, item.agency):
            raise ValidationError({"assignee": _("Choose someone who handles this agency's feedback.")})
        before = snapshot(item, ("status", "assignee"))
        item.assignee = assignee
        item.status = FeedbackStatus.HANDLING
        item.save(update_fields=["assignee", "status"])
        record(
            actor,
            "feedback.assign",
            item,
            before=before,
            after=snapshot(item, ("status", "assignee")),
            agency_path=item.agency.path,
        )
    return item


def answer(*, actor: Actor, feedback: Feedback | int, text: str, now: dt.datetime | None = None) -> Feedback:
    """Answer the feedback; the sender is told the answer through the outbox."""
    now = now or timezone.now()
    if not text.strip():
        raise ValidationError({"answer": _("Write the answer.")})
    with transaction.atomic():
        item = _locked(actor, feedback)
        if item.status == FeedbackStatus.ANSWERED:
            raise ValidationError(_("This feedback has already been answered."))
        before = snapshot(item, ("status", "answer"))
        item.answer = text.strip()
        item.answered_at = now
        item.answered_by = _account(actor)
        item.status = FeedbackStatus.ANSWERED
        if item.assignee_id is None and item.answered_by is not None:
            item.assignee = item.answered_by
        item.save(update_fields=["answer", "answered_at", "answered_by", "status", "assignee"])
        record(
            actor,
            "feedback.answer",
            item,
            before=before,
            after=snapshot(item, ("status", "answer")),
            agency_path=item.agency.path,
        )
        with translation.override(settings.LANGUAGE_CODE):
            subject = _("Answer to your feedback %(reference)s") % {"reference": item.reference}
            body = _("%(agency)s answered your feedback %(reference)s:\n\n%(answer)s") % {
                "agency": item.agency.name,
                "reference": item.reference,
                "answer": item.answer,
            }
            _tell_sender(item, subject, body, now)
    return item


def publish(
    *, actor: Actor, feedback: Feedback | int, public_content: str, now: dt.datetime | None = None
) -> Feedback:
    """Publish an answered feedback on the public page, with the text staff cleared of personal data (the
    sender's name is shown masked)."""
    now = now or timezone.now()
    if not public_content.strip():
        raise ValidationError({"public_content": _("Write the feedback as it may be published.")})
    with transaction.atomic():
        item = _locked(actor, feedback)
        if item.status != FeedbackStatus.ANSWERED:
            raise ValidationError(_("Only answered feedback is published."))
        item.public_content = public_content.strip()
        item.is_public = True
        item.published_at = now
        item.save(update_fields=["public_content", "is_public", "published_at"])
        record(
            actor,
            "feedback.publish",
            item,
            after=snapshot(item, ("is_public", "public_content")),
            agency_path=item.agency.path,
        )
    return item


def unpublish(*, actor: Actor, feedback: Feedback | int) -> Feedback:
    """Take a published feedback off the public page."""
    with transaction.atomic():
        item = _locked(actor, feedback)
        item.is_public = False
        item.save(update_fields=["is_public"])
        record(actor, "feedback.unpublish", item, after={"is_public": False}, agency_path=item.agency.path)
    return item
