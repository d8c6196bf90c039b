from django.urls import path

from . import views

app_name = "notices"
urlpatterns = [
    path("", views.message_list, name="list"),
    path("<int:pk>/retry/", views.message_retry, name="retry"),
    path("preferences/", views.preferences, name="preferences"),
]
