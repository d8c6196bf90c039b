"""Reads of the screening register shared by its pages and documents (the access rule is the querysets')."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Count, Q

from .models import CampaignUnit, Dispute, DisputeState, ScreeningCampaign


@dataclass(frozen=True)
class CampaignRow:
    """One unit of a campaign: its report, and the disputes it found in the campaign (where they stand now)."""

    report: CampaignUnit
    found: int = 0
    resolved: int = 0
    under_way: int = 0
    escalated: int = 0

    @property
    def unit(self):
        return self.report.unit


@dataclass(frozen=True)
class CampaignSheet:
    campaign: ScreeningCampaign
    rows: tuple[CampaignRow, ...]

    @property
    def reported(self) -> list[CampaignRow]:
        return [r for r in self.rows if r.report.has_reported]

    @property
    def not_reported(self) -> list[CampaignRow]:
        return [r for r in self.rows if not r.report.has_reported]

    @property
    def nil(self) -> int:
        return sum(r.report.is_nil for r in self.reported)

    def total(self, name: str) -> int:
        return sum(getattr(r, name) for r in self.rows)


def campaign_sheet(campaign: ScreeningCampaign, user) -> CampaignSheet:
    """The units' reports of ``campaign`` and, per unit, the disputes found in it that ``user`` sees (two queries)."""
    counts = {
        row["found_by_unit"]: row for row in
        Dispute.objects.visible_to(user).filter(campaign=campaign).values("found_by_unit").annotate(
            found=Count("pk"),
            resolved=Count("pk", filter=Q(state=DisputeState.RESOLVED)),
            under_way=Count("pk", filter=Q(state=DisputeState.UNDER_WAY)),
            escalated=Count("pk", filter=Q(state=DisputeState.ESCALATED)),
        )
    }
    rows = []
    for report in campaign.unit_reports.select_related("unit", "reported_by").order_by("unit__kind", "unit__path"):
        c = counts.get(report.unit_id, {})
        rows.append(CampaignRow(report, c.get("found", 0), c.get("resolved", 0), c.get("under_way", 0),
                                c.get("escalated", 0)))
    return CampaignSheet(campaign, tuple(rows))
