from django.urls import path

from .views import reports

app_name = "screening"
urlpatterns = [
    # Information officers' reports and their screening by the township.
    path("my-reports/", reports.my_reports, name="my_reports"),
    path("reports/", reports.reports, name="reports"),
    path("reports/<int:pk>/", reports.report_detail, name="report_detail"),
    path("reports/<int:pk>/accept/", reports.report_accept, name="report_accept"),
    path("reports/<int:pk>/merge/", reports.report_merge, name="report_merge"),
    path("reports/<int:pk>/close/", reports.report_close, name="report_close"),
    # --- campaigns ---
    # --- disputes ---
    # --- incidents ---
    # --- ledgers ---
]
