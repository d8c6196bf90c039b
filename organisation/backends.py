import copy

from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend

from . import revision


class StaffBackend(ModelBackend):
    """The ordinary password backend. The user of a request comes with his unit, which every page asks for, from
    the users each process keeps until the reference data changes (``revision``): a change of password, roles,
    unit or active flag is seen by the next request of every process."""

    def get_user(self, user_id):
        users = revision.kept("users", dict)  # filled one user at a time, emptied with the next token
        try:
            user = users[user_id]
        except KeyError:
            user = users[user_id] = get_user_model()._default_manager.select_related("unit").filter(pk=user_id).first()
        if user is None or not self.user_can_authenticate(user):
            return None
        # Each request gets its own copy: Django and the views set attributes (backend, permission caches) on it.
        return copy.copy(user)
