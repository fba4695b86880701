"""Statements built once per process for the hot paths that run them on every move (a dossier's transition
reads its locked row and checks its new handler; writes its history, outbox and audit rows and its version
UPDATE): single-row INSERTs and UPDATEs, and SELECTs whose only changing parts are their parameters.

Building a statement through the ORM (`Model.save`, `QuerySet.update`) costs more CPU than running it on
SQLite; here the ORM's own compiler builds the SQL once per model, database and set of columns, and each
call only converts the values, as the ORM does (`Field.pre_save`, `get_db_prep_save`), and runs it. The
columns are the model's concrete fields, so a field added to a model is written without a change here.
Whatever these helpers do not cover the same way (signal receivers, multi-table inheritance, a primary key
set in advance, a value that is an SQL expression) goes through the ORM as before.

A SELECT is given as a function that builds its QuerySet from the parameters (`build(*params)`): it is
called once per process, database and kinds of parameters with marker values, compiled, and checked to
take exactly those markers, in order, as its parameters; each call then runs the SQL with the real ones and
reads the rows back as the ORM does (its converters; model instances with their `select_related` objects).

They run on the cursor of `egov.core.cursors`: on PostgreSQL psycopg binds their parameters on the server
and prepares each statement the first time a connection runs it, so the server parses and plans it once
per connection instead of once per call. Only these statements: the ORM's other queries keep Django's
client-side binding (docs/performance.md, "Transitions, prepared statements"), and a connection whose
`prepare_threshold` is None (EGOV_DATABASE_PREPARED=0, for a pooler that cannot keep prepared statements)
prepares nothing.
"""

from __future__ import annotations

import contextlib
import functools
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextvars import ContextVar
from typing import Any, NamedTuple, cast

from django.db import DEFAULT_DB_ALIAS, connections, router, transaction
from django.db.models import Field, Model, QuerySet
from django.db.models import query as orm_query
from django.db.models.base import ModelState
from django.db.models.fields import NOT_PROVIDED
from django.db.models.fields.files import FileDescriptor
from django.db.models.fields.related_descriptors import ForeignKeyDeferredAttribute
from django.db.models.query import FlatValuesListIterable, ModelIterable, ValuesListIterable
from django.db.models.signals import post_init, post_save, pre_init, pre_save
from django.db.models.sql import InsertQuery, UpdateQuery
from django.db.transaction import TransactionManagementError

from egov.core.cursors import cursor

__all__ = [
    "Read",
    "ahead",
    "children",
    "children_read",
    "cursor",
    "forward_one",
    "insert",
    "insert_all",
    "reverse_one",
    "reverse_one_read",
    "select",
    "select_objects",
    "select_one",
    "update",
    "update_rows",
]

Param = int | str
Build = Callable[..., QuerySet[Any]]


def insert(obj: Model, *, append_only: bool = False) -> Model:
    """Insert a new, unsaved instance as `obj.save(force_insert=True)` would: the same columns and values,
    its primary key (and any other column the database returns) set on it, the instance marked saved.

    A model with its own `save` goes through it, unless `append_only`: the caller says that the model's
    `save` only refuses a row that has a primary key already (AuditEntry); such a row still goes to it."""
    model = type(obj)
    alias = router.db_for_write(model, instance=obj)
    own_save = model.save is not Model.save and not append_only
    if own_save or _needs_orm(model) or obj.pk is not None:
        obj.save(force_insert=True, using=alias)
        return obj
    obj._prepare_related_fields_for_save(operation_name="save")  # type: ignore[attr-defined]  # save's check
    statement = _insert_statement(model, alias)
    values = [field.pre_save(obj, True) for field in statement.fields]
    if any(hasattr(value, "resolve_expression") for value in values):
        obj.save(force_insert=True, using=alias)
        return obj
    connection = connections[alias]
    pairs = zip(statement.fields, values, strict=True)
    params = [field.get_db_prep_save(value, connection) for field, value in pairs]
    with cursor(connection) as c:
        c.execute(statement.sql, params)
        returned = statement.returned(connection, c)
    for value, field in zip(returned, statement.returning, strict=True):
        setattr(obj, field.attname, value)
    obj._state.db = alias
    obj._state.adding = False
    return obj


