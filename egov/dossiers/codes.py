"""Dossier codes (mã số hồ sơ, Decree 118/2025 art. 28) and online submissions' references.

A code is issued once per dossier, when it is received (art. 17.3, art. 11.2.d): at the counter or by
post on receipt, online when the counter accepts the submission. It is the prefix, the receipt date and
the sequence number of the dossier among those received that day under that prefix (art. 28.2.b); the
layout is the rule set's "code" section (rules/*.json). The prefix (art. 28.2.a) is the electronic
identifier of the agency competent to decide the procedure; for a procedure of an inter-agency group
(`Procedure.inter_agency_group`), the one-stop unit's where it was received at the counter, or the
National Public Service Portal's when it was filed online.

Until it is accepted, an online submission carries a submission reference instead ("NOP-261204-7KQ3MZ9P"):
it starts with letters no agency identifier starts with, so it is never taken for a dossier code, and it
stays on the dossier (`submission_ref`) so the applicant's look-up by it keeps working.
"""

from __future__ import annotations

import datetime as dt
import functools
import secrets
from typing import cast

from django.db import DEFAULT_DB_ALIAS, connections
from django.utils import timezone

from egov.core import statements
from egov.dossiers import steps
from egov.dossiers.models import CodeSequence, Dossier
from egov.dossiers.rules import RuleSet
from egov.organizations.models import Agency, AgencyKind
from egov.procedures import places
from egov.procedures.models import Channel, StepKind

REFERENCE_PREFIX = "NOP"
#: No 0/O, 1/I/L: a reference read out over the phone or copied by hand stays the same.
REFERENCE_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"
REFERENCE_RANDOM = 8


def submission_reference(moment: dt.datetime) -> str:
    """A new submission's reference: "NOP-yymmdd-" and 8 random characters (31^8 ≈ 8·10^11 a day, so
    neither guessed nor counted from another one)."""
    tail = "".join(secrets.choice(REFERENCE_ALPHABET) for _ in range(REFERENCE_RANDOM))
    return f"{REFERENCE_PREFIX}-{timezone.localdate(moment):%y%m%d}-{tail}"


def is_submission_reference(value: str) -> bool:
    return value.startswith(REFERENCE_PREFIX + "-")


def competent_agency(d: Dossier) -> Agency:
    """The agency that decides the procedure: where its workflow's last approving step happens (the
    receiving agency when that step names none). A public administration service centre receives and
    returns but decides nothing, so it stands for the body it belongs to."""
    approving = [s for s in steps.steps_of(d) if s.kind == StepKind.APPROVE]
    step = approving[-1] if approving else None
    agency = places.step_place(step, d.receiving_agency) if step is not None else d.receiving_agency
    if agency.kind == AgencyKind.SERVICE_CENTER and agency.parent_id is not None:
        return cast(Agency, statements.forward_one(agency, "parent"))  # every new dossier asks it
    return agency


def prefix_for(d: Dossier, rules: RuleSet) -> str:
    """The identifier a dossier's code begins with (Decree 118/2025 art. 28.2.a; under the 2018 rules,
    the receiving unit's)."""
    if rules.code_prefix == "receiving_unit":
        return d.receiving_agency.code
    if d.procedure.inter_agency_group:
        if d.channel == Channel.ONLINE:
            return rules.national_portal_identifier
        return d.receiving_agency.code
    # Worked out when the dossier was made (intake), so an online submission accepted later reads it back.
    return (d.competent_agency if d.competent_agency_id else competent_agency(d)).code


def next_code(prefix: str, moment: dt.datetime, digits: int) -> str:
    """The next code of the day under `prefix`: "prefix-yymmdd-sequence" (rules/*.json "code").

    The counter row is made by the day's first receipt and counted up by each later one in the same
    statement, which holds the row lock until the caller's transaction ends, so two receipts never read
    the same number and a receipt rolled back leaves no gap (tests/dossiers/test_dossier_codes_law.py and
    test_code_sequence_race.py run two processes against PostgreSQL).
    """
    day = timezone.localdate(moment)
    connection = connections[DEFAULT_DB_ALIAS]
    with statements.cursor(connection) as c:
        c.execute(_count_up_sql(DEFAULT_DB_ALIAS), [prefix, connection.ops.adapt_datefield_value(day)])
        (last,) = c.fetchone()
    return f"{prefix}-{day:%y%m%d}-{last:0{digits}d}"


@functools.cache
def _count_up_sql(alias: str) -> str:
    """The day's counter under a prefix made at 1 or one up, and its new value: one INSERT … ON CONFLICT DO
    UPDATE … RETURNING (SQLite 3.35 and later, PostgreSQL), built once per database. It was a savepoint, a
    get_or_create, an UPDATE and a SELECT on every receipt. The row stays locked until the receipt's
    transaction ends: a racing first receipt of the day waits for it on the unique key, then counts up."""
    q = connections[alias].ops.quote_name
    table, prefix, day, last = (q(name) for name in (CodeSequence._meta.db_table, "prefix", "day", "last"))
    return (
        f"INSERT INTO {table} ({prefix}, {day}, {last}) VALUES (%s, %s, 1) "
        f"ON CONFLICT ({prefix}, {day}) DO UPDATE SET {last} = {table}.{last} + 1 RETURNING {last}"
    )


def issue(d: Dossier, rules: RuleSet, moment: dt.datetime) -> str:
    """Give a dossier being received its code (its receipt date is `moment`'s day)."""
    d.code = next_code(prefix_for(d, rules), moment, rules.sequence_digits)
    return d.code
