"""The hot write path's rows, with statements built once per process.

``insert(obj)``: ``obj.save(force_insert=True)``, with the INSERT built once per model.
``first(key, build, **values)``: ``build(**values).first()``, with the SELECT built once per ``key`` (and shape).

A registration writes five rows and every transition appends an event; building each INSERT through the ORM
(``save``, its checks and the insert compiler) cost more than executing it. ``insert`` computes every value exactly
as the ORM does (``pre_save``, then ``get_db_prep_save``), reuses the statement and sets the new primary key.

Where it would not be the same as ``save`` it falls back to ``save``: a model with ``pre_save``/``post_save``
receivers, multi-table inheritance, database defaults or generated fields, or an object that has its key already.
"""

from __future__ import annotations

from collections.abc import Callable

from django.core.exceptions import EmptyResultSet
from django.db import connections
from django.db.models import NOT_PROVIDED, Model, QuerySet
from django.db.models.signals import post_save, pre_save

_statements: dict[tuple[type[Model], str], tuple[str, list] | None] = {}
_selects: dict[tuple[str, tuple[str, ...]], object] = {}


def _statement(model: type[Model], connection) -> tuple[str, list] | None:
    meta = model._meta
    pk = meta.pk
    if meta.parents or not getattr(pk, "db_returning", False):  # an auto-incremented key the INSERT returns
        return None
    fields = [field for field in meta.local_concrete_fields if field is not pk]
    if any(field.generated or field.db_default is not NOT_PROVIDED for field in meta.local_concrete_fields):
        return None
    if not connection.features.can_return_columns_from_insert:
        return None
    quote = connection.ops.quote_name
    sql = (
        f"INSERT INTO {quote(meta.db_table)} ({', '.join(quote(f.column) for f in fields)}) "
        f"VALUES ({', '.join(['%s'] * len(fields))}) RETURNING {quote(pk.column)}"
    )
    return sql, fields


def insert(obj: Model, using: str = "default") -> Model:
    model = type(obj)
    if obj.pk is not None or pre_save.has_listeners(model) or post_save.has_listeners(model):
        obj.save(force_insert=True, using=using)
        return obj
    connection = connections[using]
    key = (model, using)
    try:
        statement = _statements[key]
    except KeyError:
        statement = _statements[key] = _statement(model, connection)
    if statement is None:
        obj.save(force_insert=True, using=using)
        return obj
    sql, fields = statement
    params = [field.get_db_prep_save(field.pre_save(obj, True), connection) for field in fields]
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        obj.pk = cursor.fetchone()[0]
    obj._state.adding = False
    obj._state.db = using
    return obj


def first(key: str, build: Callable[..., QuerySet], **values) -> Model | None:
    """``build(**values).first()``, with the SQL the ORM writes for it built once per ``key`` and per set of empty
    values, then run with other values (as a raw query: the rows become instances through the ORM's converters).

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
    model, sql, takes = select
    params = [values[name].upper() if upper else values[name] for name, upper in takes]
    return next(iter(model._default_manager.raw(sql, params)), None)


_NOTHING = object()  # a query that can match nothing (``.none()``)


def _select(build, values: dict, empty: tuple[str, ...]):
    markers = {name: f"\x00value{i}" for i, name in enumerate(values) if name not in empty}
    queryset = build(**{**values, **markers})
    if not queryset.ordered:
        queryset = queryset.order_by("pk")
    try:
        sql, params = queryset[:1].query.sql_with_params()
    except EmptyResultSet:
        return _NOTHING
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
    return queryset.model, sql, takes
