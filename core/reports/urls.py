from django.urls import path

from core.reports import views

app_name = "reports"

urlpatterns = [
    path("monthly/", views.monthly_report, name="monthly"),
    path("monthly/pdf/", views.monthly_report_pdf, name="monthly-pdf"),
    path("monthly/export/", views.monthly_report_export, name="monthly-export"),
]
