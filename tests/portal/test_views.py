"""The petitioner's tracking page: lookup, what it shows and hides, evaluation and review requests."""

import datetime as dt
import re

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import formats, translation

from petitions import actions
from petitions.models import Petition, Satisfaction
from petitions.states import PetitionState
from portal.selectors import NOT_FOUND_MESSAGE
from tests.factories import VALID_ID
from tests.portal.conftest import english

from .conftest import (
    EXTENSION_REASON,
    HAND_BACK_REASON,
    INSTRUCTION_TEXT,
    INTERNAL_NOTE,
    PHONE,
    REPLY_TEXT,
    on_day,
)

MAY_4 = dt.date(2026, 5, 4)


def en_date(day: dt.date) -> str:
    with translation.override("en"):
        return formats.date_format(day)


def status_url(petition) -> str:
    return reverse("portal:status", args=[petition.display_query_code])


def page(client, petition, day=MAY_4) -> str:
    with on_day(day):
        response = client.get(status_url(petition))
    assert response.status_code == 200
    return response.content.decode()


def without_tokens(html: str) -> str:
    """The page with its per-request CSRF tokens and the echoed input removed."""
    html = re.sub(r'name="csrfmiddlewaretoken" value="[^"]*"', "", html)
    html = re.sub(r'"X-CSRFToken": "[^"]*"', "", html)
    return re.sub(r'(name="code"[^>]*?) value="[^"]*"', r"\1", html)


# ---------------------------------------------------------------- lookup


def test_the_lookup_page_offers_a_csrf_protected_form(client, db):
    response = client.get(reverse("portal:lookup"))
    html = response.content.decode()
    assert response.status_code == 200
    assert 'name="code"' in html and "csrfmiddlewaretoken" in html
    # The public header has no staff menu.
    assert f'href="{reverse("petitions:worklist")}"' not in html
    assert f'href="{reverse("petitions:search")}"' not in html


def test_the_lookup_refuses_a_post_without_the_csrf_token(replied):
    client = Client(enforce_csrf_checks=True)
    assert client.post(reverse("portal:lookup"), {"code": replied.query_code}).status_code == 403


@pytest.mark.parametrize("typed", ["K7QM3WXP9DHV", "k7qm3wxp9dhv", "  K7QM-3WXP-9DHV  ", "k7qm 3wxp 9dhv", "K7QM-3WXP-9DHU"])
def test_a_right_code_as_typed_leads_to_the_status_page(client, replied, typed):
    """Case, spaces and dashes do not matter, and a U is read as the V it looks like."""
    Petition.objects.filter(pk=replied.pk).update(query_code="K7QM3WXP9DHV")
    response = client.post(reverse("portal:lookup"), {"code": typed})
    assert response.status_code == 302
    assert response["Location"] == reverse("portal:status", args=["K7QM-3WXP-9DHV"])


def test_a_wrong_and_a_malformed_code_get_the_same_answer(client, replied):
    wrong = client.post(reverse("portal:lookup"), {"code": "2345-6789-ABCD"})
    malformed = client.post(reverse("portal:lookup"), {"code": "hello"})
    assert wrong.status_code == malformed.status_code == 404
    assert english(NOT_FOUND_MESSAGE) in wrong.content.decode()
    assert without_tokens(wrong.content.decode()) == without_tokens(malformed.content.decode())


def test_a_wrong_code_in_the_address_gets_the_same_answer_as_a_malformed_one(client, replied):
    wrong = client.get(reverse("portal:status", args=["2345-6789-ABCD"]))
    malformed = client.get(reverse("portal:status", args=["hello"]))
    assert wrong.status_code == malformed.status_code == 404
    assert english(NOT_FOUND_MESSAGE) in wrong.content.decode()
    assert without_tokens(wrong.content.decode()) == without_tokens(malformed.content.decode())


def test_a_code_typed_into_the_address_by_hand_redirects_to_the_canonical_address(client, replied):
    response = client.get(reverse("portal:status", args=[replied.query_code.lower()]))
    assert response.status_code == 302
    assert response["Location"] == status_url(replied)


def test_the_status_page_is_not_cached_and_sends_no_referrer_to_other_sites(client, replied):
    response = client.get(status_url(replied))
    assert "no-store" in response["Cache-Control"]
    assert response["Referrer-Policy"] == "same-origin"


# ---------------------------------------------------------------- what the page shows


