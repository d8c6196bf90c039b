from django.urls import path

from . import views

app_name = "portal"
urlpatterns = [
    path("", views.lookup, name="lookup"),
    path("online/", views.online, name="online"),
    path("<str:code>/", views.status, name="status"),
    path("<str:code>/materials/", views.supplement, name="supplement"),
    path("<str:code>/evaluate/", views.act, {"name": "evaluate"}, name="evaluate"),
    path("<str:code>/review/", views.act, {"name": "request_review"}, name="request_review"),
    path("<str:code>/re-review/", views.act, {"name": "request_re_review"}, name="request_re_review"),
]
