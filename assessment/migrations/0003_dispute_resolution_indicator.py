"""The dispute-resolution indicator 矛盾纠纷化解率 (issue 13): its points (0 by default, so that every stored scheme
still adds up to its total) and target (90%); the weights-add-up constraint now includes its points."""

import django.core.validators
import django.db.models.expressions
from decimal import Decimal
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('assessment', '0002_score_handling_not_volume'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.RemoveConstraint(
            model_name='assessmentscheme',
            name='assessment_scheme_weights_add_up',
        ),
        migrations.AddField(
            model_name='assessmentscheme',
            name='dispute_resolution_target',
            field=models.DecimalField(decimal_places=2, default=Decimal('90'), help_text='Full points at or above this rate (percent); below it, points in proportion to the rate.', max_digits=5, validators=[django.core.validators.MinValueValidator(Decimal('0.01')), django.core.validators.MaxValueValidator(Decimal('100'))], verbose_name='dispute resolution: target rate (%)'),
        ),
        migrations.AddField(
            model_name='assessmentscheme',
            name='dispute_resolution_weight',
            field=models.DecimalField(decimal_places=2, default=Decimal('0'), max_digits=6, validators=[django.core.validators.MinValueValidator(Decimal('0'))], verbose_name='dispute resolution: points'),
        ),
        migrations.AddConstraint(
            model_name='assessmentscheme',
            constraint=models.CheckConstraint(condition=models.Q(('total', django.db.models.expressions.CombinedExpression(django.db.models.expressions.CombinedExpression(django.db.models.expressions.CombinedExpression(django.db.models.expressions.CombinedExpression(django.db.models.expressions.CombinedExpression(models.F('timely_acceptance_weight'), '+', models.F('on_time_closure_weight')), '+', models.F('reply_weight')), '+', models.F('satisfaction_weight')), '+', models.F('repeat_resolved_weight')), '+', models.F('dispute_resolution_weight')))), name='assessment_scheme_weights_add_up', violation_error_message='The points of the indicators must add up to the total.'),
        ),
    ]
