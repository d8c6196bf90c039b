"""The five assurances' risk-control measures record how the matter is resolved, never the watching of petitioners
(DESIGN.md §6): the field and its form say so."""

import pytest
from django.urls import reverse

from supervision.models import Ownership

pytestmark = pytest.mark.django_db
HELP = "记录化解措施：如何化解矛盾纠纷、解决信访人的合理诉求。不得记录对信访人的监控、稳控措施。"


def test_the_risk_measures_field_says_it_records_measures_to_resolve_the_matter():
    assert str(Ownership._meta.get_field("risk_measures").help_text) == HELP


def test_the_ownership_form_shows_the_help_text(client, supervisor, major):
    client.force_login(supervisor)
    page = client.get(reverse("supervision:ownership_edit", args=[major.pk])).content.decode()
    assert HELP in page
