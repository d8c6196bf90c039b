from django.contrib.admin.forms import AdminAuthenticationForm
from django.contrib.auth import authenticate
from django.contrib.auth.forms import AuthenticationForm
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from portal.selectors import client_address

from . import actions
from .models import LoginScope
from .selectors import login_lock, login_throttles


class ThrottledLogin:
    """A login form's check of the password, throttled per account and per client address (``organisation/actions.py``).

    During a lock the password is not even checked: the right one is refused like a wrong one.
    """

    def clean(self):
        username = self.cleaned_data.get("username")
        password = self.cleaned_data.get("password")
        if username is None or not password:
            return self.cleaned_data
        address, now = client_address(self.request), timezone.now()
        throttles = login_throttles(username=username, address=address)
        lock = login_lock(throttles, now=now)
        if lock is not None:
            actions.login_record_refusal(username=username, address=address, scope=lock.scope)
            raise ValidationError(lock.message, code="locked")
        self.user_cache = authenticate(self.request, username=username, password=password)
        if self.user_cache is None:
            lock = login_lock(actions.login_record_failure(username=username, address=address, now=now), now=now)
            if lock is not None:
                raise ValidationError(lock.message, code="locked")
            raise self.get_invalid_login_error()
        self.confirm_login_allowed(self.user_cache)
        if LoginScope.ACCOUNT in throttles:
            actions.login_record_success(username=username)
        return self.cleaned_data


class StaffLoginForm(ThrottledLogin, AuthenticationForm):
    error_messages = {
        **AuthenticationForm.error_messages,
        "invalid_login": _("The user name or password is wrong. Please try again."),
    }


class AdminLoginForm(ThrottledLogin, AdminAuthenticationForm):
    """The administration site's own login page, under the same throttle."""
