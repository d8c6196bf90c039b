from django.urls import path

from . import views

app_name = "assessment"
urlpatterns = [
    path("", views.ranking_page, name="ranking"),
    path("ranking.xlsx", views.ranking_xlsx, name="xlsx"),
    path("bulletin.docx", views.bulletin_docx, name="bulletin"),
]
