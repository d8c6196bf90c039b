"""``insert(obj)``: ``obj.save(force_insert=True)`` for the hot write paths, with the statement built once per model.

A registration writes five rows and every transition appends an event; building each INSERT through the ORM
(``save``, its checks and the insert compiler) cost more than executing it. ``insert`` computes every value exactly
as the ORM does (``pre_save``, then ``get_db_prep_save``), reuses the statement and sets the new primary key.

Where it would not be the same as ``save`` it falls back to ``save``: a model with ``pre_save``/``post_save``
receivers, multi-table inheritance, database defaults or generated fields, or an object that has its key already.
"""

from __future__ import annotations

from django.db import connections
from django.db.models import NOT_PROVIDED, Model
from django.db.models.signals import post_save, pre_save

_statements: dict[tuple[type[Model], str], tuple[str, list] | None] = {}


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
