"""Download of the notices to the petitioner (.docx); the access rule is ``Petition.objects.visible_to``."""

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.http import content_disposition_header
from django.views.decorators.http import require_GET

from . import documents
from .models import Petition


@login_required
@require_GET
def download(request, pk, kind):
    petition = get_object_or_404(Petition.objects.visible_to(request.user), pk=pk)
    if kind not in documents.DocumentKind.values:
        raise Http404
    kind = documents.DocumentKind(kind)
    if kind not in documents.available_documents(petition):
        raise Http404
    content = documents.build(
        petition, kind, user=request.user, tracking_url=request.build_absolute_uri(reverse("portal:lookup"))
    )
    response = HttpResponse(content, content_type=documents.DOCX_CONTENT_TYPE)
    response["Content-Disposition"] = content_disposition_header(True, documents.filename(petition, kind))
    response["Cache-Control"] = "private, no-store"  # personal data
    return response
