"""The data migration that takes the volume points out of every stored scheme (0002_score_handling_not_volume):
no stored scheme scores volume afterwards, its handling weights stay as the administrator set them, and its
total is lowered by the points it gave to volume; and 0003_dispute_resolution_indicator, which gives every
stored scheme 0 points for dispute resolution, so that it still adds up."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from assessment.models import AssessmentScheme

pytestmark = pytest.mark.django_db(transaction=True)
BEFORE = [("assessment", "0001_initial")]
AFTER = [("assessment", "0002_score_handling_not_volume")]
WITH_DISPUTES = [("assessment", "0003_dispute_resolution_indicator")]
D = Decimal


def _migrate(targets):
    executor = MigrationExecutor(connection)
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


def test_stored_schemes_lose_their_volume_points_and_keep_their_handling_weights():
    old = _migrate(BEFORE).get_model("assessment", "AssessmentScheme")
    old.objects.create(year=2025)  # the old defaults: 15 / 25 / 15 / 20, repeat 15, skip-level 10
    old.objects.create(year=2026, timely_acceptance_weight=D("20"), on_time_closure_weight=D("30"),
                       repeat_weight=D("5"), skip_level_weight=D("10"), escalated_per_batch=D("3"))
    try:
        new = _migrate(AFTER).get_model("assessment", "AssessmentScheme")
        schemes = {s.year: s for s in new.objects.all()}
        assert [(s.timely_acceptance_weight, s.on_time_closure_weight, s.reply_weight, s.satisfaction_weight,
                 s.repeat_resolved_weight, s.total) for s in (schemes[2025], schemes[2026])] == [
            (D("15"), D("25"), D("15"), D("20"), D("0"), D("75")),
            (D("20"), D("30"), D("15"), D("20"), D("0"), D("85")),
        ]
        assert not any(s.lapsed_skip_level_deducted for s in schemes.values())
        for scheme in schemes.values():
            scheme.full_clean()  # the weights still add up to the total
    finally:
        _migrate(MigrationExecutor(connection).loader.graph.leaf_nodes("assessment"))


def test_going_back_restores_the_old_columns_without_volume_scoring():
    _migrate(AFTER).get_model("assessment", "AssessmentScheme").objects.create(year=2026)  # the new defaults: 20 / 30 / 15 / 20, repeat matters resolved 15
    try:
        old = _migrate(BEFORE).get_model("assessment", "AssessmentScheme")
        scheme = old.objects.get(year=2026)
        assert (scheme.repeat_weight, scheme.repeat_per_item, scheme.skip_level_weight, scheme.skip_level_per_person,
                scheme.escalated_per_batch, scheme.total) == (D("15"), D("0"), D("0"), D("0"), D("0"), D("100"))
    finally:
        _migrate(MigrationExecutor(connection).loader.graph.leaf_nodes("assessment"))


def test_stored_schemes_get_no_points_for_dispute_resolution_and_still_add_up():
    before = _migrate(AFTER).get_model("assessment", "AssessmentScheme")
    before.objects.create(year=2026, total=D("85"), timely_acceptance_weight=D("20"), on_time_closure_weight=D("30"),
                          reply_weight=D("15"), satisfaction_weight=D("20"), repeat_resolved_weight=D("0"))
    try:
        _migrate(WITH_DISPUTES)
        scheme = AssessmentScheme.objects.get(year=2026)
        assert (scheme.dispute_resolution_weight, scheme.dispute_resolution_target, scheme.total) == (
            D("0"), D("90"), D("85"))
        scheme.full_clean()
        scheme.dispute_resolution_weight = D("10")  # the new points count in the sum: 95 ≠ 85
        with pytest.raises(ValidationError, match="95"):
            scheme.full_clean()
    finally:
        _migrate(MigrationExecutor(connection).loader.graph.leaf_nodes("assessment"))
