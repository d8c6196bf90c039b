"""The demo county's dispute screening: a year and a half of campaigns, disputes in every outcome, officers' reports
and emergency linkages, all written through the actions."""



from screening.models import (
    CampaignUnit,
    Dispute,
    DisputeState,
    Incident,
    Method,
    OfficerReport,
    ReportState,
    ResolutionAttempt,
    ScreeningCampaign,
    ScreeningEvent,
    ScreeningEventKind,
)
from stats import screening
from stats.periods import Period
from supervision.models import Ownership

from .test_load_demo import TODAY, demo, demo_output  # noqa: F401 (the module's demo, built once)


def test_every_campaign_kind_and_report_is_there(demo):  # noqa: F811
    campaigns = ScreeningCampaign.objects.all()
    assert set(campaigns.values_list("kind", flat=True)) == {"regular", "special"}
    assert campaigns.filter(starts_on__year=TODAY.year - 1).count() == 7
    reports = CampaignUnit.objects.all()
    assert reports.filter(is_nil=True).exists() and reports.filter(is_nil=False, reported_on__isnull=False).exists()
    latest = campaigns.order_by("-starts_on").first()
    assert latest.unit_reports.filter(reported_on__isnull=True).exists()  # not everyone has reported yet


def test_disputes_in_every_outcome_with_every_method(demo):  # noqa: F811
    states = set(Dispute.objects.values_list("state", flat=True))
    assert states == set(DisputeState.values)
    assert Dispute.objects.filter(times_reopened__gt=0).exists()
    assert Dispute.objects.filter(campaign__isnull=True).exists() and Dispute.objects.filter(campaign__isnull=False).exists()
    methods = set(ResolutionAttempt.objects.values_list("method", flat=True))
    assert {Method.PEOPLES_MEDIATION, Method.ADMINISTRATIVE_MEDIATION, Method.JUDICIAL_MEDIATION} <= methods
    assert Ownership.objects.filter(dispute__isnull=False, completed_on__isnull=False).exists()
    assert Dispute.objects.filter(petition_links__isnull=False).exists()
    assert all(d.dispute_parties.exists() for d in Dispute.objects.filter(reports__isnull=True)[:20])


def test_officers_reports_and_linkages(demo):  # noqa: F811
    states = set(OfficerReport.objects.values_list("state", flat=True))
    assert {ReportState.ACCEPTED, ReportState.CLOSED, ReportState.SUBMITTED} <= states
    assert OfficerReport.objects.overdue(TODAY).exists()
    incidents = Incident.objects.all()
    assert incidents.count() == 5 and not incidents.filter(stood_down_at__isnull=True).exists()
    assert all(i.actions.count() == 4 and i.disputes.exists() for i in incidents)


def test_events_are_dated_by_their_step_and_every_kind_appears(demo):  # noqa: F811
    kinds = set(ScreeningEvent.objects.values_list("kind", flat=True))
    expected = set(ScreeningEventKind.values) - {"dispute_changed", "campaign_changed", "incident_changed",
                                                   "revealed", "petition_registered"}
    assert expected <= kinds, expected - kinds
    assert not ScreeningEvent.objects.filter(at__date__gt=TODAY).exists()


def test_the_years_figures_are_a_proper_year(demo):  # noqa: F811
    f = screening.compute(Period.year(TODAY.year), as_of=TODAY)
    assert f.campaigns == 4 and f.found > f.resolved > 0 and f.escalated > 0 and f.under_way > 0
    assert f.incidents >= 2 and f.reports > 0 and f.reports_accepted > 0
    last = screening.compute(Period.year(TODAY.year - 1), as_of=TODAY)
    assert last.campaigns == 7 and last.found > 0
