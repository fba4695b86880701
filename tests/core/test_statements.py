"""Statements built once per process (egov.core.statements) give what the ORM gives, or refuse to be built."""

from __future__ import annotations

from typing import Any

import pytest
from django.db import IntegrityError, transaction
from django.db.models import F, QuerySet
from django.db.transaction import TransactionManagementError

from egov.accounts.models import User
from egov.channels.models import OutboxMessage
from egov.core import cursors, statements
from egov.core.models import AppendOnlyError, AuditEntry
from egov.organizations.models import Agency, AgencyKind, Staff
from tests.factories import make_agency


def _staff_by_agency(agency_id: int) -> QuerySet[Staff]:
    return Staff.objects.select_related("user", "agency").filter(agency_id=agency_id).order_by("pk")


def _agency_names(*paths: str) -> QuerySet[Agency, tuple[str, Any]]:
    return Agency.objects.filter(path__in=paths).order_by("path").values_list("name", "created_at")


def _agency_ids_like(name: str) -> QuerySet[Agency, int]:
    return Agency.objects.filter(name__icontains=name).values_list("pk", flat=True)


def _locked_agency(pk: int) -> QuerySet[Agency]:
    return Agency.objects.select_for_update().filter(pk=pk)


def test_rows_and_instances_are_the_orms(cast):
    p = cast.province
    paths = p.justice_office.ancestor_paths()
    assert statements.select(_agency_names, *paths) == list(_agency_names(*paths))
    assert len(statements.select(_agency_names, *paths)) == 3  # the converters ran: aware datetimes
    mine = statements.select_objects(_staff_by_agency, p.justice.pk)
    theirs = list(_staff_by_agency(p.justice.pk))
    assert [s.pk for s in mine] == [s.pk for s in theirs] and mine
    for a, b in zip(mine, theirs, strict=True):
        assert (a.user.username, a.user.date_joined, a.agency.path) == (
            b.user.username,
            b.user.date_joined,
            b.agency.path,
        )
        assert not a._state.adding and a._state.db == "default"
    assert statements.select_objects(_staff_by_agency, -5) == []


@pytest.mark.parametrize("key", [2**63, -(2**63) - 1, 10**30])
def test_a_key_no_column_can_hold_matches_nothing_as_in_the_orm(cast, key):
    # An address takes any number of digits (`<int:pk>`): SQLite raised OverflowError (a 500).
    assert list(_agency_ids_by_pk(key)) == []  # the ORM's answer for a key out of its field's range
    assert statements.select_objects(_staff_by_agency, key) == []
    assert statements.select(_agency_ids_by_pk, key) == []
    assert statements.select(_agency_ids_by_pk, 2**63 - 1) == []  # the largest key is still asked


def _agency_ids_by_pk(pk: int) -> QuerySet[Agency, int]:
    return Agency.objects.filter(pk=pk).values_list("pk", flat=True)


def test_a_statement_whose_parameters_are_not_the_markers_is_refused(db):
    with pytest.raises(RuntimeError, match="markers"):
        statements.select(_agency_ids_like, "Sở")  # the ORM wraps the value in % … %
    with pytest.raises(TypeError):
        statements.select_objects(_agency_names, "x")
    with pytest.raises(TypeError):
        statements.select(_agency_names, 1.5)  # type: ignore[arg-type]


@pytest.mark.django_db(transaction=True)
def test_a_lock_outside_a_transaction_is_refused_where_the_orm_refuses_it():
    from django.db import connection

    pk = make_agency("UBND tỉnh Thử", AgencyKind.PROVINCE, code="000.00.00.H97").pk
    with transaction.atomic():
        assert [a.pk for a in statements.select_objects(_locked_agency, pk)] == [pk]
    if connection.features.has_select_for_update:  # PostgreSQL: in autocommit, both refuse
        with pytest.raises(TransactionManagementError):
            list(_locked_agency(pk))
        with pytest.raises(TransactionManagementError):
            statements.select_objects(_locked_agency, pk)
    else:  # SQLite ignores the lock, and so do both
        assert [a.pk for a in _locked_agency(pk)] == [
            a.pk for a in statements.select_objects(_locked_agency, pk)
        ]


