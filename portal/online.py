"""Online petitions (网上信访, regulation art. 17) sent from the public page with no account: registered as any item
(``petition_register`` with no actor: the petitioner), in the channel ``online``, state registered, the 15-day
decision running from the day it arrived, with the files sent along kept as the petitioner's evidence.

Floods are held back without a third-party service: a day's limit per client address and per phone number, the
attachments' own limits, and a one-time token in the form so that sending it twice gives the same item."""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from attachments.actions import attachment_keep, attachment_store, check_upload
from attachments.models import AttachmentKind
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


def online_petition_send(*, data: OnlineData, files: list, token: str, ip: str,
                         now: dt.datetime | None = None) -> Sent:
    """Register an online petition; ValidationError({field: messages}) for bad input or a limit reached."""
    now = now or timezone.now()
    earlier = OnlineSubmission.objects.filter(token=token).select_related("petition").first() if token else None
    if earlier is not None:
        return Sent(earlier.petition, again=True)
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
    day_ago = now - dt.timedelta(days=1)
    if OnlineSubmission.objects.filter(ip=ip, at__gte=day_ago).count() >= _limit("ONLINE_PER_ADDRESS_PER_DAY"):
        errors.setdefault("__all__", []).append(_("Too many petitions were sent from this network today. Please try "
                                                  "again tomorrow, write, call or come to the bureau."))
    if phone and OnlineSubmission.objects.filter(phone_digest=phone_digest(phone), at__gte=day_ago).count() >= \
            _limit("ONLINE_PER_PHONE_PER_DAY"):
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
    # The files are written before the transaction: it holds the day's statistics rows from the item's insert on.
    stored = []
    try:
        for upload in files:
            stored.append(attachment_store(actor=None, to=None, upload=upload, kind=AttachmentKind.EVIDENCE,
                                           count=len(stored)))
        with transaction.atomic():
            petition = petition_register(actor=None, data=registration)
            for attachment in stored:
                attachment_keep(attachment, to=petition, actor=None)
            OnlineSubmission.objects.create(token=token, petition=petition, ip=ip, phone_digest=phone_digest(phone),
                                            at=now)
    except BaseException as exc:
        for attachment in stored:  # the item was not kept: neither are its files
            attachment.file.delete(save=False)
        if isinstance(exc, IntegrityError):
            earlier = OnlineSubmission.objects.filter(token=token).select_related("petition").first()
            if earlier is not None:
                return Sent(earlier.petition, again=True)  # the same form, sent twice at once
        raise
    return Sent(petition, again=False)
