from django.urls import path

from . import views

app_name = "attachments"
urlpatterns = [
    # <owner>: "item", "dispute", "reception", "meeting" (attachments.owners)
    path("<slug:owner>/<int:owner_pk>/add/", views.add, name="add"),
    path("<int:pk>/", views.open_file, name="open"),
    path("<int:pk>/withdraw/", views.withdraw, name="withdraw"),
]
