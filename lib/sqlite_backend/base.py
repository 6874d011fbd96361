"""SQLite whose write transactions queue on a file lock instead of SQLite's busy handler.

SQLite lets one writer in at a time. A writer that finds the database locked sleeps in
SQLite's busy handler — 1, 2, 5, 10 … up to 100 ms a try — even when the holder is done
a few microseconds later, so under many concurrent writers most time is spent asleep
(measured: rating intake at 32 connections, 101 req/s with a p99 of 2.4 s). Here every
transaction first takes an exclusive ``flock`` on ``<database>.writer-lock``; the kernel
wakes the next waiter the moment the holder commits, across threads and processes.

Every ``transaction.atomic`` block already takes SQLite's write lock at BEGIN
(``transaction_mode = IMMEDIATE``), so nothing is serialised that was not before. A
statement outside a transaction (autocommit) does not take the file lock and meets the
busy handler as before; a killed process's lock is released by the kernel. In-memory
databases (the test suite's default) have no file and no lock.
"""

from __future__ import annotations

import fcntl
from typing import IO, Any

from django.db.backends.sqlite3 import base


class DatabaseWrapper(base.DatabaseWrapper):
    _writer_lock: IO[bytes] | None = None
    _writer_locked = False

    def _lock_path(self) -> str | None:
        name = str(self.settings_dict["NAME"])
        return None if self.is_in_memory_db() else f"{name}.writer-lock"

    def _start_transaction_under_autocommit(self) -> None:
        path = self._lock_path()
        if path is not None:
            if self._writer_lock is None:
                self._writer_lock = open(path, "ab")  # noqa: SIM115 — held for the connection's life
            fcntl.flock(self._writer_lock, fcntl.LOCK_EX)
            self._writer_locked = True
        try:
            super()._start_transaction_under_autocommit()  # type: ignore[misc]  # private, not in django-stubs
        except BaseException:
            self._writer_unlock()
            raise

    def _writer_unlock(self) -> None:
        if self._writer_locked and self._writer_lock is not None:
            fcntl.flock(self._writer_lock, fcntl.LOCK_UN)
            self._writer_locked = False

    def _commit(self) -> Any:
        try:
            return super()._commit()  # type: ignore[misc]  # private, not in django-stubs
        finally:
            self._writer_unlock()

    def _rollback(self) -> Any:
        try:
            return super()._rollback()  # type: ignore[misc]  # private, not in django-stubs
        finally:
            self._writer_unlock()

    def _close(self) -> Any:
        try:
            return super()._close()  # type: ignore[misc]  # private, not in django-stubs
        finally:
            self._writer_unlock()
            if self._writer_lock is not None:
                self._writer_lock.close()
                self._writer_lock = None
