from django.urls import path

from . import views

app_name = "duty"
urlpatterns = [
    path("", views.index, name="index"),
    path("today/", views.today, name="today"),
    path("new/", views.create, name="create"),
    path("ledger.xlsx", views.export, name="export"),
    path("import/", views.import_view, name="import"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/edit/", views.edit, name="edit"),
    path("<int:pk>/shifts/", views.shift_set, name="shift_set"),
    path("<int:pk>/print/", views.print_view, name="print"),
    path("<int:pk>/roster.docx", views.document, name="document"),
]