def test_the_status_page_shows_number_subject_state_and_the_public_dates(client, replied):
    html = page(client, replied)
    assert replied.number in html
    assert replied.title in html
    assert "Replied" in html
    assert "Registered" in html and en_date(dt.date(2026, 3, 2)) in html
    # Both assignments with the receiving unit and their dates; the first unit handed it back.
    assert "Accepted and assigned" in html
    assert "建华镇" in html and en_date(dt.date(2026, 3, 3)) in html
    assert "化子坪镇" in html and en_date(dt.date(2026, 3, 5)) in html
    # The extension: date, reason and the new due date.
    assert en_date(dt.date(2026, 3, 10)) in html
    assert EXTENSION_REASON in html
    assert en_date(replied.handling_due_on) in html
    # The handling opinion and its outcome.
    assert en_date(dt.date(2026, 4, 20)) in html
    assert REPLY_TEXT in html and "Support" in html


def test_the_timeline_lists_only_public_events_in_order(client, replied):
    html = page(client, replied)
    kinds = re.findall(r'data-kind="([a-z_]+)"', html)
    assert kinds == ["registered", "assigned", "assigned", "extended", "replied"]


def test_the_page_never_shows_personal_data_staff_or_internal_notes(client, replied):
    html = page(client, replied)
    for secret in [
        VALID_ID, VALID_ID[-4:] + "</", PHONE, "张三", "化子坪镇张家村",  # the petitioner's data
        "登记员", "镇办理员", "建华镇办理员", "王县长", "李局长",  # staff and leaders
        HAND_BACK_REASON, "Handed back", INTERNAL_NOTE, INSTRUCTION_TEXT,  # internal history
    ]:
        assert secret not in html, secret


def test_an_accusation_never_shows_the_accused_unit_or_person(client, accusation):
    html = page(client, accusation)
    assert accusation.title in html
    assert "县交通运输局" not in html
    assert "赵某某" not in html
    assert "张三" not in html


def test_a_collective_visit_shows_no_petitioner(client, collective_visit):
    html = page(client, collective_visit, day=dt.date(2026, 3, 3))
    for secret in ["王五", "13900002222", "赵六", "11010519491231002X"]:
        assert secret not in html


def test_a_handed_back_item_reads_as_awaiting_the_bureau(client, registrar, other_handler, other_township, petition):
    p = actions.petition_assign(actor=registrar, petition=petition, unit=other_township, on=dt.date(2026, 3, 3))
    p = actions.petition_hand_back(actor=other_handler, petition=p, reason=HAND_BACK_REASON, on=dt.date(2026, 3, 4))
    assert p.state == PetitionState.RETURNED
    html = page(client, p, day=dt.date(2026, 3, 4))
    assert "Awaiting the petition bureau" in html
    assert "Handed back" not in html and HAND_BACK_REASON not in html


# ---------------------------------------------------------------- evaluation


def test_the_petitioner_evaluates_once(client, replied):
    url = reverse("portal:evaluate", args=[replied.display_query_code])
    assert f'action="{url}"' in page(client, replied)
    with on_day(MAY_4):
        first = client.post(url, {"rating": Satisfaction.BASICALLY_SATISFIED, "comment": "路修好了"}, follow=True)
    assert "Your evaluation has been recorded" in first.content.decode()
    replied.refresh_from_db()
    assert (replied.satisfaction, replied.evaluation_comment) == (Satisfaction.BASICALLY_SATISFIED, "路修好了")

    html = page(client, replied)
    assert f'action="{url}"' not in html
    assert "Basically satisfied" in html
    with on_day(MAY_4):
        second = client.post(url, {"rating": Satisfaction.DISSATISFIED})
    assert second.status_code == 409
    assert "This item has already been evaluated." in second.content.decode()
    replied.refresh_from_db()
    assert replied.satisfaction == Satisfaction.BASICALLY_SATISFIED
    assert replied.events.filter(kind="evaluated").count() == 1


def test_an_evaluation_without_a_rating_says_what_is_missing(client, replied):
    with on_day(MAY_4):
        response = client.post(reverse("portal:evaluate", args=[replied.display_query_code]), {"comment": "x"})
    assert response.status_code == 400
    assert "Please choose satisfied, basically satisfied or dissatisfied." in response.content.decode()


def test_an_accusation_is_not_offered_an_evaluation(client, accusation):
    url = reverse("portal:evaluate", args=[accusation.display_query_code])
    html = page(client, accusation)
    assert f'action="{url}"' not in html
    assert "This item is not open to a satisfaction evaluation." in html
    with on_day(MAY_4):
        response = client.post(url, {"rating": Satisfaction.SATISFIED})
    assert response.status_code == 409
    assert Petition.objects.get(pk=accusation.pk).satisfaction == ""


