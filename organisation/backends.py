from django.contrib.auth.backends import ModelBackend


class StaffBackend(ModelBackend):
    """The ordinary password backend, loading the user's unit with the user: every page asks for it."""

    def get_user(self, user_id):
        from django.contrib.auth import get_user_model

        user = get_user_model()._default_manager.select_related("unit").filter(pk=user_id).first()
        return user if user is not None and self.user_can_authenticate(user) else None
