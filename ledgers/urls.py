from django.urls import path

from . import views

app_name = "ledgers"
urlpatterns = [
    path("", views.home, name="home"),
    path("export.xlsx", views.export, name="export"),
    path("blank.xlsx", views.blank, name="blank"),
    path("import/", views.import_ledger_view, name="import"),
    path("imports/<int:pk>/", views.job, name="job"),
]
