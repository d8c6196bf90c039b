import datetime as dt
import json
import random
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from demo import county
from demo.plans import Planner, Reference, draw_due_in, receipt_date
from demo.synthetic import ConcurrentWrite, Generator, RowMaker
from demo.texts import SCENARIOS
from petitions import search
from petitions.models import Channel, ContentType, Petition, ReceivedLevel
from petitions.states import PetitionState

TODAY = dt.date(2026, 6, 30)
S = PetitionState


def test_the_drawing_process_gives_the_same_items_as_drawing_in_process(db):
    county.seed_county()
    Generator(seed=11, today=TODAY, batch=40).run(100, pipeline=True)
    forked = list(Petition.objects.order_by("pk").values_list("title", "state", "received_on", "due_on"))
    county.reset()

    Generator(seed=11, today=TODAY, batch=40).run(100, pipeline=False)

    assert list(Petition.objects.order_by("pk").values_list("title", "state", "received_on", "due_on")) == forked


def test_a_batch_whose_ids_were_taken_meanwhile_is_refused(db):
    county.seed_county()
    generator = Generator(seed=2, today=TODAY, batch=10)
    generator.run(10)
    batch = generator.draw(5, first_petition_id=1, first_petitioner_id=10**6)

    with pytest.raises(ConcurrentWrite, match="taken"):
        generator.write(batch)


def test_generate_refuses_a_count_below_one(db):
    with pytest.raises(CommandError, match="--count"):
        call_command("generate_petitions", count=0, stdout=StringIO())


# ---- one plan, two ways: through the actions (the demo) and as rows (the generator) -----------------------------


def _plans(ref, rng):
    planner = Planner(ref, rng, TODAY)
    accusation = next(s for s in SCENARIOS if s.content_type == ContentType.ACCUSATION)
    specs = [(state, {}) for state in S.values for _ in range(2)] + [
        (S.HANDLING, {"extend": True}), (S.REPLIED, {"extend": True, "late": True}),
        (S.REPLIED, {"reassign": True}), (S.TERMINATED, {"channel": Channel.VISIT, "collective": True}),
        (S.REPLIED, {"level": ReceivedLevel.PROVINCE}), (S.HANDLING, {"from_city": True}),
        (S.FORWARDED, {"scenario": accusation}), (S.REPLIED, {"scenario": accusation}),
        (S.HANDLING, {"with_leader": True, "deadline_class": "major"}),
    ]
    plans = []
    for state, kwargs in specs:
        received = receipt_date(rng, TODAY, 365, state)
        plans.append(planner.plan(state, received, due_in=draw_due_in(rng, state), **kwargs))
    plans.append(planner.plan(S.REPLIED, TODAY - dt.timedelta(days=20), repeat=(0, plans[0])))
    return plans


def test_a_plan_gives_the_same_item_through_the_actions_and_as_generated_rows(db):
    county.seed_county()
    county.seed_users()
    ref = Reference()
    plans = _plans(ref, random.Random(7))
    runner = county.ActionRunner(ref)
    built = []
    for plan in plans:
        built.append(runner.run(plan, built))
    runner.backdate()
    # Native Python values (dates, aware datetimes) on every database, to compare with model instances.
    maker = RowMaker(ref, "postgresql")
    fields = maker.P.fields
    skip = {"id", "query_code", "registered_by_id"}

    for plan, item in zip(plans, built, strict=True):
        item = Petition.objects.get(pk=item.pk)
        events = []
        row = maker.petition(plan, item.pk, item.query_code, item.repeat_of_id, events)
        generated = {f.attname: row[i] for i, f in enumerate(fields) if f.attname not in skip}
        actual = {f.attname: getattr(item, f.attname) for f in fields if f.attname not in skip}
        assert generated == actual, item.number
        recorded = [(e.kind, e.at, e.from_state, e.to_state, e.note, e.data) for e in item.events.order_by("at", "pk")]
        drawn = [(e[1], e[2], e[5], e[6], e[7], json.loads(e[8])) for e in events]
        assert drawn == recorded, item.number
        assert search.document(row[maker.P.title], row[maker.P.content]) == item.search_text.bigrams

