from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from organisation.views import StaffLoginView

urlpatterns = [
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
    path("login/", StaffLoginView.as_view(), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("q/", include("portal.urls")),
    path("ledger/", include("ledgers.urls")),
    path("stats/", include("stats.urls")),
    path("assessment/", include("assessment.urls")),
    path("reports/", include("reports.urls")),
    path("meetings/", include("meetings.urls")),
    path("duty/", include("duty.urls")),
    path("supervision/", include("supervision.urls")),
    path("reception/", include("reception.urls")),
    path("screening/", include("screening.urls")),
    path("attachments/", include("attachments.urls")),
    path("notices/", include("notices.urls")),
    path("", include("petitions.urls")),
]
