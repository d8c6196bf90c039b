from django.urls import path

from . import views

app_name = "screening"
urlpatterns = [
    path("my-reports/", views.my_reports, name="my_reports"),
    path("reports/", views.reports, name="reports"),
    path("reports/<int:pk>/", views.report_detail, name="report_detail"),
    path("reports/<int:pk>/accept/", views.report_accept, name="report_accept"),
    path("reports/<int:pk>/merge/", views.report_merge, name="report_merge"),
    path("reports/<int:pk>/close/", views.report_close, name="report_close"),
]
