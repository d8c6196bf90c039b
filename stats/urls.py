from django.urls import path

from . import views

app_name = "stats"
urlpatterns = [
    path("", views.dashboard_view, name="dashboard"),
    path("tables.xlsx", views.tables_view, name="tables"),
]
