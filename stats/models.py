"""Daily counts of the county-wide intake and decision passes, kept by database triggers (``stats/rollup.py``).

Each table holds, per day and per key, what ``stats.queries`` would otherwise count from the petition table; the
triggers on ``petitions_petition`` add an item when it is inserted, take it away when it is deleted, and move it
when an update changes its keys, in the same transaction as the change. Rows whose counts fell back to 0 are kept
(and left out when read). Nothing writes these tables but the triggers and ``stats.rollup.rebuild``.

Only the whole county's figures read them: a unit's subtree is counted from the petition table by place, and the
handling passes (which depend on the cutoff) always are.
"""

from django.db import models


def _ref(model: str):
    # No foreign-key constraint: the triggers write these rows with every change of a petition, and a category or
    # unit without items may still be deleted (its zero rows are never read).
    return models.ForeignKey(model, on_delete=models.DO_NOTHING, db_constraint=False, db_index=False, related_name="+")


class IntakeDay(models.Model):
    """Items received on ``day`` by the volume dimensions (``queries.intake``): how many, and their headcount."""

    day = models.DateField()
    received_level = models.CharField(max_length=10)
    channel = models.CharField(max_length=10)
    is_collective = models.BooleanField()
    is_repeat = models.BooleanField()
    content_type = models.CharField(max_length=16)
    items = models.IntegerField(default=0)
    persons = models.IntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["day", "received_level", "channel", "is_collective", "is_repeat", "content_type"],
                name="stats_intakeday_key",
            ),
        ]

    def __str__(self):
        return f"{self.day} {self.received_level}/{self.channel}: {self.items} ({self.persons})"


class CategoryDay(models.Model):
    """Items received on ``day`` per category as recorded, and their headcount."""

    day = models.DateField()
    category = _ref("petitions.Category")
    items = models.IntegerField(default=0)
    persons = models.IntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["day", "category"], name="stats_categoryday_key")]

    def __str__(self):
        return f"{self.day} category {self.category_id}: {self.items} ({self.persons})"


class PlaceDay(models.Model):
    """Items received on ``day`` per place of the problem, and their headcount."""

    day = models.DateField()
    place = _ref("organisation.Unit")
    items = models.IntegerField(default=0)
    persons = models.IntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["day", "place"], name="stats_placeday_key")]

    def __str__(self):
        return f"{self.day} place {self.place_id}: {self.items} ({self.persons})"


class DecisionDay(models.Model):
    """Items decided on ``day`` (``decided_on``) per current state: how many, and how many within the limit."""

    day = models.DateField()
    state = models.CharField(max_length=16)
    decisions = models.IntegerField(default=0)
    on_time = models.IntegerField(default=0)  # decided_on <= decision_due_on

    class Meta:
        constraints = [models.UniqueConstraint(fields=["day", "state"], name="stats_decisionday_key")]

    def __str__(self):
        return f"{self.day} {self.state}: {self.decisions} ({self.on_time} on time)"
