from django.urls import path

from . import views

app_name = "attachments"
urlpatterns = [
    path("item/<int:petition_pk>/add/", views.add, name="add"),
    path("<int:pk>/", views.open_file, name="open"),
    path("<int:pk>/withdraw/", views.withdraw, name="withdraw"),
]