#: The most rows one kept multi-row INSERT takes (a statement is kept per row count); more go in several.
INSERT_ALL_ROWS = 16


def insert_all(objs: Sequence[Model]) -> list[Model]:
    """`bulk_create(objs)` for new instances of one model made without a key, as bulk_create writes them
    (`Field.pre_save`, no `save()`, no signals: the same columns and values), in one INSERT per
    INSERT_ALL_ROWS rows built once per model, database and row count; each instance gets its key (and the
    other columns the database returns) in order and is marked saved. Anything else (a key given, a model
    or value these statements do not cover, a database that cannot return a multi-row INSERT's rows) goes
    to bulk_create itself."""
    rows = list(objs)
    if not rows:
        return rows
    model = type(rows[0])
    alias = router.db_for_write(model, instance=rows[0])
    connection = connections[alias]
    if (
        _needs_orm(model)
        or _has_db_default(model)
        or not connection.features.can_return_rows_from_bulk_insert
        or any(type(obj) is not model or obj.pk is not None for obj in rows)
    ):
        return model._default_manager.using(alias).bulk_create(rows)
    for obj in rows:
        obj._prepare_related_fields_for_save(operation_name="bulk_create")  # type: ignore[attr-defined]
    # All the rows or none, as bulk_create's batches (no savepoint: inside a caller's transaction, the
    # caller's).
    with transaction.atomic(using=alias, savepoint=False):
        _insert_chunks(model, alias, connection, rows)
    return rows


def _insert_chunks(model: type[Model], alias: str, connection: Any, rows: list[Model]) -> None:
    for start in range(0, len(rows), INSERT_ALL_ROWS):
        chunk = rows[start : start + INSERT_ALL_ROWS]
        statement = _insert_statement(model, alias, len(chunk))
        values = [[field.pre_save(obj, True) for field in statement.fields] for obj in chunk]
        if any(hasattr(value, "resolve_expression") for row in values for value in row):
            model._default_manager.using(alias).bulk_create(chunk)
            continue
        prepared = [
            [
                field.get_db_prep_save(value, connection)
                for field, value in zip(statement.fields, row, strict=True)
            ]
            for row in values
        ]
        if statement.by_column:
            params: list[Any] = [list(column) for column in zip(*prepared, strict=True)]
        else:
            params = [value for row in prepared for value in row]
        with cursor(connection) as c:
            c.execute(statement.sql, params)
            returned = statement.returned_rows(connection, c)
        for obj, row in zip(chunk, returned, strict=True):
            for value, field in zip(row, statement.returning, strict=True):
                setattr(obj, field.attname, value)
            obj._state.db = alias
            obj._state.adding = False


def update(obj: Model, names: Iterable[str], *, where: dict[str, Any] | None = None) -> int:
    """`type(obj).objects.filter(pk=obj.pk, **where).update(name=obj's value for each of names)`: the
    fields' current values on `obj` written to its row when the row also matches `where` (each an equality);
    the number of rows changed, as `QuerySet.update` returns it. A model with save signals goes through
    `save(update_fields=…)`, which raises when the row is gone."""
    model = type(obj)
    alias = router.db_for_write(model, instance=obj)
    conditions = where or {}
    if _needs_orm(model):
        # Signal receivers are `Model.save`'s work, which takes no condition of its own.
        if conditions:
            raise TypeError(f"{model._meta.label} has save signals: update it with save(update_fields=…)")
        obj.save(update_fields=list(names), using=alias)
        return 1
    statement = _update_statement(model, alias, tuple(names), tuple(conditions))
    values = [getattr(obj, field.attname) for field in statement.fields]
    # An expression, or a condition on None (the ORM's IS NULL, where `= %s` would match nothing).
    if any(hasattr(value, "resolve_expression") for value in values) or None in conditions.values():
        query = model._base_manager.using(alias).filter(pk=obj.pk, **conditions)
        return query.update(**{field.name: getattr(obj, field.name) for field in statement.fields})
    connection = connections[alias]
    pairs = zip(statement.fields, values, strict=True)
    params = [field.get_db_prep_save(value, connection) for field, value in pairs]
    for field, value in zip(statement.keys, (obj.pk, *conditions.values()), strict=True):
        params.append(field.get_db_prep_value(field.get_prep_value(value), connection, prepared=True))
    with cursor(connection) as c:
        c.execute(statement.sql, params)
        return int(c.rowcount)


