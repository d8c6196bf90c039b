"""Notices to the petitioner (.docx): which exist, what they say, how they look, who may download them."""

import datetime as dt
import io
from urllib.parse import unquote
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.conf import settings
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.oxml.ns import qn
from docx.shared import Pt

from petitions import actions
from petitions.actions import PetitionerData
from petitions.documents import (
    DOCX_CONTENT_TYPE,
    DocumentKind,
    DocumentUnavailable,
    available_documents,
    build,
    compose,
)
from petitions.models import Channel, ContentType, DeclineReason

from ..factories import UnitFactory, register

K = DocumentKind
ACCEPT_ON = dt.date(2026, 3, 3)
REPLY_ON = dt.date(2026, 3, 20)


def chinese(d: dt.date) -> str:
    return f"{d.year}年{d.month}月{d.day}日"


def read(content: bytes):
    return Document(io.BytesIO(content))


def text_of(content: bytes) -> str:
    return "\n".join(p.text for p in read(content).paragraphs)


def english(petition, kind, user, **kwargs) -> str:
    """The document's text in English: phrase checks must not depend on the Chinese catalog."""
    with translation.override("en"):
        return text_of(build(petition, kind, user=user, **kwargs))


def en(d: dt.date) -> str:
    return f"{d:%B} {d.day}, {d.year}"


# --- building items through the real actions ---------------------------------------------------------------


def accept(petition, registrar, unit):
    return actions.petition_assign(actor=registrar, petition=petition, unit=unit, on=ACCEPT_ON)


def extend(petition, registrar, handler, unit):
    p = accept(petition, registrar, unit)
    p = actions.petition_sign_for(actor=handler, petition=p, on=ACCEPT_ON)
    # The notice is dated the day the extension was recorded.
    with time_machine.travel(dt.datetime(2026, 4, 20, 10, tzinfo=ZoneInfo("Asia/Shanghai")), tick=False):
        return actions.petition_extend(
            actor=handler, petition=p, days=20, reason="需要进行现场勘查。", approved_by="李镇长", on=dt.date(2026, 4, 20)
        )


def reply(petition, registrar, handler, unit):
    p = accept(petition, registrar, unit)
    p = actions.petition_sign_for(actor=handler, petition=p, on=ACCEPT_ON)
    return actions.petition_reply(
        actor=handler, petition=p, outcome="support", text="经调查，村道已列入今年修复计划。\n预计5月底前完工。", on=REPLY_ON
    )


def review(petition, registrar, handler, supervisor, unit):
    p = reply(petition, registrar, handler, unit)
    p = actions.petition_request_review(actor=None, petition=p, reason="修复太慢", on=dt.date(2026, 3, 25))
    return actions.petition_decide_review(actor=supervisor, petition=p, opinion="维持原处理意见。", on=dt.date(2026, 4, 8))


def re_review(petition, registrar, handler, supervisor, unit):
    p = review(petition, registrar, handler, supervisor, unit)
    p = actions.petition_request_re_review(actor=None, petition=p, reason="仍不服", on=dt.date(2026, 4, 10))
    return actions.petition_decide_re_review(
        actor=supervisor, petition=p, opinion="复核维持。", on=dt.date(2026, 4, 28)
    )


@pytest.fixture
def item_in(petition, registrar, handler, supervisor, township, other_township):
    """item_in(kind): the petition fixture taken to the step that produces the document ``kind``."""

    def make(kind):
        if kind == K.ACCEPTANCE:
            return accept(petition, registrar, township)
        if kind == K.NON_ACCEPTANCE:
            return actions.petition_decline(
                actor=registrar, petition=petition, reason=DeclineReason.LEGAL_PROCEDURE,
                note="请依法向县人民法院提起诉讼。", on=ACCEPT_ON,
            )
        if kind == K.FORWARDING:
            return actions.petition_forward(actor=registrar, petition=petition, to_unit=other_township, on=ACCEPT_ON)
        if kind == K.EXTENSION:
            return extend(petition, registrar, handler, township)
        if kind == K.HANDLING_OPINION:
            return reply(petition, registrar, handler, township)
        if kind == K.REVIEW_OPINION:
            return review(petition, registrar, handler, supervisor, township)
        return re_review(petition, registrar, handler, supervisor, township)

    return make


