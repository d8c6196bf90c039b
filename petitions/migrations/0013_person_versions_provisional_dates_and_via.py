"""Each item keeps what was true of its petitioners when it was registered; earlier versions of a person; which
computed dates are provisional; how an evaluation or a review request came.

The data steps fill the new columns of existing rows: the parties' name, phone and address from the person's
record (the only version there was); the provisional flags of stored dates in a year the calendar does not know;
and how each recorded evaluation and request came, from its event (no actor: the public page; copied from a
ledger; otherwise entered by bureau staff).
"""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models
from django.db.models import Case, Exists, OuterRef, Q, Subquery, Value, When


def copy_party_snapshots(apps, schema_editor):
    PetitionParty = apps.get_model("petitions", "PetitionParty")
    Petitioner = apps.get_model("petitions", "Petitioner")
    person = Petitioner.objects.filter(pk=OuterRef("petitioner_id"))
    PetitionParty.objects.update(
        name=Subquery(person.values("name")[:1]),
        phone=Subquery(person.values("phone")[:1]),
        address=Subquery(person.values("address")[:1]),
    )


def mark_provisional_dates(apps, schema_editor):
    """A stored date in a year that neither chinesecalendar nor the override table knows was computed by the
    Monday–Friday rule. (Under plain calendar-day counting no calendar was read for the day limits.)"""
    from workdays.calendar import PACKAGE_YEARS

    Petition = apps.get_model("petitions", "Petition")
    CalendarOverride = apps.get_model("workdays", "CalendarOverride")
    DeadlinePolicy = apps.get_model("workdays", "DeadlinePolicy")
    known = set(PACKAGE_YEARS) | {d.year for d in CalendarOverride.objects.values_list("date", flat=True)}
    policy = DeadlinePolicy.objects.filter(pk=1).first()
    day_limits_read_calendar = policy is None or policy.day_counting != "calendar"
    after = max(known) if known else 0
    fields = {"objection_due": True, "decision_due": day_limits_read_calendar,
              "handling_due": day_limits_read_calendar, "review_request_due": day_limits_read_calendar,
              "re_review_request_due": day_limits_read_calendar}
    for name, read_calendar in fields.items():
        if read_calendar:
            Petition.objects.filter(**{f"{name}_on__year__gt": after}).update(**{f"{name}_provisional": True})


def record_how_they_came(apps, schema_editor):
    Petition = apps.get_model("petitions", "Petition")
    PetitionEvent = apps.get_model("petitions", "PetitionEvent")
    for field, kind, done in (
        ("evaluation_via", "evaluated", Q(evaluated_at__isnull=False)),
        ("review_requested_via", "review_requested", Q(review_requested_on__isnull=False)),
        ("re_review_requested_via", "re_review_requested", Q(re_review_requested_on__isnull=False)),
    ):
        events = PetitionEvent.objects.filter(petition_id=OuterRef("pk"), kind=kind)
        Petition.objects.filter(done).update(**{field: Case(
            When(Exists(events.filter(data__recorded_from_ledger=True)), then=Value("ledger")),
            When(Exists(events.filter(actor__isnull=True)), then=Value("public_page")),
            default=Value("bureau"),
        )})