@functools.cache
def _has_db_default(model: type[Model]) -> bool:
    """A column whose value the database gives (`db_default`): the kept INSERTs leave those to the ORM."""
    return any(f.db_default is not NOT_PROVIDED for f in model._meta.concrete_fields)


def _needs_orm(model: type[Model]) -> bool:
    """Signal receivers and parents' tables are `Model.save`'s work: those models keep it."""
    return bool(model._meta.parents) or pre_save.has_listeners(model) or post_save.has_listeners(model)


class _Insert:
    """One model's INSERT of `count` rows on one database: its SQL, the fields whose values each row takes
    in order, the fields it returns, and how the ORM reads them back."""

    def __init__(self, model: type[Model], alias: str, count: int = 1) -> None:
        meta = model._meta
        connection = connections[alias]
        # Model._save_table's columns for a row without a primary key yet.
        self.fields: list[Field[Any, Any]] = [
            f for f in meta.local_concrete_fields if not f.generated and f is not meta.auto_field
        ]
        self.returning: list[Field[Any, Any]] = list(meta.db_returning_fields)
        if _has_db_default(model):
            raise RuntimeError(f"{meta.label}: a column with a database default needs Model.save")
        query = InsertQuery(model)
        query.insert_values(self.fields, [model() for _ in range(count)])
        self.compiler = query.get_compiler(using=alias)
        self.compiler.returning_fields = self.returning
        statements = self.compiler.as_sql()
        taken = len(statements[0][1]) if len(statements) == 1 else -1
        #: PostgreSQL's bulk INSERT (Django 5.2) takes one array per column (`SELECT * FROM UNNEST(…)`) where
        #: the others take each row's values in turn.
        self.by_column = count > 1 and taken == len(self.fields)
        if taken != len(self.fields) * count and not self.by_column:
            raise RuntimeError(f"{meta.label}: unexpected INSERT {statements!r}")
        self.sql: str = statements[0][0]
        self.table = meta.db_table
        self.can_return = connection.features.can_return_columns_from_insert
        columns = [f.get_col(meta.db_table) for f in self.returning]
        self.converters = self.compiler.get_converters(columns) if self.can_return else {}

    def returned(self, connection: Any, cursor: Any) -> tuple[Any, ...]:
        """The returned columns' values, as SQLInsertCompiler.execute_sql reads them."""
        if not self.returning:
            return ()
        if self.can_return:
            row = connection.ops.fetch_returned_insert_columns(cursor, self.compiler.returning_params)
        else:
            pk = self.returning[0]
            row = (connection.ops.last_insert_id(cursor, self.table, pk.column),)
        if self.converters:
            row = next(iter(self.compiler.apply_converters([row], self.converters)))
        return tuple(row)

    def returned_rows(self, connection: Any, cursor: Any) -> list[tuple[Any, ...]]:
        """Each row's returned columns, in the order of the rows (a multi-row INSERT, as
        SQLInsertCompiler.execute_sql reads them; one row as `returned`)."""
        if not self.returning:
            return []
        if len(self.compiler.query.objs) == 1:
            return [self.returned(connection, cursor)]
        rows = connection.ops.fetch_returned_insert_rows(cursor)
        if self.converters:
            rows = self.compiler.apply_converters(rows, self.converters)
        return [tuple(row) for row in rows]


@functools.cache
def _insert_statement(model: type[Model], alias: str, count: int = 1) -> _Insert:
    return _Insert(model, alias, count)


class _Update:
    """One model's UPDATE of some columns where its key (and other columns) equal the given values."""

    def __init__(
        self, model: type[Model], alias: str, names: tuple[str, ...], where: tuple[str, ...]
    ) -> None:
        meta = model._meta
        quote = connections[alias].ops.quote_name
        self.fields: list[Any] = [meta.get_field(name) for name in names]
        self.keys: list[Any] = [meta.pk, *(meta.get_field(name) for name in where)]
        # Plain columns whose placeholder is `%s` (a field with its own, such as a binary one, is not).
        if any(
            not f.concrete or f.generated or f.primary_key or hasattr(f, "get_placeholder")
            for f in self.fields
        ):
            raise RuntimeError(f"{meta.label}: only plain columns are updated here, not {names!r}")
        table = quote(meta.db_table)
        assignments = ", ".join(f"{quote(f.column)} = %s" for f in self.fields)
        conditions = " AND ".join(f"{table}.{quote(f.column)} = %s" for f in self.keys)
        self.sql = f"UPDATE {table} SET {assignments} WHERE ({conditions})"


