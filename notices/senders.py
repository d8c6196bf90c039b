"""How a message leaves the system. E-mail through Django's e-mail backend (SMTP in production: EMAIL_HOST …);
SMS through a gateway adapter named in settings.XINFANG["SMS_GATEWAY"] — shipped: ``HttpSmsGateway``, a provider's
HTTP interface described by a URL and a template of fields, and ``FileSmsGateway``, which writes the messages to a
file (a demonstration install without a gateway). A bureau plugs its own provider by writing a class with
``send(message) -> str`` and naming it as BACKEND.

A sender raises ``SendFailed`` (or any error) when the message was not accepted; the delivery tries again later."""

from __future__ import annotations

import json
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

from django.conf import settings
from django.core import mail
from django.utils.module_loading import import_string

from .models import MessageChannel


class SendFailed(Exception):
    pass


class EmailSender:
    def __init__(self, from_email: str):
        self.from_email = from_email

    def send(self, message) -> str:
        email = mail.EmailMessage(message.subject, message.body, self.from_email, [message.address],
                                  headers={"Message-ID": f"<{message.reference}@xinfang>"})
        email.send(fail_silently=False)
        return ""


class HttpSmsGateway:
    """POST (or GET) to the provider's URL with ``FIELDS``: a mapping whose values may name {phone}, {text} and
    {reference} (the message's own, for a provider that drops repeats), sent as JSON or as a form. A 2xx answer
    is success; the answer's ``REFERENCE_FIELD`` of a JSON body, if named, is kept as the provider's reference."""

    def __init__(self, URL: str, FIELDS: dict | None = None, METHOD: str = "POST", ENCODING: str = "json",
                 HEADERS: dict | None = None, TIMEOUT: float = 10, REFERENCE_FIELD: str = ""):
        self.url, self.method, self.encoding = URL, METHOD.upper(), ENCODING
        self.fields = FIELDS or {"phone": "{phone}", "text": "{text}", "reference": "{reference}"}
        self.headers, self.timeout, self.reference_field = dict(HEADERS or {}), TIMEOUT, REFERENCE_FIELD

    def send(self, message) -> str:
        values = {"phone": message.address, "text": message.body, "reference": str(message.reference)}
        fields = {name: str(template).format(**values) for name, template in self.fields.items()}
        url, body, headers = self.url, None, dict(self.headers)
        if self.method == "GET":
            url = f"{url}{'&' if '?' in url else '?'}{urllib.parse.urlencode(fields)}"
        elif self.encoding == "json":
            body, headers["Content-Type"] = json.dumps(fields, ensure_ascii=False).encode(), "application/json"
        else:
            body = urllib.parse.urlencode(fields).encode()
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        request = urllib.request.Request(url, data=body, headers=headers, method=self.method)
        try:
            with urllib.request.urlopen(request, timeout=self.timeout) as response:
                answer = response.read(10000)
        except urllib.error.HTTPError as exc:
            raise SendFailed(f"HTTP {exc.code}: {exc.read(200).decode(errors='replace')}") from exc
        except (urllib.error.URLError, OSError) as exc:
            raise SendFailed(str(getattr(exc, "reason", exc))) from exc
        if self.reference_field:
            try:
                return str(json.loads(answer).get(self.reference_field, ""))[:100]
            except (ValueError, AttributeError):
                return ""
        return ""


class FileSmsGateway:
    """Appends each message as a line of JSON to ``PATH``: for a demonstration install, never for production."""

    def __init__(self, PATH: str):
        self.path = Path(PATH)

    def send(self, message) -> str:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        with self.path.open("a", encoding="utf-8") as file:
            file.write(json.dumps({"phone": message.address, "text": message.body,
                                   "reference": str(message.reference)}, ensure_ascii=False) + "\n")
        return ""


def sender_for(channel: str):
    """The configured sender of ``channel``, or None when the install has none (the messages wait, and say so)."""
    values = settings.XINFANG
    if channel == MessageChannel.EMAIL:
        sender = values.get("NOTICE_EMAIL_FROM", "")
        return EmailSender(sender) if sender else None
    if channel == MessageChannel.SMS:
        gateway = dict(values.get("SMS_GATEWAY") or {})
        if not gateway.get("BACKEND"):
            return None
        return import_string(gateway.pop("BACKEND"))(**gateway)
    return None
