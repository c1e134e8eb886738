from django.urls import path

from cases.imports import views

app_name = "imports"

urlpatterns = [
    path("participants/", views.participant_import, name="participants"),
    path("participants/template/", views.participant_import_template, name="participants-template"),
]
