"""The assessment scores handling, never volume (issue 12, DESIGN.md §6).

The two volume indicators (repeat petitions counted, skip-level person-visits counted) and the deduction per
skip-level batch leave the scheme; the handling indicator "repeat matters resolved" and the optional deduction for
skip-level items after a lapse of the unit come in. Every stored scheme keeps its handling weights as the
administrator set them: its volume points are dropped and its total lowered by them (the defaults' 100 becomes 75),
the new indicator gets 0 points and the new deduction is off — no stored scheme scores volume any more, and none
gets points it was not given. An administrator can give the freed points to the handling indicators in the admin.
Going back restores the old columns with no volume scoring either (the volume points and deductions at 0).
"""

from decimal import Decimal

import django.core.validators
from django.db import migrations, models
from django.db.models import F, Q

NEW_WEIGHTS = ("timely_acceptance_weight", "on_time_closure_weight", "reply_weight", "satisfaction_weight",
               "repeat_resolved_weight")


def _adds_up(weights):
    return models.CheckConstraint(
        name="assessment_scheme_weights_add_up",
        condition=Q(total=sum((F(name) for name in weights[1:]), F(weights[0]))),
        violation_error_message="The points of the indicators must add up to the total.",
    )


def _points(verbose_name, default):
    return models.DecimalField(decimal_places=2, default=Decimal(default), max_digits=6,
                               validators=[django.core.validators.MinValueValidator(Decimal("0"))],
                               verbose_name=verbose_name)


def drop_volume_points(apps, schema_editor):
    AssessmentScheme = apps.get_model("assessment", "AssessmentScheme")
    for scheme in AssessmentScheme.objects.all():
        scheme.total -= scheme.repeat_weight + scheme.skip_level_weight
        scheme.repeat_resolved_weight = Decimal(0)
        scheme.save(update_fields=["total", "repeat_resolved_weight"])


def restore_columns_without_volume(apps, schema_editor):
    AssessmentScheme = apps.get_model("assessment", "AssessmentScheme")
    AssessmentScheme.objects.update(
        repeat_weight=F("repeat_resolved_weight"), repeat_per_item=Decimal(0), skip_level_weight=Decimal(0),
        skip_level_per_person=Decimal(0), escalated_per_batch=Decimal(0),
    )


class Migration(migrations.Migration):

    dependencies = [
        ("assessment", "0001_initial"),
    ]

    operations = [
        migrations.RemoveConstraint(model_name="assessmentscheme", name="assessment_scheme_weights_add_up"),
        migrations.AddField(
            model_name="assessmentscheme",
            name="repeat_resolved_weight",
            field=_points("repeat matters resolved: points", "15"),
        ),
        migrations.AddField(
            model_name="assessmentscheme",
            name="repeat_resolved_target",
            field=models.DecimalField(
                decimal_places=2, default=Decimal("90"), max_digits=5,
                help_text="Full points at or above this rate (percent); below it, points in proportion to the rate.",
                validators=[django.core.validators.MinValueValidator(Decimal("0.01")),
                            django.core.validators.MaxValueValidator(Decimal("100"))],
                verbose_name="repeat matters resolved: target rate (%)",
            ),
        ),
        migrations.AddField(
            model_name="assessmentscheme",
            name="lapsed_skip_level_deducted",
            field=models.BooleanField(
                default=False,
                help_text="A skip-level item counts against a unit only when it repeats a matter raised with that "
                          "unit first, which the unit had not decided or closed within its limits when the "
                          "petitioner went to the higher level. Every other skip-level visit is shown for "
                          "information and costs no points.",
                verbose_name="deduct for skip-level items after a lapse here",
            ),
        ),
        migrations.AddField(
            model_name="assessmentscheme",
            name="lapsed_skip_level_per_item",
            field=_points("deduction per skip-level item after a lapse here", "2"),
        ),
        migrations.AddField(
            model_name="assessmentscheme",
            name="lapsed_skip_level_cap",
            field=_points("deduction for skip-level items after a lapse here at most", "10"),
        ),
        migrations.RunPython(drop_volume_points, restore_columns_without_volume),
        migrations.RemoveField(model_name="assessmentscheme", name="repeat_weight"),
        migrations.RemoveField(model_name="assessmentscheme", name="repeat_per_item"),
        migrations.RemoveField(model_name="assessmentscheme", name="skip_level_weight"),
        migrations.RemoveField(model_name="assessmentscheme", name="skip_level_per_person"),
        migrations.RemoveField(model_name="assessmentscheme", name="escalated_per_batch"),
        migrations.RemoveField(model_name="assessmentscheme", name="escalated_cap"),
        migrations.AlterField(
            model_name="assessmentscheme",
            name="timely_acceptance_weight",
            field=_points("timely acceptance: points", "20"),
        ),
        migrations.AlterField(
            model_name="assessmentscheme",
            name="on_time_closure_weight",
            field=_points("on-time closure: points", "30"),
        ),
        migrations.AddConstraint(model_name="assessmentscheme", constraint=_adds_up(NEW_WEIGHTS)),
    ]
