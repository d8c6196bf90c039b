"""The outbox as the bureau sees it (each message's state, a failed one sent again), each user's alert
preference. Thin: messages only of items the user sees (``Petition.objects.visible_to``), and only for the bureau
desk, which may see the query code the petitioner's messages carry (``Message.objects.seen_by``)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from petitions.access import can_see_query_code

from . import delivery
from .forms import MessageFilterForm, PreferenceForm
from .models import Message, Preference


def messages_seen_by(user):
    if not can_see_query_code(user):
        raise PermissionDenied(_("Only the bureau sees the messages sent to petitioners."))
    return Message.objects.seen_by(user)


@login_required
def message_list(request):
    rows = messages_seen_by(request.user).select_related("petition", "user")
    form = MessageFilterForm(request.GET or None)
    if form.is_valid() and form.cleaned_data["state"]:
        rows = rows.filter(state=form.cleaned_data["state"])
    page = Paginator(rows, 50).get_page(request.GET.get("page"))
    query = f"state={form.cleaned_data['state']}" if form.is_valid() and form.cleaned_data["state"] else ""
    return render(request, "notices/list.html", {"page": page, "form": form, "query": query})


@login_required
@require_POST
def message_retry(request, pk):
    message = get_object_or_404(messages_seen_by(request.user), pk=pk)
    try:
        delivery.message_retry(actor=request.user, message=message)
    except ValidationError as error:
        messages.error(request, "；".join(error.messages))
    else:
        messages.success(request, _("The message will be sent again."))
    return redirect(request.POST.get("next") or "notices:list")


@login_required
def preferences(request):
    preference = Preference.objects.filter(user=request.user).first() or Preference(user=request.user)
    form = PreferenceForm(request.POST or None, instance=preference)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("Your alert preference is saved."))
        return redirect("notices:preferences")
    return render(request, "notices/preferences.html", {"form": form}, status=400 if form.errors else 200)
