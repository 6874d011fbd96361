"""Writing many new rows at once — on PostgreSQL through ``COPY … FROM STDIN``.

Django's ``bulk_create`` on PostgreSQL sends one ``INSERT … SELECT * FROM UNNEST(%s, …)``
whose arrays psycopg quotes in Python under client-side binding: for the runner's batches
of thousands of offers that was most of a batch's time (ADR 0015). ``COPY`` streams the
rows in psycopg's own dumpers instead, in the same transaction, so it commits or rolls back
with the rest of the batch. Other databases (SQLite) keep ``bulk_create``, which is one
multi-row ``INSERT`` there.

What ``COPY`` gives up: the new rows' primary keys are not read back, and no ``pre_save``
or signal runs beyond what a field's ``pre_save`` sets (``auto_now``) — callers that need
either use ``bulk_create``.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.db import connections, models, router
from django.db.models.expressions import DatabaseDefault


def insert_many(objs: Sequence[models.Model]) -> int:
    """Insert ``objs`` (new instances of one model) in one statement; how many were written.

    On PostgreSQL by ``COPY``: the instances keep ``pk`` None. On other databases, and for
    what ``COPY`` here does not cover (a model with a parent table, primary keys set on
    some instances only, a value left to the database's default), by ``bulk_create``
    (which sets ``pk`` where the database returns it). Errors are Django's
    (``IntegrityError``…), as from the ORM."""
    if not objs:
        return 0
    model = type(objs[0])
    alias = router.db_for_write(model)
    connection = connections[alias]
    meta = model._meta
    with_pk = {obj.pk is not None for obj in objs}
    if (
        connection.vendor != "postgresql"
        or meta.parents
        or len(with_pk) > 1
        or any(
            isinstance(getattr(obj, f.attname), DatabaseDefault)
            for obj in objs
            for f in meta.concrete_fields
        )
    ):
        model._default_manager.using(alias).bulk_create(objs)
        return len(objs)
    keys_given = True in with_pk  # every instance has its primary key, or none has
    fields = [
        f for f in meta.concrete_fields if not f.generated and (not f.primary_key or keys_given)
    ]
    quote = connection.ops.quote_name
    columns = ", ".join(quote(f.column) for f in fields)
    sql = f"COPY {quote(meta.db_table)} ({columns}) FROM STDIN"
    # a field's own pre_save only where it does more than read the attribute (auto_now)
    plain = [type(f).pre_save is models.Field.pre_save for f in fields]
    values = [
        (f.attname, f.get_db_prep_save, None if is_plain else f.pre_save)
        for f, is_plain in zip(fields, plain, strict=True)
    ]
    with connection.cursor() as wrapper, connection.wrap_database_errors:
        raw: Any = wrapper.cursor  # psycopg's own cursor under Django's wrapper
        with raw.copy(sql) as copy:
            for obj in objs:
                copy.write_row(
                    [
                        prep(pre(obj, True) if pre else getattr(obj, attname), connection)
                        for attname, prep, pre in values
                    ]
                )
    return len(objs)
