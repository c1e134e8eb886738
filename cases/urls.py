from django.urls import path

from cases.views import cases, documents, participants, records

app_name = "cases"

urlpatterns = [
    path("", cases.CaseListView.as_view(), name="case-list"),
    path("export/", cases.CaseExportView.as_view(), name="case-export"),
    path("new/", cases.CaseCreateView.as_view(), name="case-create"),
    path("<int:pk>/", cases.case_detail, name="case-detail"),
    path("<int:pk>/edit/", cases.CaseEditView.as_view(), name="case-edit"),
    path("<int:pk>/status/", cases.case_transition, name="case-transition"),
    path("<int:pk>/closure/request/", cases.case_request_closure, name="case-request-closure"),
    path("<int:pk>/closure/approve/", cases.case_approve_closure, name="case-approve-closure"),
    path("<int:pk>/closure/reject/", cases.case_reject_closure, name="case-reject-closure"),
    path("<int:pk>/archive/", cases.case_archive, name="case-archive"),
    path("<int:pk>/reopen/", cases.case_reopen, name="case-reopen"),
    path("<int:pk>/reassign/", cases.case_reassign, name="case-reassign"),
    path("<int:pk>/return/", records.HomeReturnView.as_view(), name="home-return"),
    path("<int:pk>/commitments/new/", records.CommitmentCreateView.as_view(), name="commitment-create"),
    path("<int:pk>/follow-ups/new/", records.FollowUpScheduleView.as_view(), name="follow-up-schedule"),
    path("<int:pk>/referrals/new/", records.ReferralCreateView.as_view(), name="referral-create"),
    path("<int:pk>/commitment-form/", documents.commitment_form_print, name="commitment-form"),
    path("<int:pk>/commitment-form/pdf/", documents.commitment_form_pdf, name="commitment-form-pdf"),
    path("commitments/<int:pk>/scan/", records.commitment_scan, name="commitment-scan"),
    path("commitments/<int:pk>/print/", documents.commitment_print, name="commitment-print"),
    path("commitments/<int:pk>/pdf/", documents.commitment_pdf, name="commitment-pdf"),
    path("referrals/<int:pk>/edit/", records.ReferralUpdateView.as_view(), name="referral-update"),
    path("referrals/<int:pk>/sharing/", records.ReferralSharingDecisionView.as_view(), name="referral-sharing"),
    path(
        "referrals/<int:pk>/sharing/request/",
        records.ReferralSharingRequestView.as_view(),
        name="referral-sharing-request",
    ),
    path("referrals/<int:pk>/letter/", documents.referral_letter_print, name="referral-letter"),
    path("referrals/<int:pk>/letter/pdf/", documents.referral_letter_pdf, name="referral-letter-pdf"),
    path("follow-ups/", records.FollowUpListView.as_view(), name="follow-up-list"),
    path("follow-ups/export/", records.FollowUpExportView.as_view(), name="follow-up-export"),
    path("follow-ups/<int:pk>/record/", records.FollowUpRecordView.as_view(), name="follow-up-record"),
    path("participants/", participants.ParticipantListView.as_view(), name="participant-list"),
    path("participants/export/", participants.ParticipantExportView.as_view(), name="participant-export"),
    path("participants/new/", participants.ParticipantCreateView.as_view(), name="participant-create"),
    path("participants/<int:pk>/", participants.participant_detail, name="participant-detail"),
    path("participants/<int:pk>/edit/", participants.ParticipantEditView.as_view(), name="participant-edit"),
    path("participants/<int:pk>/consents/new/", participants.ConsentCreateView.as_view(), name="consent-create"),
    path("consents/<int:pk>/withdraw/", records.ConsentWithdrawView.as_view(), name="consent-withdraw"),
    path("consents/<int:pk>/scan/", records.consent_scan, name="consent-scan"),
]
