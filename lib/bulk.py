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


def insert_many(objs: Sequence[models.Model]) -> int:
    """Insert ``objs`` (new instances of one model) in one statement; how many were written.

    On PostgreSQL by ``COPY``: the instances keep ``pk`` None. On other databases by
    ``bulk_create`` (which sets ``pk`` where the database returns it)."""
    if not objs:
        return 0
    model = type(objs[0])
    alias = router.db_for_write(model)
    connection = connections[alias]
    if connection.vendor != "postgresql":
        model._default_manager.using(alias).bulk_create(objs)
        return len(objs)
    fields = [f for f in model._meta.concrete_fields if not f.primary_key or f.get_default()]
    quote = connection.ops.quote_name
    columns = ", ".join(quote(f.column) for f in fields)
    sql = f"COPY {quote(model._meta.db_table)} ({columns}) FROM STDIN"
    # a field's own pre_save only where it does more than read the attribute (auto_now)
    plain = [type(f).pre_save is models.Field.pre_save for f in fields]
    values = [
        (f.attname, f.get_db_prep_save, None if is_plain else f.pre_save)
        for f, is_plain in zip(fields, plain, strict=True)
    ]
    with connection.cursor() as wrapper:
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
