from django.urls import path

from . import views

app_name = "supervision"
urlpatterns = [
    path("", views.index, name="index"),
    path("ownership/", views.ownership_list, name="ownership"),
    path("ownership/<int:pk>/", views.ownership_edit, name="ownership_edit"),
    path("notices/", views.notice_list, name="notices"),
    path("notices/new/<int:pk>/", views.notice_new, name="notice_new"),
    path("notices/<int:pk>/complete/", views.notice_complete, name="notice_complete"),
    path("from-above/", views.from_above_list, name="from_above"),
    path("from-above/<int:pk>/report.docx", views.completion_report, name="completion_report"),
    path("from-above/<int:pk>/sent/", views.report_back, name="report_back"),
    path("bulletins/", views.bulletin_list, name="bulletins"),
    path("bulletins/<int:pk>.docx", views.bulletin_download, name="bulletin_download"),
    path("ledgers/", views.ledger_page, name="ledgers"),
    path("ledgers/<str:name>.xlsx", views.ledger_export, name="ledger_export"),
    path("ledgers/<str:name>/import/", views.ledger_import, name="ledger_import"),
]
