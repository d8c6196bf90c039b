from django.urls import path

from . import ledger_views, views

app_name = "reception"
urlpatterns = [
    path("", views.home, name="home"),
    path("schedules/new/", views.schedule_new, name="schedule_new"),
    path("days/new/", views.day_new, name="day_new"),
    path("days/<int:pk>/", views.day_detail, name="day"),
    path("days/<int:pk>/cancel/", views.day_cancel, name="day_cancel"),
    path("appointments/", views.appointments, name="appointments"),
    path("appointments/new/", views.appointment_new, name="appointment_new"),
    path("appointments/<int:pk>/", views.appointment_detail, name="appointment"),
    path("appointments/<int:pk>/notice.docx", views.appointment_notice, name="appointment_notice"),
    path("appointments/<int:pk>/cancel/", views.appointment_cancel, name="appointment_cancel"),
    path("appointments/<int:pk>/reveal/", views.reveal_phone, name="reveal_phone"),
    path("notices/", views.notices, name="notices"),
    path("notices/<int:pk>/acknowledge/", views.notice_acknowledge, name="notice_acknowledge"),
    path("campaigns/", views.campaigns, name="campaigns"),
    path("campaigns/new/", views.campaign_new, name="campaign_new"),
    path("campaigns/<int:pk>/", views.campaign_detail, name="campaign"),
    path("campaigns/<int:pk>/report.docx", views.campaign_report, name="campaign_report"),
    path("records/", views.records, name="records"),
    path("records/new/", views.record_new, name="record_new"),
    path("records/<int:pk>/", views.record_detail, name="record"),
    path("records/<int:pk>/minutes.docx", views.record_minutes, name="record_minutes"),
    path("ledgers/", ledger_views.home, name="ledgers"),
    path("ledgers/<str:name>.xlsx", ledger_views.export, name="ledger_export"),
    path("ledgers/<str:name>/import/", ledger_views.import_view, name="ledger_import"),
]
