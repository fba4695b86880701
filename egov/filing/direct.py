"""Filing a whole application in one request (the API's `POST /api/v1/filings`): the form's answers, the
applicant and every paper at once, as the national public-service portal and mobile apps send a dossier.

It asks what the filing pages ask, step by step, and makes the dossier through the same service
(`intake.submit_online`): a citizen who may file (verified contact), for themself or an organisation they
are a member of; a procedure filed online on its published form; a counter that receives it; the applicant
checked as on the applicant page (forms.ApplicantForm, prefilled from the profile); the answers checked by
the form built from the schema (onlineform.SchemaForm); every required paper given, each file checked by its
content, within EGOV_FILING_FILE_MAX_MB and together within EGOV_FILING_DOSSIER_MAX_MB; the fee cases the
applicant says are theirs, as the fee step checks them (`fee_cases.checked`). Anything wrong is
refused with every reason at once, and nothing is kept.

The client's Idempotency-Key, scoped to the account, is the one-time key of the dossier's first history row
(`intake.submit_online` looks for it before anything is written): a retried or racing request with the same
key answers with the dossier the first one made, and the files it stored are removed again. A retry is thus
checked like the first request before it is recognised, which keeps the first request of each filing, the
common case, one query shorter.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.http import QueryDict
from django.utils import timezone
from django.utils.translation import gettext as _

from egov.citizens.models import Organisation
from egov.citizens.selectors import prefill_for
from egov.core.audit import Actor
from egov.dossiers import files as filestore
from egov.dossiers import intake
from egov.dossiers.counter import receives
from egov.dossiers.models import Dossier
from egov.filing import fee_cases as cases
from egov.filing import permissions, selectors
from egov.filing.forms import ApplicantForm
from egov.filing.journey import not_uploaded
from egov.filing.services import MB
from egov.organizations.models import Agency
from egov.payments.fees import Due, fees_due, total
from egov.procedures.models import Channel, Procedure
from egov.procedures.onlineform import SchemaForm
from egov.procedures.selectors import checklist, online_checklist

#: The longest Idempotency-Key a client may send (the stored key is its SHA-256 with the account).
KEY_MAX = 200


@dataclass(frozen=True)
class Filed:
    dossier: Dossier
    #: False: an earlier request with the same key made it (a retry); nothing new was made.
    created: bool
    #: The fees still owed on it.
    amount_due: Decimal


def one_time_key(actor: Actor, key: str) -> str:
    """The dossier's one-time key for the client's Idempotency-Key: another account's key never collides."""
    return hashlib.sha256(f"filing-api:{actor.pk}:{key}".encode()).hexdigest()


def form_data(schema: Mapping[str, Any], answers: Mapping[str, Any]) -> QueryDict:
    """The answers as JSON (the shape `SchemaForm.cleaned_data` gives) turned into the fields the filing
    pages post, so the one form built from the schema checks both: an address is {province, ward, detail},
    a repeated group a list of rows."""
    data = QueryDict(mutable=True)

    def put(prefix: str, specs: Sequence[Mapping[str, Any]], values: Mapping[str, Any]) -> None:
        for spec in specs:
            name, value = prefix + str(spec["name"]), values.get(str(spec["name"]))
            if value is None:
                continue
            if spec.get("type") == "address" and isinstance(value, Mapping):
                for index, part in enumerate(("province", "ward", "detail")):
                    data[f"{name}_{index}"] = str(value.get(part) or "")
            elif spec.get("type") == "group":
                rows = [r for r in value if isinstance(r, Mapping)] if isinstance(value, list) else []
                data[f"{name}-TOTAL_FORMS"] = str(len(rows))
                data[f"{name}-INITIAL_FORMS"] = "0"
                for number, row in enumerate(rows):
                    put(f"{name}-{number}-", spec.get("fields", []), row)
            else:
                data[name] = str(value)

    put("", schema.get("fields", []), answers)
    return data


def _answer_errors(form: SchemaForm) -> list[str]:
    labels = {str(s["name"]): str(s.get("label", s["name"])) for s in form.specs}
    found = []
    for name, errors in form.errors.items():
        label = labels.get(name, "")
        for error in errors:
            messages = error.values() if isinstance(error, dict) else [[error]]
            for message in (m for group in messages for m in group):
                found.append(f"{label}: {message}" if label else str(message))
    return found


def _applicant(
    actor: Actor, organisation: Organisation | None, given: Mapping[str, Any]
) -> tuple[dict[str, str], list[str]]:
    """The applicant as the applicant page keeps it: the profile's details, overridden by those given."""
    start = {k.removeprefix("applicant_"): v for k, v in prefill_for(actor, organisation).items()}
    data = {**start, **{k: str(v) for k, v in given.items() if v is not None}}
    form = ApplicantForm(data, applicant_type=start.get("type") or "citizen")
    if form.is_valid():
        return form.applicant(), []
    return {}, [f"{form.fields[n].label}: {m}" for n, errors in form.errors.items() for m in errors]


