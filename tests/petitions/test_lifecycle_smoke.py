import datetime as dt

from petitions import actions
from petitions.models import Petition, Satisfaction
from petitions.states import PetitionState


def test_letter_goes_from_registration_to_termination(petition, registrar, handler, supervisor, township):
    on = dt.date(2026, 3, 3)
    p = actions.petition_assign(actor=registrar, petition=petition, unit=township, deadline_class="general", on=on)
    assert p.state == PetitionState.ASSIGNED
    p = actions.petition_sign_for(actor=handler, petition=p, on=on)
    p = actions.petition_reply(actor=handler, petition=p, outcome="support", text="已修复", on=dt.date(2026, 3, 20))
    p = actions.petition_evaluate(actor=None, petition=p, rating=Satisfaction.SATISFIED, on=dt.date(2026, 3, 21))
    p = actions.petition_request_review(actor=None, petition=p, reason="不服", on=dt.date(2026, 3, 22))
    p = actions.petition_decide_review(actor=supervisor, petition=p, opinion="维持", on=dt.date(2026, 4, 1))
    p = actions.petition_request_re_review(actor=None, petition=p, reason="仍不服", on=dt.date(2026, 4, 2))
    p = actions.petition_decide_re_review(actor=supervisor, petition=p, opinion="维持", on=dt.date(2026, 4, 10))
    assert Petition.objects.get(pk=p.pk).state == PetitionState.TERMINATED
    assert p.events.count() == 9
