"""Online petitions (网上信访, regulation art. 17) sent from the public page with no account: registered as any item
(``petition_register`` with no actor: the petitioner), in the channel ``online``, state registered, the 15-day
decision running from the day it arrived, with the files sent along kept as the petitioner's evidence.

Floods are held back without a third-party service: a day's limit per client address and per phone number, the
attachments' own limits, and a one-time token in the form so that sending it twice gives the same item."""

from __future__ import annotations

import datetime as dt
import functools
import hashlib
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connections, router
from django.utils import timezone
from django.utils.translation import gettext as _

from attachments.actions import attachment_keep, attachments_store, check_upload, discard
from attachments.models import AttachmentKind
from config import rows
from petitions.actions import PetitionerData, RegistrationData, petition_register
from petitions.identity import normalise_phone
from petitions.models import Channel, Petition

from .models import OnlineSubmission


@dataclass
class OnlineData:
    name: str
    phone: str
    content_type: str
    category: object
    place: object
    title: str
    content: str
    id_number: str = ""
    address: str = ""
    notify_by: str = ""
    notify_email: str = ""


@dataclass(frozen=True)
class Sent:
    petition: Petition
    again: bool  # the same form sent a second time: the item it became the first time


def _limit(name: str) -> int:
    return int(settings.XINFANG[name])


def phone_digest(phone: str) -> str:
    return hashlib.sha256(f"{settings.SECRET_KEY}:{phone}".encode()).hexdigest()


def _sent_with(token: str) -> Petition | None:
    """The item a form with this one-time token became, if it was sent before."""
    if not token:
        return None
    earlier = rows.first("portal.online-token", lambda token: OnlineSubmission.objects.filter(token=token),
                         token=token)
    return None if earlier is None else Petition.objects.get(pk=earlier.petition_id)


def _sent_today(*, ip: str, digest: str, now: dt.datetime) -> tuple[int, int]:
    """How many online petitions were sent in the last day from this client address and with this phone: one
    statement (config.rows) — through the ORM its building cost more than running it."""
    connection = connections[router.db_for_read(OnlineSubmission)]
    since = connection.ops.adapt_datetimefield_value(now - dt.timedelta(days=1))
    by_address, by_phone = rows.execute(connection, _sent_today_sql(connection.alias),
                                        [ip, digest, ip, digest, since])
    return int(by_address), int(by_phone)


@functools.cache
def _sent_today_sql(alias: str) -> str:
    connection = connections[alias]
    quote, meta = connection.ops.quote_name, OnlineSubmission._meta
    ip, phone, at = (quote(meta.get_field(name).column) for name in ("ip", "phone_digest", "at"))
    return (f"SELECT COALESCE(SUM(CASE WHEN {ip} = %s THEN 1 ELSE 0 END), 0), "  # noqa: S608 (names quoted)
            f"COALESCE(SUM(CASE WHEN {phone} = %s THEN 1 ELSE 0 END), 0) FROM {quote(meta.db_table)} "
            f"WHERE ({ip} = %s OR {phone} = %s) AND {at} >= %s")


def online_petition_send(*, data: OnlineData, files: list, token: str, ip: str,
                         now: dt.datetime | None = None) -> Sent:
    """Register an online petition; ValidationError({field: messages}) for bad input or a limit reached."""
    now = now or timezone.now()
    earlier = _sent_with(token)
    if earlier is not None:
        return Sent(earlier, again=True)
    errors: dict[str, list[str]] = {}
    if not token:
        errors["__all__"] = [_("The form has expired: open it again.")]
    try:
        phone = normalise_phone(data.phone) if data.phone.strip() else ""
    except ValidationError as exc:
        errors.setdefault("phone", []).extend(exc.messages)
        phone = ""
    if not phone and "phone" not in errors:
        errors["phone"] = [_("A phone number is needed, so that the bureau can reach you.")]
    digest = phone_digest(phone)
    by_address, by_phone = _sent_today(ip=ip, digest=digest, now=now)
    if by_address >= _limit("ONLINE_PER_ADDRESS_PER_DAY"):
        errors.setdefault("__all__", []).append(_("Too many petitions were sent from this network today. Please try "
                                                  "again tomorrow, write, call or come to the bureau."))
    if phone and by_phone >= _limit("ONLINE_PER_PHONE_PER_DAY"):
        errors.setdefault("phone", []).append(_("Several petitions were sent with this phone number today; to add to "
                                                "one, use its query code."))
    if len(files) > _limit("ONLINE_MAX_FILES"):
        errors.setdefault("files", []).append(_("At most %(n)s files.") % {"n": _limit("ONLINE_MAX_FILES")})
    else:
        for upload in files:
            try:
                check_upload(upload, count=0)
            except ValidationError as exc:
                errors.setdefault("files", []).extend(exc.messages)
    if errors:
        raise ValidationError(errors)
    registration = RegistrationData(
        channel=Channel.ONLINE, received_on=timezone.localdate(now), title=data.title, content=data.content,
        content_type=data.content_type, category=data.category, place=data.place,
        notify_by=data.notify_by, notify_email=data.notify_email or "",
        petitioners=[PetitionerData(name=data.name, id_number=data.id_number, phone=phone, address=data.address)])
    # The files are written before the registration's transaction, which holds the day's statistics rows from the
    # item's insert on; their rows and the submission are written in it (``also``): all are kept or none.
    stored = attachments_store(actor=None, to=None, uploads=files, kind=AttachmentKind.EVIDENCE)  # all or none

    def keep(petition: Petition) -> None:
        for attachment in stored:
            attachment_keep(attachment, to=petition, actor=None, new_record=True)
        rows.insert(OnlineSubmission(token=token, petition=petition, ip=ip, phone_digest=digest, at=now))

    try:
        petition = petition_register(actor=None, data=registration, also=keep)
    except BaseException as exc:
        discard(stored)  # the item was not kept: neither are its files
        if isinstance(exc, IntegrityError):
            earlier = _sent_with(token)
            if earlier is not None:
                return Sent(earlier, again=True)  # the same form, sent twice at once
        raise
    return Sent(petition, again=False)