def file_at_once(
    *,
    actor: Actor,
    procedure: Procedure,
    agency: Agency | None,
    applicant: Mapping[str, Any],
    answers: Mapping[str, Any],
    papers: Sequence[tuple[int, UploadedFile]],
    idempotency_key: str,
    organisation: Organisation | None = None,
    fee_cases: Sequence[object] = (),
    now: dt.datetime | None = None,
) -> Filed:
    """File `procedure` online in one go: `papers` are (checklist line id, file) pairs, `fee_cases` the ids
    of the fee lines whose case the applicant says is theirs (checked as the fee step checks them). Refused
    with a ValidationError listing every reason (Vietnamese) and nothing kept; PermissionDenied for an
    account that may not file. A repeated `idempotency_key` answers with the first dossier (`created`
    False)."""
    if not permissions.may_file(actor):
        raise PermissionDenied(
            _("Only a citizen account whose email address or phone number is verified files online.")
        )
    key = one_time_key(actor, idempotency_key)
    now = now or timezone.now()
    form_version = selectors.online_form(procedure)
    if form_version is None:
        raise ValidationError(_("This procedure cannot be filed online."))
    problems: list[str] = []
    if organisation is not None and not permissions.may_file_for(actor, organisation):
        problems.append(_("You are not a member of this organisation."))
    if agency is None or not agency.is_active or not receives(agency, procedure):
        problems.append(_("Choose a counter that receives this procedure."))
    person, wrong = _applicant(actor, organisation, applicant)
    problems += wrong
    form = SchemaForm(form_version.schema, data=form_data(form_version.schema, answers))
    if not form.is_valid():
        problems += _answer_errors(form) or [_("The answers to the form could not be read.")]
    lines = {r.pk: r for r in online_checklist(procedure)}
    others = {r.pk: r for r in checklist(procedure) if r.pk not in lines}
    given = dict.fromkeys(pk for pk, _upload in papers)
    for pk in given:
        if pk in others:
            problems.append(not_uploaded(others[pk]))
        elif pk not in lines:
            problems.append(_("This paper is not asked for by the procedure."))
    for line in lines.values():
        if line.required and line.pk not in given:
            problems.append(_("Add the paper: %(name)s") % {"name": line.name})
    fees: list[Due] = []
    try:
        chosen = cases.checked(procedure, fee_cases)
        if form.is_valid():  # before any file is stored: a number of copies that is no whole one is said
            fees = fees_due(procedure, Channel.ONLINE, chosen=chosen, answers=form.cleaned_data)
    except ValidationError as error:
        problems += error.messages
    if problems:
        raise ValidationError(problems)
    return _submit(actor, procedure, agency, organisation, person, form, form_version, papers, fees, key, now)


def _submit(
    actor: Actor,
    procedure: Procedure,
    agency: Any,
    organisation: Organisation | None,
    person: dict[str, str],
    form: SchemaForm,
    form_version: Any,
    papers: Sequence[tuple[int, UploadedFile]],
    fees: list[Due],
    key: str,
    now: dt.datetime,
) -> Filed:
    file_limit = settings.EGOV_FILING_FILE_MAX_MB * MB
    total_limit = settings.EGOV_FILING_DOSSIER_MAX_MB * MB
    try:
        stored = filestore.store(
            [u for _line, u in papers], now, max_bytes=file_limit, max_total_bytes=total_limit
        )
    except ValidationError as error:
        raise ValidationError(error.messages) from None
    stored = [
        dataclasses.replace(item, requirement_id=line)
        for item, (line, _u) in zip(stored, papers, strict=True)
    ]
    with filestore.kept_only_if_committed(stored):
        dossier = intake.submit_online(
            actor=actor,
            owner=actor,  # type: ignore[arg-type]  # a citizen account (may_file)
            organisation=organisation,
            procedure=procedure,
            agency=agency,
            applicant=intake.Applicant(**person),
            fees=fees,
            idempotency_key=key,
            answers=form.cleaned_data,
            form_version=form_version,
            stored_files=stored,
            now=now,
        )
    if dossier.submitted_at != now:
        # A racing request with the same key committed first and this one got its dossier: these files
        # are recorded nowhere.
        filestore.discard(stored)
        owed = sum((f.amount for f in dossier.fees.all() if f.paid_at is None), start=Decimal(0))
        return Filed(dossier, False, owed)
    return Filed(dossier, True, total(fees))