def test_insert_and_update_write_what_the_orm_writes(cast):
    payload = {"to": "a@example.vn", "subject": "Hồ sơ", "body": "Nội dung"}
    mine = statements.insert(
        OutboxMessage(
            topic="email",
            payload=payload,
            created_at=cast.province.root.created_at,
            available_at=cast.province.root.created_at,
        )
    )
    theirs = OutboxMessage.objects.create(
        topic="email", payload=payload, created_at=mine.created_at, available_at=mine.available_at
    )
    assert mine.pk is not None and mine.pk != theirs.pk and not mine._state.adding
    columns = [f.attname for f in OutboxMessage._meta.concrete_fields if f.attname != "id"]
    a, b = (OutboxMessage.objects.values(*columns).get(pk=m.pk) for m in (mine, theirs))
    assert a == b
    mine.attempts = 3
    assert statements.update(mine, ["attempts"], where={"topic": "sms"}) == 0
    assert statements.update(mine, ["attempts"], where={"topic": "email"}) == 1
    assert OutboxMessage.objects.get(pk=mine.pk).attempts == 3
    mine.attempts = F("attempts") + 1  # an expression goes through QuerySet.update
    assert statements.update(mine, ["attempts"]) == 1
    assert OutboxMessage.objects.get(pk=mine.pk).attempts == 4


def test_an_update_of_a_model_with_save_signals_meets_them(cast):
    """Agency's saves replace the catalogue's token (a post_save receiver): `update` leaves it to `save`."""
    from egov.procedures import catalogue_version

    agency = cast.province.justice_office
    token = catalogue_version.current()
    agency.name = "Phòng Tư pháp (mới)"
    assert statements.update(agency, ["name"]) == 1
    assert Agency.objects.get(pk=agency.pk).name == "Phòng Tư pháp (mới)"
    assert catalogue_version.current() != token  # the receiver ran
    with pytest.raises(TypeError, match="save signals"):
        statements.update(agency, ["name"], where={"code": agency.code})


def test_an_audit_row_with_a_key_still_meets_its_own_save(cast):
    entry = AuditEntry.objects.create(action="x", object_type="t", object_id="1", object_repr="r")
    with pytest.raises(AppendOnlyError):
        statements.insert(entry, append_only=True)


def _outbox_of_topic(topic: str) -> QuerySet[OutboxMessage]:
    return OutboxMessage.objects.filter(topic=topic, sent_at__isnull=True)


def test_update_rows_is_the_querysets_update(cast):
    now = cast.province.root.created_at
    for topic in ("email", "email", "sms"):
        payload = {"to": "x", "subject": "s", "body": "b"} if topic == "email" else {"to": "x", "text": "t"}
        OutboxMessage.objects.create(topic=topic, payload=payload, created_at=now, available_at=now)
    assert statements.update_rows(_outbox_of_topic, {"attempts": 2, "last_error": "lỗi"}, "email") == 2
    assert statements.update_rows(_outbox_of_topic, {"attempts": 2, "last_error": "lỗi"}, "fax") == 0
    rows = sorted(OutboxMessage.objects.values_list("topic", "attempts", "last_error"))
    assert rows == [("email", 2, "lỗi"), ("email", 2, "lỗi"), ("sms", 0, "")]
    with pytest.raises(TypeError):  # a date is not set through markers
        statements.update_rows(_outbox_of_topic, {"sent_at": now}, "sms")


def test_update_where_none_is_the_orms_is_null(cast):
    now = cast.province.root.created_at
    message = OutboxMessage.objects.create(
        topic="sms", payload={"to": "x", "text": "t"}, created_at=now, available_at=now
    )
    message.attempts = 5
    assert statements.update(message, ["attempts"], where={"sent_at": None}) == 1
    assert OutboxMessage.objects.get(pk=message.pk).attempts == 5


