"""Campaign pages: set up and corrected by the bureau, each unit's report (nil or screened) and who has not
reported, the disputes found in it, and the 排查情况汇总表 (.docx)."""

import datetime as dt
import io

import pytest
import time_machine
from django.urls import reverse
from docx import Document

from organisation.models import UnitKind
from screening import actions
from screening.models import CampaignUnit, ScreeningCampaign

from ..factories import UnitFactory
from .conftest import dispute_data

pytestmark = pytest.mark.django_db

NOW = dt.datetime(2026, 3, 20, 9, 0, tzinfo=dt.UTC)
LIST = reverse("screening:campaign_list")
CREATE = reverse("screening:campaign_create")


@pytest.fixture
def campaign(supervisor, township, other_township):
    with time_machine.travel(NOW, tick=False):
        return actions.campaign_create(actor=supervisor, data=actions.CampaignData(
            kind="regular", name="2026年第一季度矛盾纠纷拉网式排查", starts_on=dt.date(2026, 3, 1),
            ends_on=dt.date(2026, 3, 31), units=[township, other_township], focus_topics="征地拆迁\n代课教师"))


def url(name, campaign):
    return reverse(f"screening:{name}", args=[campaign.pk])


@time_machine.travel(NOW, tick=False)
def test_the_bureau_sets_up_a_campaign_with_every_township_ticked(client, supervisor, township, other_township):
    client.force_login(supervisor)
    page = client.get(CREATE)
    assert set(page.context["form"].initial["units"]) == {township, other_township}
    response = client.post(CREATE, {"kind": "special", "name": "春节前矛盾纠纷专项排查", "starts_on": "2026-03-02",
                                    "ends_on": "2026-03-15", "units": [township.pk], "focus_topics": "拖欠农民工工资"})
    campaign = ScreeningCampaign.objects.get()
    assert response.status_code == 302 and response.url == url("campaign_detail", campaign)
    assert [r.unit for r in campaign.unit_reports.all()] == [township] and campaign.topics == ["拖欠农民工工资"]


@time_machine.travel(NOW, tick=False)
def test_bad_input_names_the_field_and_saves_nothing(client, supervisor, township):
    client.force_login(supervisor)
    response = client.post(CREATE, {"kind": "regular", "name": "排查", "starts_on": "2026-03-15",
                                    "ends_on": "2026-03-01", "units": []})
    assert response.status_code == 400
    errors = response.context["form"].errors
    assert "units" in errors and "ends_on" in errors
    assert not ScreeningCampaign.objects.exists()


@time_machine.travel(NOW, tick=False)
def test_only_the_bureau_sets_up_or_corrects(client, handler, campaign):
    client.force_login(handler)
    assert client.get(CREATE).status_code == 403
    assert client.get(url("campaign_correct", campaign)).status_code == 403
    assert 'id="new-campaign"' not in client.get(LIST).content.decode()


@time_machine.travel(NOW, tick=False)
def test_a_correction_keeps_the_units_that_reported(client, supervisor, handler, campaign, township, other_township):
    actions.campaign_report(actor=handler, campaign=campaign, unit=township, nil=True)
    client.force_login(supervisor)
    response = client.post(url("campaign_correct", campaign), {
        "kind": "regular", "name": campaign.name, "starts_on": "2026-03-01", "ends_on": "2026-03-31",
        "units": [other_township.pk]})
    assert response.status_code == 400 and "units" in response.context["form"].errors
    assert campaign.unit_reports.count() == 2


@time_machine.travel(NOW, tick=False)
def test_a_township_reports_nil_and_the_page_shows_who_has_not(client, handler, campaign, township):
    client.force_login(handler)
    page = client.get(url("campaign_detail", campaign))
    assert page.status_code == 200
    assert [u.name for u in (r.unit for r in page.context["sheet"].not_reported)] == ["化子坪镇", "建华镇"]
    form = page.context["report_form"]
    assert list(form.fields["unit"].queryset) == [township]  # a handler reports for his or her own unit
    response = client.post(url("campaign_report", campaign), {"unit": township.pk, "nil": "on", "note": "已排查12个村"})
    assert response.status_code == 302
    row = CampaignUnit.objects.get(campaign=campaign, unit=township)
    assert row.is_nil and row.reported_on == dt.date(2026, 3, 20)
    page = client.get(url("campaign_detail", campaign))
    assert [r.unit.name for r in page.context["sheet"].not_reported] == ["建华镇"]
    assert "建华镇" in page.content.decode().split('id="not-reported"')[1].split("</div>")[0]