@functools.cache
def _update_statement(
    model: type[Model], alias: str, names: tuple[str, ...], where: tuple[str, ...]
) -> _Update:
    return _Update(model, alias, names, where)


#: The range of a 64-bit integer column, the widest every supported database has.
KEY_RANGE = range(-(2**63), 2**63)


def select(build: Build, *params: Param) -> list[Any]:
    """The rows of `build(*params)`, a `values_list` QuerySet (tuples; values when it is `flat`)."""
    if _beyond_any_column(params):
        return []
    statement = _select_statement(build, DEFAULT_DB_ALIAS, _kinds(params))
    rows = statement.run(params)
    return [row[0] for row in rows] if statement.flat else [tuple(row) for row in rows]


def select_objects(build: Build, *params: Param) -> list[Any]:
    """The model instances of `build(*params)`, with the related objects it selects (`select_related`)."""
    if _beyond_any_column(params):
        return []
    statement = _select_statement(build, DEFAULT_DB_ALIAS, _kinds(params))
    if statement.populate is None:
        raise TypeError("select_objects takes a QuerySet of model instances")
    return [statement.populate(row) for row in statement.run(params)]


def select_one(build: Build, *params: Param) -> Any | None:
    """The first model instance of `build(*params)` (a QuerySet naming one row at most: a unique key), or
    None."""
    found = select_objects(build, *params)
    return found[0] if found else None


def children(model: type[Model], fk: str, parent: Model) -> list[Any]:
    """`parent.<related manager>.all()`: the rows of `model` whose foreign key `fk` is `parent`, in the
    model's default ordering, each with `fk` set to `parent` as the related manager sets it."""
    rows = select_objects(*_flat(children_read(model, fk, parent.pk)))
    for row in rows:
        setattr(row, fk, parent)
    return rows


def reverse_one(parent: Model, name: str, *related: str) -> Model | None:
    """`parent.<name>` of a reverse one-to-one relation (with the `related` rows it selects), read by a
    statement built once and kept on `parent` (None kept too), so the attribute then asks nothing more: a
    missing row still raises DoesNotExist, which a template shows as nothing. Kept already: no statement."""
    relation: Any = parent._meta.get_field(name)
    if relation.is_cached(parent):
        return relation.get_cached_value(parent)
    row = select_one(*_flat(reverse_one_read(parent._meta.model, name, parent.pk, *related)))
    relation.set_cached_value(parent, row)
    if row is not None:
        relation.field.set_cached_value(row, parent)
    return row


def forward_one(obj: Model, name: str) -> Model | None:
    """`obj.<name>` of a foreign key (None when the key is empty), read by a statement built once and kept
    on `obj` as the attribute keeps it. Kept already: no statement."""
    field: Any = obj._meta.get_field(name)
    if field.is_cached(obj):
        return cast(Model | None, field.get_cached_value(obj))
    key = getattr(obj, field.attname)
    row = (
        None if key is None else select_one(_by_key(field.related_model, field.target_field.attname, ()), key)
    )
    if key is not None and row is None:
        return getattr(obj, name)  # a key with no row: the ORM's own DoesNotExist
    field.set_cached_value(obj, row)
    return row


class Read(NamedTuple):
    """One of this module's SELECTs named ahead of the code that runs it (`ahead`): the function that
    builds its QuerySet and its parameters, as `select`, `select_objects` and `select_one` take them."""

    build: Build
    params: tuple[Param, ...]


def _flat(read: Read) -> tuple[Any, ...]:
    """A read as `select`'s arguments: its build, then its parameters."""
    return (read.build, *read.params)


def children_read(model: type[Model], fk: str, pk: int) -> Read:
    """The read `children(model, fk, parent)` runs for a parent whose key is `pk`."""
    return Read(_by_key(model, model._meta.get_field(fk).attname, ()), (pk,))  # type: ignore[union-attr]


