from .base import *  # noqa: F403

DEBUG = False
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
STORAGES = {**STORAGES, "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}}  # noqa: F405
ALLOWED_HOSTS = ["*"]
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
if DATABASES["default"]["ENGINE"] == "config.sqlite":  # noqa: F405
    # Said outright: pytest-django recognises Django's own SQLite engine by name only, and would otherwise give each
    # xdist worker a database file named after the real one.
    DATABASES["default"]["TEST"] = {"NAME": ":memory:"}  # noqa: F405

# Attachments written by the tests go to a throw-away folder, never into DATA_DIR — unless an object store is
# named (tests/attachments/test_s3.py checks the settings' block that way).
import tempfile  # noqa: E402

STORAGES.setdefault("attachments", {  # noqa: F405
    "BACKEND": "django.core.files.storage.FileSystemStorage",
    "OPTIONS": {"location": tempfile.mkdtemp(prefix="xinfang-attachments-")},
})