@time_machine.travel(NOW, tick=False)
def test_a_report_that_does_not_fit_the_disputes_says_so(client, handler, campaign, township, village):
    actions.dispute_register(actor=handler, data=dispute_data(township, place=village, campaign=campaign),
                             on=dt.date(2026, 3, 5))
    client.force_login(handler)
    response = client.post(url("campaign_report", campaign), {"unit": township.pk, "nil": "on"})
    assert response.status_code == 400 and response.context["report_form"].errors["nil"]
    assert not CampaignUnit.objects.get(campaign=campaign, unit=township).has_reported
    response = client.post(url("campaign_report", campaign), {"unit": township.pk, "note": "排查出1起"})
    assert response.status_code == 302


@time_machine.travel(NOW, tick=False)
def test_another_unit_cannot_report_for_a_township(client, other_handler, campaign, township):
    client.force_login(other_handler)
    response = client.post(url("campaign_report", campaign), {"unit": township.pk, "nil": "on"})
    assert response.status_code == 400 and "unit" in response.context["report_form"].errors
    assert not CampaignUnit.objects.get(campaign=campaign, unit=township).has_reported


@time_machine.travel(NOW, tick=False)
def test_an_officer_sees_no_campaign(client, officer, campaign):
    client.force_login(officer)
    assert client.get(LIST).status_code == 403
    assert client.get(url("campaign_detail", campaign)).status_code == 404
    assert client.get(url("campaign_document", campaign)).status_code == 404


@time_machine.travel(NOW, tick=False)
def test_the_summary_table_counts_what_the_user_sees_and_names_no_party(
        client, supervisor, handler, other_handler, campaign, township, other_township, village, other_village):
    ours = actions.dispute_register(actor=handler, data=dispute_data(township, place=village, campaign=campaign),
                                    on=dt.date(2026, 3, 5))
    actions.dispute_register(actor=handler, data=dispute_data(township, place=village, campaign=campaign),
                             on=dt.date(2026, 3, 6))
    actions.dispute_register(actor=other_handler, data=dispute_data(other_township, place=other_village,
                                                                    campaign=campaign), on=dt.date(2026, 3, 6))
    actions.dispute_attempt(actor=handler, dispute=ours, data=actions.AttemptData(
        method="peoples", by="镇调委会", on=dt.date(2026, 3, 10), result="resolved", text="达成协议"))
    actions.campaign_report(actor=handler, campaign=campaign, unit=township, note="已排查12个村")

    def table(user):
        client.force_login(user)
        response = client.get(url("campaign_document", campaign))
        assert response.status_code == 200 and response["Content-Disposition"].startswith("attachment")
        document = Document(io.BytesIO(response.content))
        text = "\n".join(p.text for p in document.paragraphs)
        assert "张三" not in text and "13812345678" not in text
        return text, [[c.text for c in row.cells] for row in document.tables[0].rows]

    text, rows = table(supervisor)
    assert "2026年第一季度矛盾纠纷拉网式排查排查情况汇总表" in text
    assert "应报告单位2个，已报告1个（其中零报告0个），共排查出矛盾纠纷3起，已化解1起，正在化解2起" in text
    assert "尚未报告：建华镇。" in text and "排查重点：征地拆迁、代课教师。" in text
    assert rows[0][:4] == ["序号", "单位", "报告情况", "排查出"]
    assert rows[1] == ["1", "化子坪镇", "3月20日已报告", "2", "1", "1", "0", "已排查12个村"]
    assert rows[2] == ["2", "建华镇", "未报告", "1", "0", "1", "0", ""]
    assert rows[3][1:4] == ["合计", "已报告1/2", "3"]
    _, rows = table(handler)  # a township counts only the disputes it sees
    assert rows[2][3] == "0" and rows[3][3] == "2"


@time_machine.travel(NOW, tick=False)
def test_the_list_shows_reported_nil_and_not_yet_for_the_bureau_and_a_township(
        client, supervisor, handler, campaign, township, django_assert_max_num_queries):
    actions.campaign_report(actor=handler, campaign=campaign, unit=township, nil=True)
    with time_machine.travel(dt.datetime(2025, 12, 1, 9, 0, tzinfo=dt.UTC), tick=False):
        older = actions.campaign_create(actor=supervisor, data=actions.CampaignData(
            kind="regular", name="2025年第四季度矛盾纠纷拉网式排查", starts_on=dt.date(2025, 10, 1),
            ends_on=dt.date(2025, 12, 31), units=[township]))
    for user in (supervisor, handler):
        client.force_login(user)
        with django_assert_max_num_queries(12):
            response = client.get(LIST)
        assert response.status_code == 200
        rows = list(response.context["page"].object_list)
        assert rows == [campaign, older]  # newest first
        assert (rows[0].unit_count, rows[0].reported, rows[0].nil, rows[0].missing) == (2, 1, 1, 1)
        assert (rows[1].unit_count, rows[1].reported, rows[1].missing) == (1, 0, 1)
        assert ('id="new-campaign"' in response.content.decode()) == (user == supervisor)