def test_an_htmx_evaluation_answers_with_the_updated_fragment(client, replied):
    with on_day(MAY_4):
        response = client.post(
            reverse("portal:evaluate", args=[replied.display_query_code]),
            {"rating": Satisfaction.SATISFIED}, HTTP_HX_REQUEST="true",
        )
    html = response.content.decode()
    assert response.status_code == 200
    assert "<html" not in html and 'id="portal-status"' in html
    assert "Your evaluation has been recorded" in html
    assert 'data-kind="evaluated"' in html


def test_an_htmx_refusal_is_shown_in_the_fragment(client, replied):
    url = reverse("portal:evaluate", args=[replied.display_query_code])
    with on_day(MAY_4):
        client.post(url, {"rating": Satisfaction.SATISFIED})
        response = client.post(url, {"rating": Satisfaction.DISSATISFIED}, HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    assert "This item has already been evaluated." in response.content.decode()


# ---------------------------------------------------------------- review and re-review


def test_a_review_request_inside_the_window_is_received(client, replied):
    last_day = replied.review_request_due_on
    html = page(client, replied, day=last_day)
    assert en_date(last_day) in html  # the page says until when
    with on_day(last_day):
        response = client.post(reverse("portal:request_review", args=[replied.display_query_code]), {"reason": "修缮太慢"})
    assert response.status_code == 302
    replied.refresh_from_db()
    assert replied.state == PetitionState.UNDER_REVIEW
    assert replied.review_requested_on == last_day
    assert "Review requested" in page(client, replied, day=last_day)


def test_a_review_request_after_the_window_is_refused_with_the_reason(client, replied):
    day_after = replied.review_request_due_on + dt.timedelta(days=1)
    url = reverse("portal:request_review", args=[replied.display_query_code])
    refusal = f"The 30 days to request a review ended on {replied.review_request_due_on}."
    html = page(client, replied, day=day_after)
    assert f'action="{url}"' not in html
    assert refusal in html
    with on_day(day_after):
        response = client.post(url, {"reason": "修缮太慢"})
    assert response.status_code == 409
    assert refusal in response.content.decode()
    assert Petition.objects.get(pk=replied.pk).state == PetitionState.REPLIED


def test_a_review_request_without_a_reason_says_what_is_missing(client, replied):
    with on_day(MAY_4):
        response = client.post(reverse("portal:request_review", args=[replied.display_query_code]), {"reason": " "})
    assert response.status_code == 400
    assert "Please say why you ask for it." in response.content.decode()
    assert Petition.objects.get(pk=replied.pk).state == PetitionState.REPLIED


@pytest.fixture
def reviewed(replied, supervisor):
    with on_day(MAY_4):
        p = actions.petition_request_review(actor=None, petition=replied, reason="修缮太慢")
    with on_day(dt.date(2026, 5, 20)):
        p = actions.petition_decide_review(actor=supervisor, petition=p, opinion="维持原处理意见。")
    p.refresh_from_db()
    return p


def test_a_re_review_request_after_the_review_opinion(client, reviewed):
    html = page(client, reviewed, day=dt.date(2026, 5, 21))
    assert "维持原处理意见。" in html
    assert en_date(reviewed.re_review_request_due_on) in html
    with on_day(dt.date(2026, 5, 21)):
        response = client.post(
            reverse("portal:request_re_review", args=[reviewed.display_query_code]), {"reason": "仍然不服"}, follow=True
        )
    assert "Your request for a re-review has been received." in response.content.decode()
    reviewed.refresh_from_db()
    assert reviewed.state == PetitionState.UNDER_RE_REVIEW


def test_a_re_review_request_after_its_window_is_refused(client, reviewed):
    day_after = reviewed.re_review_request_due_on + dt.timedelta(days=1)
    with on_day(day_after):
        response = client.post(
            reverse("portal:request_re_review", args=[reviewed.display_query_code]), {"reason": "仍然不服"}
        )
    assert response.status_code == 409
    assert f"The 30 days to request a re-review ended on {reviewed.re_review_request_due_on}." in response.content.decode()
    assert Petition.objects.get(pk=reviewed.pk).state == PetitionState.REVIEWED


def test_a_re_review_cannot_be_requested_before_the_review_is_decided(client, replied):
    with on_day(MAY_4):
        response = client.post(
            reverse("portal:request_re_review", args=[replied.display_query_code]), {"reason": "不服"}
        )
    assert response.status_code == 409
    assert Petition.objects.get(pk=replied.pk).state == PetitionState.REPLIED