# --- which documents exist ---------------------------------------------------------------------------------


def test_documents_appear_as_the_item_moves_through_its_life(petition, registrar, handler, supervisor, township):
    assert available_documents(petition) == []
    p = accept(petition, registrar, township)
    assert available_documents(p) == [K.ACCEPTANCE]
    p = actions.petition_sign_for(actor=handler, petition=p, on=ACCEPT_ON)
    p = actions.petition_extend(actor=handler, petition=p, days=10, reason="复杂", approved_by="镇长", on=ACCEPT_ON)
    assert available_documents(p) == [K.ACCEPTANCE, K.EXTENSION]
    p = actions.petition_reply(actor=handler, petition=p, outcome="explain", text="已说明", on=REPLY_ON)
    assert available_documents(p) == [K.ACCEPTANCE, K.EXTENSION, K.HANDLING_OPINION]
    p = actions.petition_request_review(actor=None, petition=p, reason="不服", on=REPLY_ON)
    assert K.REVIEW_OPINION not in available_documents(p)
    p = actions.petition_decide_review(actor=supervisor, petition=p, opinion="维持", on=REPLY_ON)
    p = actions.petition_request_re_review(actor=None, petition=p, reason="不服", on=REPLY_ON)
    assert available_documents(p)[-1] == K.REVIEW_OPINION
    p = actions.petition_decide_re_review(actor=supervisor, petition=p, opinion="维持", on=REPLY_ON)
    assert available_documents(p) == list(K)[:1] + [K.EXTENSION, K.HANDLING_OPINION, K.REVIEW_OPINION, K.RE_REVIEW_OPINION]


def test_an_item_handed_back_has_no_acceptance_notice_any_more(petition, registrar, handler, township):
    p = accept(petition, registrar, township)
    p = actions.petition_hand_back(actor=handler, petition=p, reason="不属于本镇管辖", on=ACCEPT_ON)
    assert available_documents(p) == []


@pytest.mark.parametrize("kind", [K.NON_ACCEPTANCE, K.FORWARDING])
def test_a_decision_without_acceptance_gives_only_its_own_notice(item_in, kind):
    assert available_documents(item_in(kind)) == [kind]


def test_an_answer_on_the_spot_gives_a_handling_opinion_from_the_bureau(petition, registrar):
    p = actions.petition_answer(actor=registrar, petition=petition, answer="已当场解释政策。", on=dt.date(2026, 3, 2))
    assert available_documents(p) == [K.HANDLING_OPINION]
    text = english(p, K.HANDLING_OPINION, registrar)
    assert "已当场解释政策。" in text
    assert text.splitlines()[-2] == "县信访局"
    assert "request a review" not in text  # the right to a review follows a unit's handling opinion


def test_composing_an_unavailable_document_is_refused(petition, registrar):
    with pytest.raises(DocumentUnavailable):
        compose(petition, K.ACCEPTANCE, user=registrar)


# --- what they say -----------------------------------------------------------------------------------------

ISSUED = {
    K.ACCEPTANCE: ("县信访局", ACCEPT_ON),
    K.NON_ACCEPTANCE: ("县信访局", ACCEPT_ON),
    K.FORWARDING: ("县信访局", ACCEPT_ON),
    K.EXTENSION: ("化子坪镇", dt.date(2026, 4, 20)),
    K.HANDLING_OPINION: ("化子坪镇", REPLY_ON),
    K.REVIEW_OPINION: ("县信访局", dt.date(2026, 4, 8)),
    K.RE_REVIEW_OPINION: ("县信访局", dt.date(2026, 4, 28)),
}


@pytest.mark.parametrize("kind", list(K))
def test_each_document_carries_title_number_query_code_dates_and_issuer(item_in, registrar, kind):
    """Built in the default language (Chinese): dates are written 2026年3月2日."""
    p = item_in(kind)
    lines = text_of(build(p, kind, user=registrar, tracking_url="https://xf.example.cn/q/")).splitlines()
    text = "\n".join(lines)
    issuer, issued_on = ISSUED[kind]
    assert lines[0] == str(kind.label)
    assert p.number in lines[1] and p.display_query_code in lines[1]
    assert len(p.display_query_code) == 14  # K7QM-3WXP-9DHA
    assert lines[2].startswith("张三")
    assert "反映村道损毁问题" in text
    assert "https://xf.example.cn/q/" in text
    assert lines[-2:] == [issuer, chinese(issued_on)]
    if kind not in (K.REVIEW_OPINION, K.RE_REVIEW_OPINION):  # these refer to the reply and the review instead
        assert "2026年3月2日" in text


