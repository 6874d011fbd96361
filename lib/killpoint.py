"""A place where the kill tests stop a real worker inside its transaction.

``pause("EVENT")`` does nothing unless the environment names a marker file in
``KC_TEST_PAUSE_IN_EVENT``: then it writes the file (so the test knows the worker got
there) and sleeps until the test kills the process with SIGKILL."""

from __future__ import annotations

import os
import time
from pathlib import Path


def pause(name: str) -> None:
    marker = os.environ.get(f"KC_TEST_PAUSE_IN_{name}")
    if marker:
        Path(marker).write_text("paused")
        time.sleep(120)
