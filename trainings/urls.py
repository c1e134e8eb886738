from django.urls import path

from trainings.views import cohorts, documents, records, stock

app_name = "trainings"

urlpatterns = [
    path("", cohorts.CohortListView.as_view(), name="cohort-list"),
    path("export/", cohorts.CohortExportView.as_view(), name="cohort-export"),
    path("new/", cohorts.CohortCreateView.as_view(), name="cohort-create"),
    path("<int:pk>/", cohorts.cohort_detail, name="cohort-detail"),
    path("<int:pk>/edit/", cohorts.CohortEditView.as_view(), name="cohort-edit"),
    path("<int:pk>/status/", cohorts.cohort_status, name="cohort-status"),
    path("<int:pk>/complete/", cohorts.cohort_complete, name="cohort-complete"),
    path("<int:pk>/report/", cohorts.cohort_report, name="cohort-report"),
    path("<int:pk>/enroll/", records.EnrollView.as_view(), name="enroll"),
    path("<int:pk>/sessions/new/", records.SessionCreateView.as_view(), name="session-create"),
    path("<int:pk>/kit/", stock.kit_hand_out, name="kit-hand-out"),
    path("<int:pk>/handover/", documents.handover, name="handover-print"),
    path("<int:pk>/handover/pdf/", documents.handover, {"pdf": True}, name="handover-pdf"),
    path("<int:pk>/attendance-sheet/", documents.attendance_sheet, name="attendance-sheet"),
    path("<int:pk>/attendance-sheet/pdf/", documents.attendance_sheet, {"pdf": True}, name="attendance-sheet-pdf"),
    path("sessions/<int:pk>/attendance/", records.attendance_grid, name="attendance"),
    path("trainees/", records.EnrollmentListView.as_view(), name="enrollment-list"),
    path("trainees/export/", records.EnrollmentExportView.as_view(), name="enrollment-export"),
    path("trainees/<int:pk>/", records.enrollment_detail, name="enrollment-detail"),
    path("trainees/<int:pk>/certificate/", documents.certificate, name="certificate-print"),
    path("trainees/<int:pk>/certificate/pdf/", documents.certificate, {"pdf": True}, name="certificate-pdf"),
    path("trainees/<int:pk>/drop/", records.enrollment_drop, name="enrollment-drop"),
    path("stock/", stock.StockListView.as_view(), name="stock-list"),
    path("stock/export/", stock.StockExportView.as_view(), name="stock-export"),
    path("stock/receive/", stock.StockReceiveView.as_view(), name="stock-receive"),
    path("stock/receipts/<int:pk>/scan/", stock.receipt_scan, name="receipt-scan"),
    path("hand-outs/", stock.HandoutListView.as_view(), name="handout-list"),
    path("hand-outs/export/", stock.HandoutExportView.as_view(), name="handout-export"),
    path("hand-outs/new/", stock.HandoutCreateView.as_view(), name="handout-create"),
    path("hand-outs/<int:pk>/return/", stock.HandoutReturnView.as_view(), name="handout-return"),
    path("hand-outs/<int:pk>/scan/", stock.handout_scan, name="handout-scan"),
    path("unmet-needs/new/", records.UnmetNeedCreateView.as_view(), name="unmet-need-create"),
    path("livelihood/", records.LivelihoodListView.as_view(), name="livelihood-list"),
    path("livelihood/<int:pk>/record/", records.LivelihoodRecordView.as_view(), name="livelihood-record"),
]