@pytest.mark.parametrize("kind", list(K))
def test_each_document_tells_how_to_follow_the_item_with_the_query_code(item_in, registrar, kind):
    p = item_in(kind)
    lines = english(p, kind, registrar, tracking_url="https://xf.example.cn/q/").splitlines()
    assert lines[1] == f"Registration number: {p.number}  Query code: {p.display_query_code}"
    assert lines[2] == "张三:"
    assert "With the query code you can follow the progress of the matter on the petition query page." in lines
    assert "Petition query page: https://xf.example.cn/q/" in lines


def test_acceptance_notice_names_the_unit_and_the_reply_due_date(item_in, registrar):
    p = item_in(K.ACCEPTANCE)
    text = english(p, K.ACCEPTANCE, registrar)
    assert "received on March 2, 2026 concerning “反映村道损毁问题” was accepted by this office on March 3, 2026" in text
    assert f"assigned to 化子坪镇, which will handle it and give you a written handling opinion by {en(p.handling_due_on)}" in text


def test_non_acceptance_for_a_legal_procedure_points_to_that_procedure(item_in, registrar):
    text = english(item_in(K.NON_ACCEPTANCE), K.NON_ACCEPTANCE, registrar)
    with translation.override("en"):
        label = str(DeclineReason.LEGAL_PROCEDURE.label)
    assert label in text
    assert "pursue it through that procedure" in text
    assert "The procedure to use: 请依法向县人民法院提起诉讼。" in text


def test_forwarding_notice_says_where_the_item_went(item_in, registrar):
    text = english(item_in(K.FORWARDING), K.FORWARDING, registrar)
    assert "this office forwarded it to 建华镇 on March 3, 2026" in text


def test_extension_notice_gives_reason_days_and_new_due_date(item_in, registrar):
    p = item_in(K.EXTENSION)
    text = english(p, K.EXTENSION, registrar)
    assert "需要进行现场勘查。" in text
    assert "extended by 20 days" in text
    assert p.handling_due_on > p.original_handling_due_on
    assert f"was to be handled by {en(p.original_handling_due_on)}" in text
    assert f"will be given to you by {en(p.handling_due_on)}" in text


def test_handling_opinion_gives_outcome_reply_and_the_right_to_a_review(item_in, registrar):
    paragraphs = english(item_in(K.HANDLING_OPINION), K.HANDLING_OPINION, registrar).splitlines()
    assert "Your request is supported." in paragraphs
    # each line of the reply is its own indented paragraph
    assert "经调查，村道已列入今年修复计划。" in paragraphs and "预计5月底前完工。" in paragraphs
    assert "I. Handling opinion" in paragraphs and "II. Right to request a review" in paragraphs
    assert any("request a review in writing" in p and "within 30 days from the day you receive it" in p for p in paragraphs)


def test_handling_opinion_names_the_body_one_level_up_when_known(petition, registrar, handler, township):
    township.parent = UnitFactory(name="县人民政府", kind="county")
    township.save()
    text = english(reply(petition, registrar, handler, township), K.HANDLING_OPINION, registrar)
    assert "request a review in writing from 县人民政府 within 30 days" in text


def test_review_and_re_review_opinions_carry_the_opinion_and_what_follows(item_in, registrar):
    p = item_in(K.RE_REVIEW_OPINION)
    review_text = english(p, K.REVIEW_OPINION, registrar)
    assert "维持原处理意见。" in review_text
    assert "handling opinion given by 化子坪镇 on March 20, 2026" in review_text
    assert "requested a review on March 25, 2026" in review_text
    assert "request a re-review in writing" in review_text and "within 30 days" in review_text
    re_review_text = english(p, K.RE_REVIEW_OPINION, registrar)
    assert "复核维持。" in re_review_text
    assert "review opinion given on April 8, 2026" in re_review_text
    assert "will not be accepted" in re_review_text