@time_machine.travel(NOW, tick=False)
def test_a_township_sees_a_campaign_it_does_not_screen_in_but_cannot_report_in_it(
        client, supervisor, handler, other_township):
    """Campaigns are open to all staff (``campaign_condition``); reporting only for one's own unit of the campaign."""
    theirs = actions.campaign_create(actor=supervisor, data=actions.CampaignData(
        kind="special", name="建华镇专项排查", starts_on=dt.date(2026, 3, 1), ends_on=dt.date(2026, 3, 31),
        units=[other_township]))
    client.force_login(handler)
    page = client.get(url("campaign_detail", theirs))
    assert page.status_code == 200 and page.context["report_form"] is None
    assert 'id="campaign-report-form"' not in page.content.decode()
    response = client.post(url("campaign_report", theirs), {"unit": other_township.pk, "nil": "on"})
    assert response.status_code == 403
    assert not CampaignUnit.objects.get(campaign=theirs).has_reported


@time_machine.travel(NOW, tick=False)
def test_an_unknown_campaign_is_404(client, supervisor):
    client.force_login(supervisor)
    for name in ("campaign_detail", "campaign_correct", "campaign_document"):
        assert client.get(reverse(f"screening:{name}", args=[999999])).status_code == 404


@time_machine.travel(NOW, tick=False)
def test_the_bureau_corrects_a_campaign(client, supervisor, campaign, township, other_township):
    client.force_login(supervisor)
    page = client.get(url("campaign_correct", campaign))
    assert set(page.context["form"].initial["units"]) == {township.pk, other_township.pk}
    response = client.post(url("campaign_correct", campaign), {
        "kind": "regular", "name": campaign.name, "starts_on": "2026-03-01", "ends_on": "2026-04-05",
        "units": [township.pk], "focus_topics": "征地拆迁"})
    assert response.status_code == 302
    campaign.refresh_from_db()
    assert campaign.ends_on == dt.date(2026, 4, 5) and campaign.topics == ["征地拆迁"]
    assert [r.unit for r in campaign.unit_reports.all()] == [township]


@time_machine.travel(NOW, tick=False)
def test_the_page_lists_the_disputes_found_in_it_that_the_user_sees(
        client, supervisor, handler, other_handler, campaign, township, other_township, village, other_village):
    ours = actions.dispute_register(actor=handler, data=dispute_data(township, place=village, campaign=campaign,
                                                                     title="灌溉用水纠纷"), on=dt.date(2026, 3, 5))
    actions.dispute_register(actor=other_handler, data=dispute_data(other_township, place=other_village,
                                                                    campaign=campaign, title="林权界址纠纷"),
                             on=dt.date(2026, 3, 6))
    actions.dispute_register(actor=handler, data=dispute_data(township, place=village, title="排查外发现的纠纷"),
                             on=dt.date(2026, 3, 6))
    client.force_login(handler)
    page = client.get(url("campaign_detail", campaign)).content.decode()
    assert reverse("screening:dispute_detail", args=[ours.pk]) in page and "灌溉用水纠纷" in page
    assert "林权界址纠纷" not in page and "排查外发现的纠纷" not in page and "张三" not in page
    client.force_login(supervisor)
    page = client.get(url("campaign_detail", campaign)).content.decode()
    assert "灌溉用水纠纷" in page and "林权界址纠纷" in page


@time_machine.travel(NOW, tick=False)
def test_tick_all_townships_keeps_what_was_typed_and_saves_nothing(
        client, supervisor, campaign, township, other_township):
    department = UnitFactory(name="县自然资源局", kind=UnitKind.DEPARTMENT)
    client.force_login(supervisor)
    response = client.post(url("campaign_correct", campaign), {
        "kind": "special", "name": "改过的名称", "starts_on": "2026-03-01", "ends_on": "2026-03-31",
        "units": [department.pk], "all_townships": "1"})
    assert response.status_code == 200
    initial = response.context["form"].initial
    assert initial["name"] == "改过的名称" and initial["kind"] == "special"
    assert set(initial["units"]) == {department.pk, township.pk, other_township.pk}
    assert 'id="all-townships"' in response.content.decode()
    campaign.refresh_from_db()
    assert campaign.name == "2026年第一季度矛盾纠纷拉网式排查" and campaign.kind == "regular"
