from django.contrib.auth import views as auth_views
from django.core.exceptions import NON_FIELD_ERRORS

from .forms import StaffLoginForm


class StaffLoginView(auth_views.LoginView):
    """Django's login page with the throttled form; a refusal during a lock answers 429 Too Many Requests."""

    authentication_form = StaffLoginForm

    def form_invalid(self, form):
        response = super().form_invalid(form)
        if form.has_error(NON_FIELD_ERRORS, "locked"):
            response.status_code = 429
        return response