def reverse_one_read(parent: type[Model], name: str, pk: int, *related: str) -> Read:
    """The read `reverse_one(parent row, name, *related)` runs for a parent whose key is `pk`."""
    relation: Any = parent._meta.get_field(name)
    return Read(_by_key(relation.related_model, relation.field.attname, related), (pk,))


#: The rows `ahead` read, by statement and parameters, until the code below it asks for them.
_AHEAD: ContextVar[dict[tuple[Any, tuple[Param, ...]], list[Any]] | None] = ContextVar(
    "egov_statements_ahead", default=None
)


@contextlib.contextmanager
def ahead(reads: Iterable[Read]) -> Iterator[None]:
    """Run `reads` together before the code in the block asks for them, one at a time: on PostgreSQL in
    one round trip (psycopg's pipeline mode: every statement sent, then every answer read), where asking
    one by one waits for the server once per statement. Each read's rows are handed, once, to the first
    `select`/`select_objects`/`select_one` (or `children`, `reverse_one`) of the same statement and
    parameters inside the block; a read nobody asks for is dropped at its end, and anything else runs as
    usual. On SQLite, whose reads are calls inside this process, and without prepared statements, nothing
    is read ahead.

    Only around reads: rows read ahead are those of the moment the block began, so a block that writes
    and then reads what it wrote would get the rows from before. The dossier page reads eleven row sets
    of one dossier this way (docs/performance.md, "The dossier page's reads in one round trip")."""
    connection = connections[DEFAULT_DB_ALIAS]
    if connection.vendor != "postgresql" or _AHEAD.get() is not None:
        yield
        return
    pending = []
    for read in reads:
        if _beyond_any_column(read.params):
            continue
        statement = _select_statement(read.build, DEFAULT_DB_ALIAS, _kinds(read.params))
        if not statement.locks and (statement, read.params) not in pending:
            pending.append((statement, read.params))
    if not pending or not _pipelines(connection):
        yield
        return
    kept: dict[tuple[Any, tuple[Param, ...]], list[Any]] = {}
    cursors: list[Any] = []
    try:
        for _ in pending:
            cursors.append(cursor(connection))
        with connection.wrap_database_errors, connection.connection.pipeline():
            for (statement, params), each in zip(pending, cursors, strict=True):
                each.execute(statement.sql, params)
        for (statement, params), each in zip(pending, cursors, strict=True):
            kept[(statement, params)] = each.fetchall()
    finally:
        for each in cursors:
            each.close()
    token = _AHEAD.set(kept)
    try:
        yield
    finally:
        _AHEAD.reset(token)


def _pipelines(connection: Any) -> bool:
    """Whether `ahead` may send its reads together: prepared statements on (this module's own cursor, not
    Django's plain one, which `EGOV_DATABASE_PREPARED=0` gives) and a libpq with pipeline mode (14 or
    later; psycopg[binary] brings its own)."""
    from psycopg import Pipeline

    connection.ensure_connection()
    return connection.connection.prepare_threshold is not None and bool(Pipeline.is_supported())


@functools.cache
def _by_key(model: type[Model], attname: str, related: tuple[str, ...]) -> Build:
    def build(pk: int) -> QuerySet[Any]:
        rows = model._default_manager.filter(**{attname: pk})
        return rows.select_related(*related) if related else rows

    return build


def _beyond_any_column(params: tuple[Param, ...]) -> bool:
    """A whole number no integer column can hold (a key typed into an address: `<int:pk>` takes any number
    of digits). Each parameter here stands for a column's value, so nothing equals it: no rows, as the ORM
    answers an exact lookup out of its field's range — where SQLite would raise OverflowError and
    PostgreSQL would compare it as a numeric. Or text no column can hold: a NUL character (a code sent to
    the API as "\u0000"), which PostgreSQL refuses (no form lets one in), or a lone surrogate ("\ud800"
    from a JSON escape), which neither driver can encode."""
    return any((type(p) is int and p not in KEY_RANGE) or (isinstance(p, str) and _unheld(p)) for p in params)


def _unheld(text: str) -> bool:
    if "\x00" in text:
        return True
    if text.isascii():
        return False
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return True
    return False


def _kinds(params: tuple[Param, ...]) -> tuple[type, ...]:
    kinds = tuple(int if isinstance(p, int) else str if isinstance(p, str) else type(p) for p in params)
    if any(kind not in (int, str) for kind in kinds):
        raise TypeError(f"parameters are whole numbers or strings, not {kinds!r}")
    return kinds


