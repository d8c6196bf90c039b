"""The hot write path's rows, with statements built once per process.

``insert(obj)``: ``obj.save(force_insert=True)``, with the INSERT built once per model.
``first(key, build, **values)``: ``build(**values).first()``, with the SELECT built once per ``key`` (and shape).

A registration writes five rows and every transition appends an event; building each INSERT through the ORM
(``save``, its checks and the insert compiler) cost more than executing it. ``insert`` computes every value exactly
as the ORM does (``pre_save``, then ``get_db_prep_save``), reuses the statement and sets the new primary key.

Where it would not be the same as ``save`` it falls back to ``save``: a model with ``pre_save``/``post_save``
receivers, multi-table inheritance, database defaults or generated fields, an object that has its key already where
the database draws keys, or one without a key where it does not.

Both are prepared on PostgreSQL (``execute``, config/postgresql).

``together()``: the inserts made inside it go to the database in one round trip when it ends, for rows that
nothing reads back in the meantime (their objects get no primary key). On PostgreSQL (``config.postgresql``),
whose round trips cost both processes CPU and hold the transaction's locks longer, they are sent together (one
pipeline); SQLite, in the process, runs each at once.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from contextlib import contextmanager

from django.core.exceptions import EmptyResultSet
from django.db import connections
from django.db.models import NOT_PROVIDED, Model, QuerySet
from django.db.models.signals import post_save, pre_save

_statements: dict[tuple[type[Model], str], tuple[str, list, bool, str] | None] = {}
_selects: dict[tuple[str, tuple[str, ...]], object] = {}
_pending = threading.local()  # alias -> [(sql, params)] of the inserts of an open ``together()``


def _statement(model: type[Model], connection) -> tuple[str, list, bool, str] | None:
    """The INSERT of a model returning the key the database draws, its fields in the order of its values, whether
    the database draws the key (an auto-incremented key) or the object brings it (a one-to-one key, say), and the
    INSERT returning nothing."""
    meta = model._meta
    pk = meta.pk
    drawn = getattr(pk, "db_returning", False)
    if meta.parents or (drawn and not connection.features.can_return_columns_from_insert):
        return None
    if any(field.generated or field.db_default is not NOT_PROVIDED for field in meta.local_concrete_fields):
        return None
    fields = [field for field in meta.local_concrete_fields if not (drawn and field is pk)]
    quote = connection.ops.quote_name
    sql = (
        f"INSERT INTO {quote(meta.db_table)} ({', '.join(quote(f.column) for f in fields)}) "
        f"VALUES ({', '.join(['%s'] * len(fields))})"
    )
    return (f"{sql} RETURNING {quote(pk.column)}" if drawn else sql), fields, drawn, sql


def insert(obj: Model, using: str = "default") -> Model:
    model = type(obj)
    if pre_save.has_listeners(model) or post_save.has_listeners(model):
        return _save(obj, using)
    connection = connections[using]
    key = (model, using)
    try:
        statement = _statements[key]
    except KeyError:
        statement = _statements[key] = _statement(model, connection)
    if statement is None or (obj.pk is not None) == statement[2]:  # a key given where the database draws one, or none
        return _save(obj, using)
    sql, fields, drawn, sql_without_returning = statement
    params = [field.get_db_prep_save(field.pre_save(obj, True), connection) for field in fields]
    pending = getattr(_pending, using, None)
    if pending is not None:
        pending.append((sql_without_returning, params))
        return obj
    row = execute(connection, sql, params, fetch=drawn)
    if drawn:
        obj.pk = row[0]
    obj._state.adding = False
    obj._state.db = using
    return obj


def _save(obj: Model, using: str) -> Model:
    _flush(using)  # in order with the inserts before it
    obj.save(force_insert=True, using=using)
    return obj


@contextmanager
def together(using: str = "default"):
    """Send the ``insert``s made inside in one round trip at the end (see the module's docstring). Inside, run no
    other query that depends on them."""
    if getattr(_pending, using, None) is not None or not hasattr(connections[using], "run_prepared"):
        yield  # nested, or SQLite, where a statement costs no round trip: each runs when it is made
        return
    setattr(_pending, using, [])
    try:
        yield
        _flush(using)
    finally:
        setattr(_pending, using, None)


def _flush(using: str) -> None:
    pending = getattr(_pending, using, None)
    if not pending:
        return
    batch = list(pending)
    pending.clear()
    connections[using].run_prepared(batch, fetch=False)


def execute(connection, sql: str, params: list, *, fetch: bool = True):
    """Run one of the hot path's statements — the same text every time, with other values — and return its first
    row when ``fetch``: prepared once per connection where the backend can (``config.postgresql``)."""
    if hasattr(connection, "run_prepared"):
        return connection.run_prepared([(sql, params)], fetch=fetch)
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchone() if fetch else None


def first(key: str, build: Callable[..., QuerySet], **values) -> Model | None:
    """``build(**values).first()``, with the SQL the ORM writes for it built once per ``key`` and per set of empty
    values, then run with other values (the row becomes an instance through the ORM's converters).

    The query's shape may depend on which values are empty ("" or None), never on the others. The SQL is built
    with a marker in place of each other value; each parameter must come out as a marker, or as a marker
    upper-cased (``same_person`` compares ID numbers in capitals): any other change of a value is refused.
    """
    empty = tuple(name for name, value in values.items() if value in ("", None))
    shape = (key, empty)
    select = _selects.get(shape)
    if select is None:
        select = _selects[shape] = _select(build, values, empty)
    if select is _NOTHING:
        return None
    model, using, sql, takes, converters, attnames = select
    connection = connections[using]
    row = execute(connection, sql, [values[name].upper() if upper else values[name] for name, upper in takes])
    if row is None:
        return None
    row = list(row)
    for i, column, convert in converters:  # as the ORM converts what it reads
        row[i] = convert(row[i], column, connection)
    return model.from_db(using, attnames, row)


_NOTHING = object()  # a query that can match nothing (``.none()``)


def _select(build, values: dict, empty: tuple[str, ...]):
    markers = {name: f"\x00value{i}" for i, name in enumerate(values) if name not in empty}
    queryset = build(**{**values, **markers})
    if not queryset.ordered:
        queryset = queryset.order_by("pk")
    compiler = queryset[:1].query.get_compiler(using=queryset.db)
    try:
        sql, params = compiler.as_sql()
    except EmptyResultSet:
        return _NOTHING
    columns = [column for column, _sql, _alias in compiler.select]
    if compiler.klass_info["select_fields"] != list(range(len(columns))) or compiler.klass_info.get("related_klass_infos"):
        raise ValueError("first() reads one model's own columns, without annotations or related rows")
    plain = {marker: name for name, marker in markers.items()}
    upper = {marker.upper(): name for name, marker in markers.items()}
    takes = []
    for param in params:
        if param in plain:
            takes.append((plain[param], False))
        elif param in upper:
            takes.append((upper[param], True))
        else:
            raise ValueError(f"the query changes its values on the way: {params!r}")
    # The converters of each column, found once per shape (SQLCompiler.get_converters), not on every call.
    connection = connections[queryset.db]
    converters = [
        (i, column, convert)
        for i, column in enumerate(columns)
        for convert in connection.ops.get_db_converters(column) + column.get_db_converters(connection)
    ]
    return queryset.model, queryset.db, sql, takes, converters, [column.target.attname for column in columns]