def test_the_converted_placeholders_kept_on_sqlite_stay_bounded(cast, monkeypatch):
    """The statements kept per viewer (egov.core.kept_sql) are many: the SQLite cursor's table of converted
    statements starts again at its bound instead of growing with every one."""
    from django.db import connection

    if connection.vendor != "sqlite":
        pytest.skip("SQLite's cursor")
    monkeypatch.setattr(cursors, "CONVERTED_LIMIT", 2)
    cls = cursors._qmark_cursor_class()
    table = next(c.cell_contents for c in cls.convert_query.__closure__ if isinstance(c.cell_contents, dict))
    for n in range(5):
        with statements.cursor(connection) as c:
            c.execute(f"SELECT %s + {n}", [1])
            assert c.fetchone() == (1 + n,)
        assert len(table) <= 2


def test_forward_one_is_the_foreign_keys_attribute_read_once(cast, django_assert_num_queries):
    office = Agency.objects.get(pk=cast.province.justice_office.pk)
    with django_assert_num_queries(1):
        parent = statements.forward_one(office, "parent")
    assert parent == cast.province.justice and parent.name == cast.province.justice.name
    with django_assert_num_queries(0):
        assert statements.forward_one(office, "parent") is parent  # kept on it
        assert office.parent is parent  # as the attribute keeps it
    root = Agency.objects.get(pk=cast.province.root.pk)
    with django_assert_num_queries(0):
        assert statements.forward_one(root, "parent") is None  # no key: nothing asked


def test_forward_one_of_a_key_with_no_row_raises_as_the_attribute_does(cast):
    office = Agency.objects.get(pk=cast.province.justice_office.pk)
    office.parent_id = 2**40  # never saved: no such agency
    with pytest.raises(Agency.DoesNotExist):
        statements.forward_one(office, "parent")


@pytest.mark.parametrize("count", [1, 2, statements.INSERT_ALL_ROWS, statements.INSERT_ALL_ROWS * 2 + 3])
def test_insert_all_writes_what_bulk_create_writes_with_every_key_in_order(cast, count):
    at = cast.province.root.created_at

    def messages(tag: str) -> list[OutboxMessage]:
        return [
            OutboxMessage(
                topic="email",
                payload={"to": f"{tag}{n}@example.vn", "subject": f"Hồ sơ {n}", "body": "Nội dung"},
                subject_type="dossier",
                subject_id=str(n),
                created_at=at,
                available_at=at,
            )
            for n in range(count)
        ]

    mine = statements.insert_all(messages("a"))
    theirs = OutboxMessage.objects.bulk_create(messages("b"))
    assert [m.payload["to"] for m in mine] == [f"a{n}@example.vn" for n in range(count)]
    assert all(m.pk is not None and not m._state.adding and m._state.db == "default" for m in mine)
    assert len({m.pk for m in mine}) == count
    columns = [f.attname for f in OutboxMessage._meta.concrete_fields if f.attname != "id"]
    for m, t in zip(mine, theirs, strict=True):
        row = OutboxMessage.objects.values(*columns).get(pk=m.pk)  # each key names its own row
        other = OutboxMessage.objects.values(*columns).get(pk=t.pk)
        assert row["payload"] == m.payload
        assert {**row, "payload": None} == {**other, "payload": None}


def test_insert_all_of_nothing_or_of_rows_with_keys_is_bulk_creates(cast):
    assert statements.insert_all([]) == []
    at = cast.province.root.created_at
    given = OutboxMessage(
        id=10**9, topic="sms", payload={"to": "0912345678", "text": "x"}, created_at=at, available_at=at
    )
    [row] = statements.insert_all([given])
    assert row.pk == 10**9 and OutboxMessage.objects.filter(pk=10**9).exists()


@pytest.mark.django_db(transaction=True)
def test_insert_all_keeps_all_the_rows_or_none_as_bulk_create(cast):
    at = cast.province.root.created_at
    rows = [
        OutboxMessage(topic="email", payload={"to": f"{n}@example.vn"}, created_at=at, available_at=at)
        for n in range(statements.INSERT_ALL_ROWS + 4)
    ]
    rows[-1].created_at = None  # NOT NULL: the second INSERT fails, after the first one went in
    with pytest.raises(IntegrityError):
        statements.insert_all(rows)
    assert not OutboxMessage.objects.exists()


def _agencies_with_parents(pk: int) -> QuerySet[Agency]:
    return Agency.objects.select_related("parent__parent").filter(pk__gte=pk).order_by("pk")