class Migration(migrations.Migration):

    dependencies = [
        ('petitions', '0012_unit_newest_index'),
        ('workdays', '0001_initial'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddField(
            model_name='petition',
            name='decision_due_provisional',
            field=models.BooleanField(default=False, verbose_name='decision due date provisional'),
        ),
        migrations.AddField(
            model_name='petition',
            name='evaluation_via',
            field=models.CharField(blank=True, choices=[('public_page', 'By the petitioner on the query page'), ('bureau', 'Entered by the bureau (call-back, letter or visit)'), ('ledger', 'Copied from a ledger')], max_length=12, verbose_name='evaluation came'),
        ),
        migrations.AddField(
            model_name='petition',
            name='handling_due_provisional',
            field=models.BooleanField(default=False, verbose_name='handling due date provisional'),
        ),
        migrations.AddField(
            model_name='petition',
            name='objection_due_provisional',
            field=models.BooleanField(default=False, verbose_name='objection date provisional'),
        ),
        migrations.AddField(
            model_name='petition',
            name='re_review_request_due_provisional',
            field=models.BooleanField(default=False, verbose_name='re-review request date provisional'),
        ),
        migrations.AddField(
            model_name='petition',
            name='re_review_requested_via',
            field=models.CharField(blank=True, choices=[('public_page', 'By the petitioner on the query page'), ('bureau', 'Entered by the bureau (call-back, letter or visit)'), ('ledger', 'Copied from a ledger')], max_length=12, verbose_name='re-review request came'),
        ),
        migrations.AddField(
            model_name='petition',
            name='review_request_due_provisional',
            field=models.BooleanField(default=False, verbose_name='review request date provisional'),
        ),
        migrations.AddField(
            model_name='petition',
            name='review_requested_via',
            field=models.CharField(blank=True, choices=[('public_page', 'By the petitioner on the query page'), ('bureau', 'Entered by the bureau (call-back, letter or visit)'), ('ledger', 'Copied from a ledger')], max_length=12, verbose_name='review request came'),
        ),
        migrations.AddField(
            model_name='petitionparty',
            name='address',
            field=models.CharField(blank=True, max_length=200, verbose_name='address'),
        ),
        migrations.AddField(
            model_name='petitionparty',
            name='name',
            field=models.CharField(default='', max_length=50, verbose_name='name'),
            preserve_default=False,
        ),
        migrations.AddField(
            model_name='petitionparty',
            name='phone',
            field=models.CharField(blank=True, max_length=20, verbose_name='phone'),
        ),
        migrations.AlterField(
            model_name='petitionevent',
            name='kind',
            field=models.CharField(choices=[('registered', 'Registered'), ('answered', 'Answered on the spot'), ('declined', 'Not accepted'), ('forwarded', 'Forwarded'), ('assigned', 'Accepted and assigned'), ('signed_for', 'Signed for by the unit'), ('handed_back', "Handed back: not the unit's jurisdiction"), ('extended', 'Extended'), ('replied', 'Replied'), ('evaluated', 'Evaluated'), ('review_requested', 'Review requested'), ('review_decided', 'Review decided'), ('re_review_requested', 'Re-review requested'), ('re_review_decided', 'Re-review decided; terminated'), ('instruction_requested', 'Instruction requested'), ('instructed', 'Instruction written'), ('corrected', 'Corrected'), ('petitioner_changed', "Petitioner's details changed"), ('note', 'Note')], max_length=24),
        ),
        migrations.CreateModel(
            name='PetitionerVersion',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('name', models.CharField(max_length=50, verbose_name='name')),
                ('phone', models.CharField(blank=True, max_length=20, verbose_name='phone')),
                ('address', models.CharField(blank=True, max_length=200, verbose_name='address')),
                ('replaced_at', models.DateTimeField(verbose_name='replaced at')),
                ('petition', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to='petitions.petition')),
                ('petitioner', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='versions', to='petitions.petitioner')),
                ('replaced_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL)),
            ],
            options={
                'verbose_name': 'earlier version of a petitioner',
                'verbose_name_plural': 'earlier versions of petitioners',
                'ordering': ['petitioner', '-replaced_at', '-pk'],
                'indexes': [models.Index(fields=['phone'], name='petitionerversion_phone'), models.Index(fields=['name'], name='petitionerversion_name')],
            },
        ),
        migrations.RunPython(copy_party_snapshots, migrations.RunPython.noop, elidable=True),
        migrations.RunPython(mark_provisional_dates, migrations.RunPython.noop, elidable=True),
        migrations.RunPython(record_how_they_came, migrations.RunPython.noop, elidable=True),
    ]