class _Select:
    """A QuerySet compiled once with marker parameters (-1000001, … or "\\0marker-0", …)."""

    def __init__(self, build: Build, alias: str, kinds: tuple[type, ...]) -> None:
        markers = [-1_000_001 - i if kind is int else f"\0marker-{i}" for i, kind in enumerate(kinds)]
        queryset = build(*markers).using(alias)
        iterable = queryset._iterable_class
        plain = not queryset.query.annotation_select and not queryset.query.extra_select
        if iterable not in (ModelIterable, ValuesListIterable, FlatValuesListIterable) or not plain:
            raise TypeError(f"a prepared SELECT reads instances or plain values_list rows, not {queryset!r}")
        self.alias = alias
        self.flat = iterable is FlatValuesListIterable
        self.compiler = queryset.query.get_compiler(using=alias)
        self.sql, compiled = self.compiler.as_sql()
        if list(compiled) != markers:
            raise RuntimeError(f"the statement's parameters {compiled!r} are not the markers {markers!r}")
        features = connections[alias].features
        self.locks = bool(queryset.query.select_for_update) and features.has_select_for_update
        self.locks = self.locks and features.supports_transactions
        columns = [s[0] for s in self.compiler.select[: self.compiler.col_count]]
        self.converters = self.compiler.get_converters(columns)
        self.populate: Callable[[Any], Any] | None = None
        if iterable is ModelIterable:
            if queryset._known_related_objects:  # type: ignore[attr-defined]
                raise TypeError("a prepared SELECT of instances takes no known related objects")
            self.populate = self._populator()

    def _populator(self) -> Callable[[Any], Any]:
        """ModelIterable's reading of one row: the instance and each selected related instance."""
        select, klass_info = self.compiler.select, self.compiler.klass_info
        assert klass_info is not None
        model, fields = klass_info["model"], klass_info["select_fields"]
        start, end = fields[0], fields[-1] + 1
        init_list = [f[0].target.attname for f in select[start:end]]
        # ModelIterable's own helper (not in the type stubs).
        related = orm_query.get_related_populators(klass_info, select, self.alias)  # type: ignore[attr-defined]
        _use_plain_from_db(related)
        from_db = _PlainFromDb(model).from_db if _is_plain_model(model) else model.from_db
        alias = self.alias

        def populate(row: Any) -> Any:
            obj = from_db(alias, init_list, row[start:end])
            for populator in related:
                populator.populate(row, obj)
            return obj

        return populate

    def run(self, params: tuple[Param, ...]) -> list[Any]:
        connection = connections[self.alias]
        if self.locks and connection.get_autocommit():
            # QuerySet.select_for_update's own check, made when the ORM compiles the statement.
            raise TransactionManagementError("select_for_update cannot be used outside of a transaction.")
        kept = _AHEAD.get()
        rows: Any = None if kept is None else kept.pop((self, params), None)
        if rows is None:
            with cursor(connection) as c:
                c.execute(self.sql, params)
                rows = c.fetchall()
        if self.converters:
            rows = list(self.compiler.apply_converters(rows, self.converters))
        return list(rows)


def _is_plain_model(model: type[Model]) -> bool:
    """A model whose instances `Model.from_db` makes with nothing of its own: Django's `__init__` and
    `from_db` with no other `__init__` after it in the class's order (a mixin's), no `__setattr__` of its
    own, no receiver of `pre_init` or `post_init` (checked when the statement is built: receivers connect
    when the apps load), and on each field's attribute no descriptor whose assignment does more than store
    the value (`Model.__init__` assigns through them: an image's dimensions, say)."""
    after = model.__mro__[model.__mro__.index(Model) + 1 :]
    return (
        model.__init__ is Model.__init__
        and getattr(model.from_db, "__func__", None) is getattr(Model.from_db, "__func__", None)
        and all(klass is object or "__init__" not in vars(klass) for klass in after)
        and model.__setattr__ is object.__setattr__
        and not pre_init.has_listeners(model)
        and not post_init.has_listeners(model)
        and all(
            not hasattr(type(descriptor), "__set__") or type(descriptor) in _STORING
            for field in model._meta.concrete_fields
            for descriptor in [getattr(model, field.attname, None)]
        )
    )