def _staff_named(agency_id: int) -> QuerySet[Staff]:
    return (
        Staff.objects.select_related("user", "agency")
        .filter(agency_id=agency_id)
        .only("position", "user_id", "agency_id", "user__username", "user__first_name", "agency__name")
        .order_by("pk")
    )


def _same_instance(mine: Any, theirs: Any, seen: set[int] | None = None) -> None:
    """Every attribute of an instance made by the statement is the ORM's, its related instances too."""
    assert type(mine) is type(theirs)
    seen = set() if seen is None else seen
    if theirs is None or id(theirs) in seen:  # a one-to-one's instance keeps the one it was read from
        return
    seen.add(id(theirs))
    ours = {k: v for k, v in vars(mine).items() if k != "_state"}
    orms = {k: v for k, v in vars(theirs).items() if k != "_state"}
    assert ours == orms
    assert mine.get_deferred_fields() == theirs.get_deferred_fields()
    states = (mine._state.adding, mine._state.db), (theirs._state.adding, theirs._state.db)
    assert states[0] == states[1] == (False, "default")
    assert set(mine._state.fields_cache) == set(theirs._state.fields_cache)
    for name, related in theirs._state.fields_cache.items():
        _same_instance(mine._state.fields_cache[name], related, seen)


def test_instances_are_the_orms_attribute_for_attribute(cast):
    """Made without Model.__init__ (`statements._PlainFromDb`): the same values, deferred fields, state and
    related instances (a parent's parent that is none included) as the ORM's."""
    assert all(statements._is_plain_model(m) for m in (Agency, Staff, User))
    built = statements._select_statement(_staff_named, "default", (int,))
    populate: Any = built.populate
    cells = dict(zip(populate.__code__.co_freevars, populate.__closure__, strict=True))
    related = cells["related"].cell_contents  # select_related's populators: the user and the agency
    assert {type(r.model_cls) for r in related} == {statements._PlainFromDb}
    p = cast.province
    mine = statements.select_objects(_agencies_with_parents, p.root.pk)
    theirs = list(_agencies_with_parents(p.root.pk))
    assert len(mine) == len(theirs) >= 6
    for a, b in zip(mine, theirs, strict=True):
        _same_instance(a, b)
    mine = statements.select_objects(_staff_named, p.justice.pk)
    theirs = list(_staff_named(p.justice.pk))
    assert mine and "password" in mine[0].user.get_deferred_fields()
    for a, b in zip(mine, theirs, strict=True):
        _same_instance(a, b)
    mine[0].user.refresh_from_db(fields=["password"])  # a deferred field still loads when asked for
    assert mine[0].user.password == type(mine[0].user).objects.get(pk=mine[0].user_id).password


class _OwnInit(Agency):
    class Meta:
        proxy = True
        app_label = "organizations"

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)


class _Mixin:
    def __init__(self) -> None:
        super().__init__()


class _MixinAfter(Agency, _Mixin):
    class Meta:
        proxy = True
        app_label = "organizations"


class _OwnSetattr(Agency):
    class Meta:
        proxy = True
        app_label = "organizations"

    def __setattr__(self, name: str, value: Any) -> None:
        super().__setattr__(name, value)


def test_models_with_something_of_their_own_in_init_keep_model_init():
    assert statements._is_plain_model(Agency)
    for model in (_OwnInit, _MixinAfter, _OwnSetattr):
        assert not statements._is_plain_model(model), model


def _agency_alone(pk: int) -> QuerySet[Agency]:
    return Agency.objects.filter(pk=pk)


def test_a_model_with_init_receivers_keeps_model_init(cast):
    from django.db.models.signals import post_init

    seen: list[Any] = []

    def receiver(sender: Any, instance: Any, **kwargs: Any) -> None:
        seen.append(instance)

    agency = cast.province.justice
    post_init.connect(receiver, sender=Agency, dispatch_uid="test.statements.init")
    try:
        statements._select_statement.cache_clear()
        rows = statements.select_objects(_agency_alone, agency.pk)
    finally:
        post_init.disconnect(dispatch_uid="test.statements.init", sender=Agency)
        statements._select_statement.cache_clear()
    assert rows == [agency] and seen == rows