def test_documents_follow_the_active_language_for_dates(item_in, registrar):
    p = item_in(K.ACCEPTANCE)
    with translation.override("en"):
        text = text_of(build(p, K.ACCEPTANCE, user=registrar))
    assert "March 3, 2026" in text
    assert "2026年3月3日" not in text


def test_a_collective_visit_is_addressed_to_its_representatives_and_others(registrar, township):
    people = [PetitionerData(name=n, is_representative=i < 2) for i, n in enumerate(["赵一", "钱二", "孙三"])]
    p = register(registrar, township, channel=Channel.VISIT, headcount=8, petitioners=people)
    p = accept(p, registrar, township)
    lines = english(p, K.ACCEPTANCE, registrar).splitlines()
    assert lines[2] == "赵一, 钱二 and others:"


# --- identity of accusers ----------------------------------------------------------------------------------


@pytest.fixture
def accusation(registrar, township):
    p = register(
        registrar, township, content_type=ContentType.ACCUSATION, accused_person="某村干部",
        title="举报村干部侵占补偿款", petitioners=[PetitionerData(name="举报人甲", phone="13800002222")],
    )
    return accept(p, registrar, township)


def test_unit_handler_gets_an_accusation_notice_without_the_accusers_name(client, accusation, handler):
    client.force_login(handler)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    response = client.get(reverse("petitions:document", args=[accusation.pk, "acceptance"]))
    assert response.status_code == 200
    text = text_of(response.content)
    assert "举报人甲" not in text and "13800002222" not in text
    assert text.splitlines()[2] == "Petitioner:"
    # The query code is the petitioner's credential: a unit's copy goes without it (DESIGN.md §7).
    assert accusation.display_query_code not in text
    assert "With the query code the petition bureau gave you" in text


def test_bureau_staff_get_the_accusation_notice_addressed_by_name(client, accusation, registrar):
    client.force_login(registrar)
    response = client.get(reverse("petitions:document", args=[accusation.pk, "acceptance"]))
    assert text_of(response.content).splitlines()[2].startswith("举报人甲")


# --- the download view -------------------------------------------------------------------------------------


def test_download_returns_a_docx_named_after_title_and_number(client, item_in, registrar):
    p = item_in(K.ACCEPTANCE)
    client.force_login(registrar)
    response = client.get(reverse("petitions:document", args=[p.pk, "acceptance"]))
    assert response.status_code == 200
    assert response["Content-Type"] == DOCX_CONTENT_TYPE
    assert "no-store" in response["Cache-Control"]
    disposition = response["Content-Disposition"]
    assert disposition.startswith("attachment;")
    name = disposition.split("filename*=utf-8''")[1] if "filename*=" in disposition else disposition.split('"')[1]
    assert unquote(name) == f"{K.ACCEPTANCE.label}-{p.number}.docx"
    assert "http://testserver/q/" in text_of(response.content)


def test_a_chinese_file_name_is_sent_as_utf8_filename_star(client, item_in, registrar, monkeypatch):
    p = item_in(K.ACCEPTANCE)
    monkeypatch.setattr("petitions.documents.filename", lambda petition, kind: f"受理告知书-{petition.number}.docx")
    client.force_login(registrar)
    response = client.get(reverse("petitions:document", args=[p.pk, "acceptance"]))
    disposition = response["Content-Disposition"]
    assert disposition.startswith("attachment; filename*=utf-8''")
    assert unquote(disposition.split("''", 1)[1]) == f"受理告知书-{p.number}.docx"


def test_the_responsible_units_handler_may_download(client, item_in, handler):
    p = item_in(K.HANDLING_OPINION)
    client.force_login(handler)
    assert client.get(reverse("petitions:document", args=[p.pk, "handling_opinion"])).status_code == 200


def test_another_units_handler_gets_404(client, item_in, other_handler):
    p = item_in(K.ACCEPTANCE)
    client.force_login(other_handler)
    assert client.get(reverse("petitions:document", args=[p.pk, "acceptance"])).status_code == 404


@pytest.mark.parametrize("kind", ["extension", "handling_opinion", "nonsense"])
def test_unavailable_or_unknown_kind_gives_404(client, item_in, registrar, kind):
    p = item_in(K.ACCEPTANCE)
    client.force_login(registrar)
    assert client.get(reverse("petitions:document", args=[p.pk, kind])).status_code == 404


