from django.urls import path

from venues.views import documents, enforcement, inspections, plan, plan_export, venues

app_name = "venues"

urlpatterns = [
    path("", venues.VenueListView.as_view(), name="venue-list"),
    path("export/", venues.VenueExportView.as_view(), name="venue-export"),
    path("new/", venues.VenueCreateView.as_view(), name="venue-create"),
    path("<int:pk>/", venues.venue_detail, name="venue-detail"),
    path("<int:pk>/edit/", venues.VenueEditView.as_view(), name="venue-edit"),
    path("<int:pk>/licences/new/", venues.LicenseCreateView.as_view(), name="license-create"),
    path("<int:pk>/inspections/new/", inspections.InspectionCreateView.as_view(), name="inspection-create"),
    path("licences/", venues.LicenseListView.as_view(), name="license-list"),
    path("licences/export/", venues.LicenseExportView.as_view(), name="license-export"),
    path("plan/", plan.plan, name="plan"),
    path("plan/export/", plan_export.PlanExportView.as_view(), name="plan-export"),
    path("plan/assign/", plan.plan_assign, name="plan-assign"),
    path("inspections/", inspections.InspectionListView.as_view(), name="inspection-list"),
    path("inspections/export/", inspections.InspectionExportView.as_view(), name="inspection-export"),
    path("inspections/<int:pk>/", inspections.inspection_detail, name="inspection-detail"),
    path("inspections/<int:pk>/refer/", inspections.PersonReferView.as_view(), name="person-refer"),
    path("inspections/<int:pk>/report/", documents.inspection_report_print, name="inspection-report"),
    path("inspections/<int:pk>/report/pdf/", documents.inspection_report_pdf, name="inspection-report-pdf"),
    path("enforcement/<int:pk>/warning-letter/", documents.warning_letter_print, name="warning-letter"),
    path("enforcement/<int:pk>/warning-letter/pdf/", documents.warning_letter_pdf, name="warning-letter-pdf"),
    path("enforcement/<int:pk>/report-letter/", documents.report_letter_print, name="report-letter"),
    path("enforcement/<int:pk>/report-letter/pdf/", documents.report_letter_pdf, name="report-letter-pdf"),
    path("evidence/<int:pk>/", inspections.evidence_download, name="evidence-download"),
    path("enforcement/", enforcement.EnforcementListView.as_view(), name="enforcement-list"),
    path("enforcement/export/", enforcement.EnforcementExportView.as_view(), name="enforcement-export"),
    path("enforcement/<int:pk>/", enforcement.enforcement_detail, name="enforcement-detail"),
    path("enforcement/<int:pk>/warn/", enforcement.WarnView.as_view(), name="enforcement-warn"),
    path("enforcement/<int:pk>/report/", enforcement.ReportView.as_view(), name="enforcement-report"),
    path("enforcement/<int:pk>/decide/", enforcement.DecideView.as_view(), name="enforcement-decide"),
    path("enforcement/<int:pk>/close/", enforcement.CloseView.as_view(), name="enforcement-close"),
]
