"""A single-machine install: the embedded SQLite database unless DATABASE_URL says otherwise."""

from .base import *  # noqa: F403

DEBUG = False

# With no SMS gateway or mail server named in the environment (a demonstration on one machine), the messages are
# written to files under DATA_DIR/outbox instead, so that the outbox can be seen working: set
# XINFANG_SMS_GATEWAY_URL and XINFANG_NOTICE_EMAIL_FROM (with EMAIL_HOST …) for real ones (docs/notices.md).
if not XINFANG["SMS_GATEWAY"]:  # noqa: F405
    XINFANG["SMS_GATEWAY"] = {"BACKEND": "notices.senders.FileSmsGateway",  # noqa: F405
                              "PATH": str(DATA_DIR / "outbox" / "sms.jsonl")}  # noqa: F405
if not XINFANG["NOTICE_EMAIL_FROM"]:  # noqa: F405
    XINFANG["NOTICE_EMAIL_FROM"] = "xinfang@localhost"  # noqa: F405
    EMAIL_BACKEND = "django.core.mail.backends.filebased.EmailBackend"
    EMAIL_FILE_PATH = str(DATA_DIR / "outbox" / "mail")  # noqa: F405