def test_anonymous_users_are_sent_to_log_in(client, item_in):
    p = item_in(K.ACCEPTANCE)
    response = client.get(reverse("petitions:document", args=[p.pk, "acceptance"]))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


# --- how they look (GB/T 9704) -----------------------------------------------------------------------------


def east_asia(run) -> str | None:
    fonts = run._r.rPr.rFonts
    return fonts.get(qn("w:eastAsia"))


@pytest.fixture
def opinion(item_in, registrar):
    with translation.override("en"):
        return read(build(item_in(K.HANDLING_OPINION), K.HANDLING_OPINION, user=registrar))


def test_page_is_a4_with_official_document_margins(opinion):
    section = opinion.sections[0]

    def mm(length):  # stored in twips: compare to a tenth of a millimetre
        return round(length.mm, 1)

    assert (mm(section.page_width), mm(section.page_height)) == (210, 297)
    assert (mm(section.top_margin), mm(section.bottom_margin)) == (37, 35)
    assert (mm(section.left_margin), mm(section.right_margin)) == (28, 26)


def test_title_is_fangzheng_xiaobiaosong_22pt_centred(opinion):
    title = opinion.paragraphs[0]
    assert title.alignment == WD_ALIGN_PARAGRAPH.CENTER
    for run in title.runs:
        assert east_asia(run) == "方正小标宋简体"
        assert run.font.name == "方正小标宋简体"  # ascii and hAnsi
        assert run.font.size == Pt(22)


def test_body_is_fangsong_16pt_indented_two_characters_with_fixed_28pt_lines(opinion):
    body = [p for p in opinion.paragraphs if p.text == "Your request is supported."]
    assert body
    for paragraph in body:
        fmt = paragraph.paragraph_format
        assert fmt.first_line_indent == Pt(32)
        assert paragraph._p.pPr.ind.get(qn("w:firstLineChars")) == "200"
        assert fmt.line_spacing_rule == WD_LINE_SPACING.EXACTLY and fmt.line_spacing == Pt(28)
        for run in paragraph.runs:
            assert east_asia(run) == "仿宋_GB2312" and run.font.name == "仿宋_GB2312"
            assert run.font.size == Pt(16)


def test_body_is_justified_in_chinese(item_in, registrar):
    with translation.override("zh-hans"):
        document = read(build(item_in(K.HANDLING_OPINION), K.HANDLING_OPINION, user=registrar))
    indented = [p for p in document.paragraphs if p.paragraph_format.first_line_indent]
    assert indented and all(p.alignment == WD_ALIGN_PARAGRAPH.JUSTIFY for p in indented)


def test_headings_are_heiti(opinion):
    heading = next(p for p in opinion.paragraphs if p.text == "I. Handling opinion")
    assert all(east_asia(run) == "黑体" and run.font.size == Pt(16) for run in heading.runs)


def test_every_run_sets_an_east_asian_font_and_issuer_and_date_sit_bottom_right(opinion):
    assert all(east_asia(run) for p in opinion.paragraphs for run in p.runs)
    issuer, date = opinion.paragraphs[-2:]
    assert issuer.alignment == date.alignment == WD_ALIGN_PARAGRAPH.RIGHT
    assert date.paragraph_format.right_indent == Pt(64)  # four characters from the right


def test_the_normal_style_carries_the_body_font_for_text_added_later_in_word(opinion):
    normal = opinion.styles["Normal"]
    assert normal.font.size == Pt(16)
    assert normal.element.rPr.rFonts.get(qn("w:eastAsia")) == "仿宋_GB2312"


# --- the detail page's list of links ----------------------------------------------------------------------


def test_document_links_show_only_the_available_documents(item_in):
    p = item_in(K.EXTENSION)
    html = render_to_string("petitions/_documents.html", {"petition": p, "documents": available_documents(p)})
    assert reverse("petitions:document", args=[p.pk, "acceptance"]) in html
    assert reverse("petitions:document", args=[p.pk, "extension"]) in html
    assert "handling_opinion" not in html
    assert str(K.EXTENSION.label) in html


def test_no_document_links_before_a_decision(petition):
    html = render_to_string("petitions/_documents.html", {"petition": petition, "documents": available_documents(petition)})
    assert html.strip() == ""
