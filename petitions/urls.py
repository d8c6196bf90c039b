from django.urls import path

from . import document_views, views

app_name = "petitions"
urlpatterns = [
    path("", views.worklist, name="worklist"),
    path("register/", views.register, name="register"),
    path("register/earlier-items/", views.earlier_items, name="earlier_items"),
    path("search/", views.search, name="search"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/act/<str:name>/", views.transition, name="transition"),
    path("<int:pk>/reveal/<int:petitioner_pk>/<str:field>/", views.reveal, name="reveal"),
    path("<int:pk>/instruction/", views.instruction, name="instruction"),
    path("<int:pk>/documents/<str:kind>.docx", document_views.download, name="document"),
]
