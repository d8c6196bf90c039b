from django.urls import path

from .views import campaigns, disputes, incidents, ledgers, reports

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
    path("campaigns/", campaigns.campaign_list, name="campaign_list"),
    path("campaigns/new/", campaigns.campaign_create, name="campaign_create"),
    path("campaigns/<int:pk>/", campaigns.campaign_detail, name="campaign_detail"),
    path("campaigns/<int:pk>/correct/", campaigns.campaign_correct, name="campaign_correct"),
    path("campaigns/<int:pk>/report/", campaigns.campaign_report, name="campaign_report"),
    path("campaigns/<int:pk>/summary.docx", campaigns.campaign_document, name="campaign_document"),
    # --- disputes ---
    path("disputes/", disputes.dispute_list, name="dispute_list"),
    path("disputes/new/", disputes.dispute_register, name="dispute_register"),
    path("disputes/<int:pk>/", disputes.dispute_detail, name="dispute_detail"),
    path("disputes/<int:pk>/correct/", disputes.dispute_correct, name="dispute_correct"),
    path("disputes/<int:pk>/attempt/", disputes.dispute_attempt, name="dispute_attempt"),
    path("disputes/<int:pk>/reopen/", disputes.dispute_reopen, name="dispute_reopen"),
    path("disputes/<int:pk>/ownership/", disputes.dispute_ownership, name="dispute_ownership"),
    path("disputes/<int:pk>/link/", disputes.dispute_link, name="dispute_link"),
    path("disputes/<int:pk>/petition/", disputes.dispute_petition, name="dispute_petition"),
    path("disputes/<int:pk>/reveal/<int:party_pk>/<str:field>/", disputes.dispute_reveal, name="dispute_reveal"),
    # --- incidents ---
    path("linkage/", incidents.incident_list, name="incident_list"),
    path("linkage/new/", incidents.incident_start, name="incident_start"),
    path("linkage/<int:pk>/", incidents.incident_detail, name="incident_detail"),
    path("linkage/<int:pk>/correct/", incidents.incident_correct, name="incident_correct"),
    path("linkage/<int:pk>/act/", incidents.incident_act, name="incident_act"),
    path("linkage/<int:pk>/stand-down/", incidents.incident_stand_down, name="incident_stand_down"),
    # --- ledgers ---
    path("ledgers/", ledgers.ledger_home, name="ledgers"),
    path("ledgers/<str:name>.xlsx", ledgers.ledger_export, name="ledger_export"),
    path("ledgers/<str:name>/import/", ledgers.ledger_import, name="ledger_import"),
]