#: Field descriptors whose assignment stores the value in the instance's __dict__ (a key's also forgets a
#: cached related object, of which a new instance has none).
_STORING = (FileDescriptor, ForeignKeyDeferredAttribute)


class _PlainFromDb:
    """Stands for a model where Django's row reading calls `from_db`: the same instance — the row's values
    as its attributes, the others deferred, `_state` saved in `db` — made without `Model.__init__`, whose
    checks of positional and keyword arguments and two signals cost five times as much (6 against 1 µs;
    a dossier page makes about a hundred instances: the dossier, its history and steps with their names).
    Only for `_is_plain_model` models; the tests compare every attribute with the ORM's instances."""

    def __init__(self, model: type[Model]) -> None:
        self.model = model
        self._meta = model._meta

    def from_db(self, db: str, field_names: Sequence[str], values: Sequence[Any]) -> Model:
        obj = self.model.__new__(self.model)
        state = obj._state = ModelState()  # first in __dict__, as Model.__init__ sets it
        state.adding = False
        state.db = db
        obj.__dict__.update(zip(field_names, values, strict=True))
        return obj


def _use_plain_from_db(populators: Sequence[Any]) -> None:
    """Django's `RelatedPopulator`s (of `select_related`) make their instances by `_PlainFromDb` where they
    may: each asks its `model_cls` for `from_db` and nothing else once built."""
    for populator in populators:
        if _is_plain_model(populator.model_cls):
            populator.model_cls = _PlainFromDb(populator.model_cls)
        _use_plain_from_db(populator.related_populators)


@functools.cache
def _select_statement(build: Build, alias: str, kinds: tuple[type, ...]) -> _Select:
    return _Select(build, alias, kinds)


def update_rows(build: Build, values: dict[str, Any], *params: Param) -> int:
    """`build(*params).update(**values)`: `values` by field name or id column (`handler_id`), plain values
    of whole-number, key or text fields (no expression); the number of rows changed."""
    names = tuple(values)
    statement = _update_rows_statement(build, DEFAULT_DB_ALIAS, names, _kinds(params))
    connection = connections[DEFAULT_DB_ALIAS]
    prepared = [
        f.get_db_prep_save(values[n], connection) for f, n in zip(statement.fields, names, strict=True)
    ]
    with cursor(connection) as c:
        c.execute(statement.sql, [*prepared, *params])
        return int(c.rowcount)


#: The fields `update_rows` sets, by their internal type: a marker of the same kind stands for the value.
_NUMBERS = {"ForeignKey", "IntegerField", "BigIntegerField", "SmallIntegerField", "PositiveIntegerField"}
_NUMBERS |= {"PositiveSmallIntegerField", "PositiveBigIntegerField"}
_TEXTS = {"CharField", "TextField"}


class _UpdateRows:
    """A QuerySet's UPDATE compiled once, its set values and its own parameters as markers."""

    def __init__(self, build: Build, alias: str, names: tuple[str, ...], kinds: tuple[type, ...]) -> None:
        where = [-1_000_001 - i if kind is int else f"\0marker-{i}" for i, kind in enumerate(kinds)]
        queryset = build(*where).using(alias)
        meta = queryset.model._meta
        self.fields: list[Any] = [meta.get_field(name) for name in names]
        values: list[Param] = []
        for i, field in enumerate(self.fields):
            kind = field.get_internal_type()
            if kind not in _NUMBERS | _TEXTS or not field.concrete or field.primary_key:
                raise TypeError(f"{meta.label}.{field.name}: update_rows sets number, key or text columns")
            values.append(-2_000_001 - i if kind in _NUMBERS else f"\0value-{i}")
        query = cast(UpdateQuery, queryset.query.chain(UpdateQuery))
        query.add_update_values(dict(zip(names, values, strict=True)))
        self.sql, compiled = query.get_compiler(using=alias).as_sql()
        if list(compiled) != [*values, *where]:
            raise RuntimeError(f"the UPDATE's parameters {compiled!r} are not the markers {values + where!r}")


@functools.cache
def _update_rows_statement(
    build: Build, alias: str, names: tuple[str, ...], kinds: tuple[type, ...]
) -> _UpdateRows:
    return _UpdateRows(build, alias, names, kinds)
