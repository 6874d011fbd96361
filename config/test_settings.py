"""Settings for the test suite: the same module, read with KC_ENVIRONMENT=test."""

import os
import tempfile
from pathlib import Path

os.environ.setdefault("KC_ENVIRONMENT", "test")
os.environ.setdefault("HTTPS", "false")

from config.settings import *  # noqa: F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]  # fast tests only
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
STORAGES["staticfiles"]["BACKEND"] = "django.contrib.staticfiles.storage.StaticFilesStorage"  # noqa: F405
AXES_ENABLED = True
ALTCHA_COST = 200  # the proof of work stays real, only cheaper for the suite
MEDIA_ROOT = Path(tempfile.mkdtemp(prefix="kc-media-"))  # photos of checks, per test run
