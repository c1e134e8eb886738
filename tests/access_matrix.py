"""The route x role matrix: what every persona gets from every URL of the project.

One row per URL pattern. `path` is a concrete URL; `{name}` placeholders are
filled with sample objects made by `tests/test_access_matrix.py::samples`.
Expected answers, in the order of PERSONAS:

    200  the page            302  redirect to a login page   R    redirect elsewhere
    403  forbidden           404  not found                  405  method not allowed

A URL pattern with no row here fails the matrix test: every new view must say
who may use it. The POST column (`POSTS`, below) does the same for every view
that takes a POST. Admin pages are described per model by what each staff
persona may do there (v view, a add, c change, d delete), see `admin_model`.
"""

from auditlog.registry import auditlog
from django.apps import apps

PERSONAS = ["anonymous", "caseworker", "caseworker2", "supervisor", "inspector", "coordinator", "admin"]
STAFF = {"supervisor", "admin"}


def row(path: str, codes: str) -> tuple[str, dict[str, str]]:
    values = codes.split()
    assert len(values) == len(PERSONAS), f"{path}: {len(values)} codes for {len(PERSONAS)} personas"
    return path, dict(zip(PERSONAS, values, strict=True))


ADMIN_POSTS: dict[str, tuple[str, dict[str, str], dict[str, str]]] = {}  # filled by admin_model()


def admin_model(url: str, sample: str, **rights: str) -> dict[str, tuple[str, dict[str, str]]]:
    """Rows for one ModelAdmin's pages. `rights` maps each staff persona to the
    letters of what it may do; every other persona is bounced to the login."""

    def answer(persona: str, needed: str) -> str:
        if persona not in STAFF:
            return "302"
        return "200" if set(needed) & set(rights.get(persona, "")) else "403"

    def codes(needed: str) -> dict[str, str]:
        return {persona: answer(persona, needed) for persona in PERSONAS}

    def history_codes() -> dict[str, str]:
        # An audited record's history is the audit log filtered to it (core.admin_base): a redirect.
        app_label, model_name = url.split("/")
        if not auditlog.contains(apps.get_model(app_label, model_name)):
            return codes("vc")
        return {persona: "R" if code == "200" else code for persona, code in codes("vc").items()}

    base = f"admin/{url}/"
    obj = f"/admin/{url}/{sample}/"
    # Their POST answers, to an empty form (it changes nothing: the form comes back with its errors,
    # the delete page asks to confirm); the POST column below holds them with the other endpoints.
    ADMIN_POSTS.update(
        {
            base: (f"/{base}", {}, codes("vc")),
            base + "add/": (f"/{base}add/", {}, codes("a")),
            base + "<path:object_id>/history/": (obj + "history/", {}, history_codes()),
            base + "<path:object_id>/delete/": (obj + "delete/", {}, codes("d")),
            base + "<path:object_id>/change/": (obj + "change/", {}, codes("c")),
            base + "<path:object_id>/": (
                obj,
                {},
                {persona: "302" if persona not in STAFF else "R" for persona in PERSONAS},
            ),
        }
    )
    return {
        base: (f"/{base}", codes("vc")),
        base + "add/": (f"/{base}add/", codes("a")),
        base + "<path:object_id>/history/": (obj + "history/", history_codes()),
        base + "<path:object_id>/delete/": (obj + "delete/", codes("d")),
        base + "<path:object_id>/change/": (obj + "change/", codes("vc")),
        # The bare object URL redirects to its change page for everyone.
        base + "<path:object_id>/": (obj, {persona: "302" if persona not in STAFF else "R" for persona in PERSONAS}),
    }


# fmt: off
MATRIX: dict[str, tuple[str, dict[str, str]]] = {
    # route: row(example path,                                                                     expected answer per persona)
    #                                                                                            anon cw  cw2 sup ins coo adm
    "": row("/",                                                                                 "302 200 200 200 200 200 200"),
    "healthz/": row("/healthz/",                                                                 "200 200 200 200 200 200 200"),
    "i18n/setlang/": row("/i18n/setlang/",                                                       "R   R   R   R   R   R   R  "),
    "accounts/login/": row("/accounts/login/",                                                   "200 R   R   R   R   R   R  "),
    "accounts/logout/": row("/accounts/logout/",                                                 "302 405 405 405 405 405 405"),
    "accounts/password/": row("/accounts/password/",                                             "302 200 200 200 200 200 200"),
    "accounts/keep-alive/": row("/accounts/keep-alive/",                                         "302 204 204 204 204 204 204"),
    "accounts/password/done/": row("/accounts/password/done/",                                   "302 200 200 200 200 200 200"),
    # --- cases ----------------------------------------------------------------
    "cases/": row("/cases/",                                                                     "302 200 200 200 403 403 200"),
    "cases/export/": row("/cases/export/",                                                       "302 200 200 200 403 403 200"),
    "cases/new/": row("/cases/new/",                                                             "302 200 200 200 403 403 200"),
    "cases/<int:pk>/": row("/cases/{case}/",                                                     "302 200 404 200 404 404 200"),
    "cases/<int:pk>/edit/": row("/cases/{case}/edit/",                                           "302 200 404 200 404 404 200"),
    "cases/<int:pk>/status/": row("/cases/{case}/status/",                                       "302 405 405 405 405 405 405"),
    "cases/<int:pk>/closure/request/": row("/cases/{case}/closure/request/",                     "302 405 405 405 405 405 405"),
    "cases/<int:pk>/closure/approve/": row("/cases/{case}/closure/approve/",                     "302 405 405 405 405 405 405"),
    "cases/<int:pk>/closure/reject/": row("/cases/{case}/closure/reject/",                       "302 405 405 405 405 405 405"),
    "cases/<int:pk>/archive/": row("/cases/{case}/archive/",                                     "302 405 405 405 405 405 405"),
    "cases/<int:pk>/reopen/": row("/cases/{case}/reopen/",                                       "302 405 405 405 405 405 405"),
    "cases/<int:pk>/reassign/": row("/cases/{case}/reassign/",                                   "302 403 403 200 403 403 200"),
    "cases/<int:pk>/return/": row("/cases/{case}/return/",                                       "302 200 404 200 404 404 200"),
    "cases/<int:pk>/commitments/new/": row("/cases/{case}/commitments/new/",                     "302 200 404 200 404 404 200"),
    "cases/<int:pk>/follow-ups/new/": row("/cases/{case}/follow-ups/new/",                       "302 200 404 200 404 404 200"),
    "cases/<int:pk>/referrals/new/": row("/cases/{case}/referrals/new/",                         "302 200 404 200 404 404 200"),
    "cases/<int:pk>/commitment-form/": row("/cases/{case}/commitment-form/",                     "302 200 404 200 404 404 200"),
    "cases/<int:pk>/commitment-form/pdf/": row("/cases/{case}/commitment-form/pdf/",             "302 200 404 200 404 404 200"),
    "cases/commitments/<int:pk>/scan/": row("/cases/commitments/{commitment}/scan/",             "302 200 404 200 404 404 200"),
    "cases/commitments/<int:pk>/print/": row("/cases/commitments/{commitment}/print/",           "302 200 404 200 404 404 200"),
    "cases/commitments/<int:pk>/pdf/": row("/cases/commitments/{commitment}/pdf/",               "302 200 404 200 404 404 200"),
    "cases/referrals/<int:pk>/edit/": row("/cases/referrals/{referral}/edit/",                   "302 200 404 200 404 404 200"),
    "cases/referrals/<int:pk>/sharing/": row("/cases/referrals/{sharing_referral}/sharing/",     "302 403 404 200 404 404 200"),
    "cases/referrals/<int:pk>/sharing/request/": row("/cases/referrals/{unshared_referral}/sharing/request/",
                                                                                               "302 200 404 200 404 404 200"),
    "cases/referrals/<int:pk>/letter/": row("/cases/referrals/{referral}/letter/",               "302 200 404 200 404 404 200"),
    "cases/referrals/<int:pk>/letter/pdf/": row("/cases/referrals/{referral}/letter/pdf/",       "302 200 404 200 404 404 200"),
    "cases/follow-ups/": row("/cases/follow-ups/",                                               "302 200 200 200 403 403 200"),
    "cases/follow-ups/export/": row("/cases/follow-ups/export/",                                 "302 200 200 200 403 403 200"),
    "cases/follow-ups/<int:pk>/record/": row("/cases/follow-ups/{follow_up}/record/",            "302 200 404 200 404 404 200"),
    "cases/participants/": row("/cases/participants/",                                           "302 200 200 200 403 403 200"),
    "cases/participants/export/": row("/cases/participants/export/",                             "302 200 200 200 403 403 200"),
    "cases/participants/new/": row("/cases/participants/new/",                                   "302 200 200 200 403 403 200"),
    "cases/participants/<int:pk>/": row("/cases/participants/{participant}/",                    "302 200 404 200 404 404 200"),
    "cases/participants/<int:pk>/edit/": row("/cases/participants/{participant}/edit/",          "302 200 404 200 404 404 200"),
    "cases/participants/<int:pk>/consents/new/": row("/cases/participants/{participant}/consents/new/",
                                                                                                 "302 200 404 200 404 404 200"),
    "cases/consents/<int:pk>/withdraw/": row("/cases/consents/{consent}/withdraw/",              "302 200 404 200 404 404 200"),
    "cases/consents/<int:pk>/scan/": row("/cases/consents/{consent}/scan/",                      "302 200 404 200 404 404 200"),
    # --- reports (supervisors and administrators only) ------------------------
    "reports/monthly/": row("/reports/monthly/?month=2026-10",                                   "302 403 403 200 403 403 200"),
    "reports/monthly/pdf/": row("/reports/monthly/pdf/?month=2026-10",                           "302 403 403 200 403 403 200"),
    "reports/monthly/export/": row("/reports/monthly/export/?month=2026-10",                     "302 403 403 200 403 403 200"),
    "reports/import/participants/": row("/reports/import/participants/",                         "302 403 403 200 403 403 200"),
    "reports/import/participants/template/": row("/reports/import/participants/template/",       "302 403 403 200 403 403 200"),
    # --- trainings -----------------------------------------------------------
    # Coordinators run trainings and see trainees' names, never a case page (above: 403/404).
    # A caseworker sees every cohort but only her own participants' training records.
    "trainings/": row("/trainings/",                                                             "302 200 200 200 403 200 200"),
    "trainings/export/": row("/trainings/export/",                                               "302 200 200 200 403 200 200"),
    "trainings/new/": row("/trainings/new/",                                                     "302 403 403 200 403 200 200"),
    "trainings/<int:pk>/": row("/trainings/{cohort}/",                                           "302 200 200 200 404 200 200"),
    "trainings/<int:pk>/edit/": row("/trainings/{cohort}/edit/",                                 "302 403 403 200 404 200 200"),
    "trainings/<int:pk>/status/": row("/trainings/{cohort}/status/",                             "302 405 405 405 405 405 405"),
    "trainings/<int:pk>/complete/": row("/trainings/{cohort}/complete/",                         "302 405 405 405 405 405 405"),
    "trainings/<int:pk>/report/": row("/trainings/{cohort}/report/",                             "302 403 403 200 404 200 200"),
    "trainings/<int:pk>/enroll/": row("/trainings/{cohort}/enroll/",                             "302 200 200 200 404 200 200"),
    "trainings/<int:pk>/sessions/new/": row("/trainings/{cohort}/sessions/new/",                 "302 403 403 200 404 200 200"),
    "trainings/<int:pk>/kit/": row("/trainings/{cohort}/kit/",                                   "302 403 403 200 404 200 200"),
    "trainings/<int:pk>/handover/": row("/trainings/{cohort}/handover/",                         "302 403 403 200 404 200 200"),
    "trainings/<int:pk>/handover/pdf/": row("/trainings/{cohort}/handover/pdf/",                 "302 403 403 200 404 200 200"),
    "trainings/<int:pk>/attendance-sheet/": row("/trainings/{cohort}/attendance-sheet/",         "302 403 403 200 404 200 200"),
    "trainings/<int:pk>/attendance-sheet/pdf/": row("/trainings/{cohort}/attendance-sheet/pdf/", "302 403 403 200 404 200 200"),
    "trainings/sessions/<int:pk>/attendance/": row("/trainings/sessions/{session}/attendance/",  "302 403 403 200 404 200 200"),
    "trainings/trainees/": row("/trainings/trainees/",                                           "302 200 200 200 403 200 200"),
    "trainings/trainees/export/": row("/trainings/trainees/export/",                             "302 200 200 200 403 200 200"),
    "trainings/trainees/<int:pk>/": row("/trainings/trainees/{enrollment}/",                     "302 200 404 200 404 200 200"),
    "trainings/trainees/<int:pk>/certificate/": row("/trainings/trainees/{enrollment}/certificate/",
                                                                                                 "302 200 404 200 404 200 200"),
    "trainings/trainees/<int:pk>/certificate/pdf/": row("/trainings/trainees/{enrollment}/certificate/pdf/",
                                                                                                 "302 200 404 200 404 200 200"),
    "trainings/trainees/<int:pk>/drop/": row("/trainings/trainees/{enrollment}/drop/",           "302 405 405 405 405 405 405"),
    "trainings/stock/": row("/trainings/stock/",                                                 "302 403 403 200 403 200 200"),
    "trainings/stock/export/": row("/trainings/stock/export/",                                   "302 403 403 200 403 200 200"),
    "trainings/stock/receive/": row("/trainings/stock/receive/",                                 "302 403 403 200 403 200 200"),
    "trainings/stock/receipts/<int:pk>/scan/": row("/trainings/stock/receipts/{receipt}/scan/",  "302 403 403 200 403 200 200"),
    "trainings/hand-outs/": row("/trainings/hand-outs/",                                         "302 200 200 200 403 200 200"),
    "trainings/hand-outs/export/": row("/trainings/hand-outs/export/",                           "302 200 200 200 403 200 200"),
    "trainings/hand-outs/new/": row("/trainings/hand-outs/new/",                                 "302 403 403 200 403 200 200"),
    "trainings/hand-outs/<int:pk>/return/": row("/trainings/hand-outs/{handout}/return/",        "302 403 404 200 404 200 200"),
    "trainings/hand-outs/<int:pk>/scan/": row("/trainings/hand-outs/{handout}/scan/",            "302 200 404 200 404 200 200"),
    "trainings/attendance/": row("/trainings/attendance/",                                       "302 200 200 200 403 200 200"),
    "trainings/attendance/export/": row("/trainings/attendance/export/",                         "302 200 200 200 403 200 200"),
    "trainings/unmet-needs/": row("/trainings/unmet-needs/",                                     "302 200 200 200 403 200 200"),
    "trainings/unmet-needs/export/": row("/trainings/unmet-needs/export/",                       "302 200 200 200 403 200 200"),
    "trainings/unmet-needs/new/": row("/trainings/unmet-needs/new/",                             "302 200 200 200 403 200 200"),
    "trainings/livelihood/": row("/trainings/livelihood/",                                       "302 200 200 200 403 200 200"),
    "trainings/livelihood/<int:pk>/record/": row("/trainings/livelihood/{livelihood}/record/",   "302 200 404 200 404 200 200"),
    # --- venues: inspectors see their team's venues, supervisors all; other roles nothing --------
    "venues/": row("/venues/",                                                                   "302 403 403 200 200 403 200"),
    "venues/export/": row("/venues/export/",                                                     "302 403 403 200 200 403 200"),
    "venues/new/": row("/venues/new/",                                                           "302 403 403 200 403 403 200"),
    "venues/<int:pk>/": row("/venues/{venue}/",                                                  "302 404 404 200 200 404 200"),
    "venues/<int:pk>/edit/": row("/venues/{venue}/edit/",                                        "302 404 404 200 403 404 200"),
    "venues/<int:pk>/licences/new/": row("/venues/{venue}/licences/new/",                        "302 404 404 200 403 404 200"),
    "venues/<int:pk>/inspections/new/": row("/venues/{venue}/inspections/new/",                  "302 404 404 200 200 404 200"),
    "venues/licences/": row("/venues/licences/",                                                 "302 403 403 200 200 403 200"),
    "venues/licences/export/": row("/venues/licences/export/",                                   "302 403 403 200 200 403 200"),
    "venues/plan/": row("/venues/plan/",                                                         "302 403 403 200 200 403 200"),
    "venues/plan/export/": row("/venues/plan/export/",                                           "302 403 403 200 200 403 200"),
    "venues/plan/assign/": row("/venues/plan/assign/",                                           "302 403 403 200 403 403 200"),
    "venues/inspections/": row("/venues/inspections/",                                           "302 403 403 200 200 403 200"),
    "venues/inspections/export/": row("/venues/inspections/export/",                             "302 403 403 200 200 403 200"),
    "venues/inspections/<int:pk>/": row("/venues/inspections/{inspection}/",                     "302 404 404 200 200 404 200"),
    "venues/inspections/<int:pk>/refer/": row("/venues/inspections/{inspection}/refer/",         "302 404 404 200 200 404 200"),
    "venues/inspections/<int:pk>/report/": row("/venues/inspections/{inspection}/report/",       "302 404 404 200 200 404 200"),
    "venues/inspections/<int:pk>/report/pdf/": row("/venues/inspections/{inspection}/report/pdf/",
                                                                                                 "302 404 404 200 200 404 200"),
    "venues/enforcement/<int:pk>/warning-letter/": row("/venues/enforcement/{enforcement}/warning-letter/",
                                                                                                 "302 404 404 200 403 404 200"),
    "venues/enforcement/<int:pk>/warning-letter/pdf/": row("/venues/enforcement/{enforcement}/warning-letter/pdf/",
                                                                                                 "302 404 404 200 403 404 200"),
    "venues/enforcement/<int:pk>/report-letter/": row("/venues/enforcement/{enforcement}/report-letter/",
                                                                                                 "302 404 404 200 403 404 200"),
    "venues/enforcement/<int:pk>/report-letter/pdf/": row("/venues/enforcement/{enforcement}/report-letter/pdf/",
                                                                                                 "302 404 404 200 403 404 200"),
    "venues/evidence/<int:pk>/": row("/venues/evidence/{evidence}/",                             "302 404 404 200 200 404 200"),
    "venues/enforcement/": row("/venues/enforcement/",                                           "302 403 403 200 200 403 200"),
    "venues/enforcement/export/": row("/venues/enforcement/export/",                             "302 403 403 200 200 403 200"),
    "venues/enforcement/<int:pk>/": row("/venues/enforcement/{enforcement}/",                    "302 404 404 200 200 404 200"),
    "venues/enforcement/<int:pk>/warn/": row("/venues/enforcement/{enforcement}/warn/",          "302 404 404 200 403 404 200"),
    "venues/enforcement/<int:pk>/report/": row("/venues/enforcement/{enforcement}/report/",      "302 404 404 200 403 404 200"),
    "venues/enforcement/<int:pk>/decide/": row("/venues/enforcement/{enforcement}/decide/",      "302 404 404 200 403 404 200"),
    "venues/enforcement/<int:pk>/close/": row("/venues/enforcement/{enforcement}/close/",        "302 404 404 200 403 404 200"),
    # --- admin site -------------------------------------------------------
    "admin/": row("/admin/",                                                                     "302 302 302 200 302 302 200"),
    "admin/search/": row("/admin/search/?s=kota",                                                "302 302 302 200 302 302 200"),
    "admin/login/": row("/admin/login/",                                                         "200 200 200 R   200 200 R  "),
    "admin/logout/": row("/admin/logout/",                                                       "302 R   R   405 R   R   405"),
    "admin/password_change/": row("/admin/password_change/",                                     "302 302 302 200 302 302 200"),
    "admin/password_change/done/": row("/admin/password_change/done/",                           "302 302 302 200 302 302 200"),
    "admin/autocomplete/": row("/admin/autocomplete/",                                           "302 302 302 403 302 302 403"),
    "admin/jsi18n/": row("/admin/jsi18n/",                                                       "302 302 302 200 302 302 200"),
    "admin/r/<path:content_type_id>/<path:object_id>/": row("/admin/r/{user_ct}/{user}/",        "302 302 302 404 302 302 404"),
    "admin/^(?P<app_label>auditlog|auth|axes|cases|core|trainings|venues)/$": row("/admin/cases/",                     "302 302 302 200 302 302 200"),
    "admin/(?P<url>.*)$": row("/admin/no-such-page/",                                            "302 302 302 404 302 302 404"),
    "admin/core/user/<id>/password/": row("/admin/core/user/{user}/password/",                   "302 302 302 403 302 302 200"),
    **admin_model("core/user", "{user}", supervisor="v", admin="vacd"),
    **admin_model("auth/group", "{group}", admin="vacd"),
    # One row, kept by administrators: never added or deleted.
    **admin_model("core/officeprofile", "1", admin="vc"),
    **admin_model("core/province", "{province}", supervisor="v", admin="v"),
    **admin_model("core/regency", "{regency}", supervisor="v", admin="v"),
    **admin_model("core/district", "{district}", supervisor="v", admin="v"),
    **admin_model("core/village", "{village}", supervisor="v", admin="v"),
    # Cases are archived, never deleted: no delete in the admin for anyone. Nothing is
    # added there either (records are made in the app); saves go through cases.services.
    **admin_model("cases/participant", "{participant}", supervisor="vc", admin="vc"),
    **admin_model("cases/case", "{case}", supervisor="vc", admin="vc"),
    "admin/cases/case/<path:object_id>/reassign/": row("/admin/cases/case/{case}/reassign/",
                                                                                                 "302 302 302 R   302 302 R  "),
    **admin_model("cases/homereturn", "{home_return}", supervisor="vc", admin="vc"),
    **admin_model("cases/commitment", "{commitment}", supervisor="v", admin="v"),
    **admin_model("cases/followup", "{follow_up}", supervisor="v", admin="v"),
    **admin_model("cases/referral", "{referral}", supervisor="vc", admin="vc"),
    **admin_model("cases/consent", "{consent}", supervisor="vc", admin="vc"),
    **admin_model("cases/timelineentry", "{timeline_entry}", supervisor="v", admin="v"),
    # Trainings: the ledger, enrollments, hand-outs and livelihood answers are written only by
    # the services (admin actions); nothing is deleted.
    **admin_model("trainings/program", "{program}", supervisor="vac", admin="vac"),
    **admin_model("trainings/equipmentitem", "{item}", supervisor="vac", admin="vac"),
    **admin_model("trainings/cohort", "{cohort}", supervisor="vac", admin="vac"),
    **admin_model("trainings/enrollment", "{enrollment}", supervisor="v", admin="v"),
    **admin_model("trainings/session", "{session}", supervisor="vac", admin="vac"),
    **admin_model("trainings/stockreceipt", "{receipt}", supervisor="va", admin="va"),
    **admin_model("trainings/handout", "{handout}", supervisor="v", admin="v"),
    **admin_model("trainings/stockentry", "{stock_entry}", supervisor="v", admin="v"),
    **admin_model("trainings/unmetneed", "{unmet_need}", supervisor="vac", admin="vac"),
    **admin_model("trainings/livelihoodfollowup", "{livelihood}", supervisor="v", admin="v"),
    # Venues: the workflow (licence status, inspections, round, enforcement) is read-only here.
    **admin_model("venues/inspectionteam", "{team}", supervisor="vac", admin="vac"),
    **admin_model("venues/venue", "{venue}", supervisor="vac", admin="vac"),
    **admin_model("venues/license", "{license}", supervisor="vc", admin="vc"),
    **admin_model("venues/licensestatuschange", "{license_change}", supervisor="v", admin="v"),
    **admin_model("venues/plannedvisit", "{planned_visit}", supervisor="v", admin="v"),
    **admin_model("venues/inspection", "{inspection}", supervisor="v", admin="v"),
    **admin_model("venues/evidence", "{evidence}", supervisor="v", admin="v"),
    **admin_model("venues/enforcementaction", "{enforcement}", supervisor="v", admin="v"),
    # The enforcement steps' pages: the app's forms and services (venues.steps), for supervisors.
    "admin/venues/enforcementaction/<path:object_id>/warn/": row("/admin/venues/enforcementaction/{enforcement}/warn/",
                                                                                                 "302 302 302 200 302 302 200"),
    "admin/venues/enforcementaction/<path:object_id>/report/": row(
        "/admin/venues/enforcementaction/{enforcement}/report/",                                 "302 302 302 200 302 302 200"),
    "admin/venues/enforcementaction/<path:object_id>/decide/": row(
        "/admin/venues/enforcementaction/{enforcement}/decide/",                                 "302 302 302 200 302 302 200"),
    "admin/venues/enforcementaction/<path:object_id>/close/": row("/admin/venues/enforcementaction/{enforcement}/close/",
                                                                                                 "302 302 302 200 302 302 200"),
    **admin_model("venues/personreferral", "{person_referral}", supervisor="v", admin="v"),
    # The audit trail is read-only for everyone, administrators included.
    **admin_model("auditlog/logentry", "{log_entry}", supervisor="v", admin="v"),
    # Login throttling (django-axes): administrators read the attempts, and lift a lockout by deleting it.
    **admin_model("axes/accessattempt", "{access_attempt}", admin="vd"),
    **admin_model("axes/accesslog", "{access_log}", admin="v"),
    **admin_model("axes/accessfailurelog", "{access_failure_log}", admin="v"),
}
# fmt: on


# --- The POST column ------------------------------------------------------------------------------
# Every URL pattern is also sent a POST, as every persona. A route whose view refuses POST (405 for
# every signed-in persona) needs no row; every other route is a POST endpoint and must have a row
# here, else the matrix test fails. `data` is a submission that is valid for the sample objects (all
# of them `caseworker`'s), so that a refusal means something: `caseworker2` posting it to
# `caseworker`'s objects gets 404 and nothing is written (tests/test_access_matrix.py checks both).
# `path` may differ from the GET row's: approving a closure needs a case whose closure was requested.


def post(path: str, data: dict[str, str], codes: str) -> tuple[str, dict[str, str], dict[str, str]]:
    return path, data, row(path, codes)[1]


TODAY = "{today}"  # dd-mm-yyyy, filled in by the test
RETURN = {"arrangement": "self_funded", "declined_reason": "Tiket sendiri.", "destination_regency": "35.07"}
PARTICIPANT = {"full_name": "Dewi Lestari", "sex": "F", "welfare_category": "other", "origin_regency": "62.71"}

# fmt: off
POSTS: dict[str, tuple[str, dict[str, str], dict[str, str]]] = {
    # route: post(path, data,                                                                    answer per persona)
    #                                                                                          anon cw  cw2 sup ins coo adm
    "i18n/setlang/": post("/i18n/setlang/", {"language": "en"},                                "R   R   R   R   R   R   R  "),
    "accounts/login/": post("/accounts/login/", {"username": "caseworker", "password": "no"},  "200 R   R   R   R   R   R  "),
    "accounts/logout/": post("/accounts/logout/", {},                                          "302 302 302 302 302 302 302"),
    "accounts/password/": post("/accounts/password/", {"old_password": "no"},                  "302 200 200 200 200 200 200"),
    "cases/new/": post("/cases/new/", {"participant": "{free_participant}", "opened_on": TODAY, "source": "outreach",
                                       "priority": "normal", "caseworker": "{caseworker}"},   "302 R   200 R   403 403 R  "),
    "cases/<int:pk>/edit/": post("/cases/{case}/edit/", {"source": "outreach", "priority": "high",
                                                         "summary": "Diubah.", "version": "{case_version}"},
                                                                                               "302 R   404 R   404 404 R  "),
    "cases/<int:pk>/status/": post("/cases/{case}/status/", {"to": "{next_status}", "version": "{case_version}"},
                                                                                               "302 R   404 R   404 404 R  "),
    "cases/<int:pk>/closure/request/": post("/cases/{monitoring_case}/closure/request/",
                                            {"reason": "Stabil.", "version": "{monitoring_version}"},
                                                                                               "302 R   404 R   404 404 R  "),
    "cases/<int:pk>/closure/approve/": post("/cases/{closing_case}/closure/approve/", {"version": "{closing_version}"},
                                                                                               "302 403 403 R   403 403 R  "),
    "cases/<int:pk>/closure/reject/": post("/cases/{declining_case}/closure/reject/", {"version": "{declining_version}"},
                                                                                               "302 403 403 R   403 403 R  "),
    "cases/<int:pk>/archive/": post("/cases/{closed_case}/archive/", {"version": "{closed_version}"},
                                                                                               "302 403 403 R   403 403 R  "),
    "cases/<int:pk>/reopen/": post("/cases/{reopen_case}/reopen/", {"reason": "Kambuh.", "version": "{reopen_version}"},
                                                                                               "302 403 403 R   403 403 R  "),
    "cases/<int:pk>/reassign/": post("/cases/{case}/reassign/", {"caseworker": "{caseworker2}",
                                                                 "version": "{case_version}"},
                                                                                               "302 403 403 R   403 403 R  "),
    "cases/<int:pk>/return/": post("/cases/{case}/return/", {**RETURN, "travel_mode": "air", "departed_on": TODAY},
                                                                                               "302 R   404 R   404 404 R  "),
    "cases/<int:pk>/commitments/new/": post("/cases/{case}/commitments/new/",
                                            {"kind": "no_return_to_prostitution", "signed_on": "{yesterday}"},
                                                                                               "302 R   404 R   404 404 R  "),
    "cases/<int:pk>/follow-ups/new/": post("/cases/{case}/follow-ups/new/", {"due_on": "{next_week}"},
                                                                                               "302 R   404 R   404 404 R  "),
    "cases/<int:pk>/referrals/new/": post("/cases/{case}/referrals/new/",
                                          {"agency": "health", "reason": "Periksa.", "sent_on": TODAY},
                                                                                               "302 R   404 R   404 404 R  "),
    "cases/referrals/<int:pk>/edit/": post("/cases/referrals/{referral}/edit/", {"status": "acknowledged"},
                                                                                               "302 R   404 R   404 404 R  "),
    "cases/referrals/<int:pk>/sharing/": post("/cases/referrals/{sharing_referral}/sharing/",
                                              {"decision": "grant", "reason": "Perlu kunjungan rumah."},
                                                                                               "302 403 404 R   404 404 R  "),
    "cases/referrals/<int:pk>/sharing/request/": post("/cases/referrals/{unshared_referral}/sharing/request/",
                                                      {"reason": "Perlu alamatnya untuk kunjungan rumah."},
                                                                                               "302 R   404 R   404 404 R  "),
    "cases/follow-ups/<int:pk>/record/": post("/cases/follow-ups/{follow_up}/record/",
                                              {"done_on": TODAY, "channel": "phone", "outcome": "reached"},
                                                                                               "302 R   404 R   404 404 R  "),
    "cases/participants/new/": post("/cases/participants/new/", PARTICIPANT,                   "302 R   R   R   403 403 R  "),
    "cases/participants/<int:pk>/edit/": post("/cases/participants/{participant}/edit/",
                                              {**PARTICIPANT, "version": "{participant_version}"},
                                                                                               "302 R   404 R   404 404 R  "),
    "cases/participants/<int:pk>/consents/new/": post("/cases/participants/{participant}/consents/new/",
                                                      {"purpose": "photos", "text_version": "2026-1",
                                                       "given_on": TODAY},                     "302 R   404 R   404 404 R  "),
    "cases/consents/<int:pk>/withdraw/": post("/cases/consents/{withdrawn_consent}/withdraw/", {"withdrawn_on": TODAY},
                                                                                               "302 R   404 R   404 404 R  "),
    # --- trainings (an empty form: its own errors, nothing written; trainings' tests post real data) ---
    "trainings/<int:pk>/enroll/": post("/trainings/{cohort}/enroll/", {},                        "302 200 200 200 404 200 200"),
    "trainings/unmet-needs/new/": post("/trainings/unmet-needs/new/", {},                        "302 200 200 200 403 200 200"),
    "trainings/livelihood/<int:pk>/record/": post("/trainings/livelihood/{livelihood}/record/", {},
                                                                                               "302 200 404 200 404 200 200"),
    "trainings/new/": post("/trainings/new/", {},                                                "302 403 403 200 403 200 200"),
    "trainings/<int:pk>/edit/": post("/trainings/{cohort}/edit/", {},                            "302 403 403 200 404 200 200"),
    "trainings/<int:pk>/kit/": post("/trainings/{cohort}/kit/", {},                              "302 403 403 200 404 200 200"),
    "trainings/<int:pk>/sessions/new/": post("/trainings/{cohort}/sessions/new/", {},            "302 403 403 200 404 200 200"),
    "trainings/sessions/<int:pk>/attendance/": post("/trainings/sessions/{session}/attendance/", {},
                                                                                               "302 403 403 200 404 200 200"),
    "trainings/stock/receive/": post("/trainings/stock/receive/", {},                            "302 403 403 200 403 200 200"),
    "trainings/hand-outs/new/": post("/trainings/hand-outs/new/", {},                            "302 403 403 200 403 200 200"),
    "trainings/hand-outs/<int:pk>/return/": post("/trainings/hand-outs/{handout}/return/", {},   "302 403 404 200 404 200 200"),
    # State transitions, answered by a redirect back to the page: status and drop refuse the empty POST with a
    # message (no status, no reason); complete is a one-button action and completes, so it comes last.
    "trainings/<int:pk>/status/": post("/trainings/{cohort}/status/", {},                        "302 403 403 R   404 R   R  "),
    "trainings/trainees/<int:pk>/drop/": post("/trainings/trainees/{enrollment}/drop/", {},      "302 403 404 R   404 R   R  "),
    "trainings/<int:pk>/complete/": post("/trainings/{cohort}/complete/", {},                    "302 403 403 R   404 R   R  "),
    # --- reports (the monthly report and its files are read-only pages: a POST is refused) --------------
    "reports/monthly/": post("/reports/monthly/?month=2026-10", {},                              "302 405 405 405 405 405 405"),
    "reports/monthly/pdf/": post("/reports/monthly/pdf/?month=2026-10", {},                      "302 405 405 405 405 405 405"),
    "reports/monthly/export/": post("/reports/monthly/export/?month=2026-10", {},                "302 405 405 405 405 405 405"),
    "reports/import/participants/template/": post("/reports/import/participants/template/", {},  "302 405 405 405 405 405 405"),
    # An empty POST (no file): the upload form again, nothing written.
    "reports/import/participants/": post("/reports/import/participants/", {},                    "302 403 403 200 403 403 200"),
    # --- venues: the sample venues are in `inspector`'s team ----------------------------------
    "venues/new/": post("/venues/new/", {"name": "Karaoke Baru", "kind": "karaoke", "address": "Jl. Baru",
                                         "district": "62.71.01", "booth_count": "4"},       "302 403 403 R   403 403 R  "),
    "venues/<int:pk>/edit/": post("/venues/{venue}/edit/", {"name": "Karaoke Diubah", "kind": "karaoke",
                                                            "address": "Jl. Baru", "district": "62.71.01",
                                                            "booth_count": "4", "version": "{venue_version}"},
                                                                                               "302 404 404 R   403 404 R  "),
    "venues/<int:pk>/licences/new/": post("/venues/{unlicensed_venue}/licences/new/",
                                          {"number": "NIB-1", "issuing_agency": "DPMPTSP", "kind": "nib",
                                           "issued_on": TODAY},                                "302 404 404 R   403 404 R  "),
    "venues/<int:pk>/inspections/new/": post("/venues/{venue}/inspections/new/",
                                             {"inspected_at": "{now}", "team": "{team}", "purpose": "routine",
                                              "venue_operating": "on", "outcome": "compliant"},
                                                                                               "302 404 404 R   R   404 R  "),
    "venues/plan/assign/": post("/venues/plan/assign/", {"venue": "{venue}", "team": "{team}", "planned_on": TODAY},
                                                                                               "302 403 403 R   403 403 R  "),
    "venues/inspections/<int:pk>/refer/": post("/venues/inspections/{inspection}/refer/",
                                               {"full_name": "Nur", "sex": "F"},               "302 404 404 R   R   404 R  "),
    "venues/enforcement/<int:pk>/warn/": post("/venues/enforcement/{opened_enforcement}/warn/",
                                              {"warned_on": TODAY, "warning_number": "300/3"},  "302 404 404 R   403 404 R  "),
    "venues/enforcement/<int:pk>/report/": post("/venues/enforcement/{opened_enforcement}/report/",
                                                {"reported_on": TODAY, "report_number": "300/4"},
                                                                                               "302 404 404 R   403 404 R  "),
    "venues/enforcement/<int:pk>/decide/": post("/venues/enforcement/{enforcement}/decide/",
                                                {"replied_on": TODAY, "decision": "declined"}, "302 404 404 R   403 404 R  "),
    "venues/enforcement/<int:pk>/close/": post("/venues/enforcement/{closable_enforcement}/close/",
                                               {"note": "Patuh."},                             "302 404 404 R   403 404 R  "),
    # --- admin site (the model pages' rows come from admin_model) ----------------------------
    "admin/": post("/admin/", {},                                                               "302 302 302 200 302 302 200"),
    "admin/search/": post("/admin/search/?s=kota", {},                                          "302 302 302 200 302 302 200"),
    "admin/login/": post("/admin/login/", {},                                                   "200 200 200 200 200 200 200"),
    "admin/logout/": post("/admin/logout/", {},                                                 "302 R   R   302 R   R   302"),
    "admin/password_change/": post("/admin/password_change/", {},                               "302 302 302 200 302 302 200"),
    "admin/r/<path:content_type_id>/<path:object_id>/": post("/admin/r/{user_ct}/{user}/", {},  "302 302 302 404 302 302 404"),
    "admin/^(?P<app_label>auditlog|auth|axes|cases|core|trainings|venues)/$": post("/admin/cases/", {},          "302 302 302 200 302 302 200"),
    "admin/(?P<url>.*)$": post("/admin/no-such-page/", {},                                      "302 302 302 404 302 302 404"),
    "admin/core/user/<id>/password/": post("/admin/core/user/{user}/password/", {},             "302 302 302 403 302 302 200"),
    # The enforcement steps in the admin, given an empty form: its errors again, nothing written
    # (tests/venues/test_admin.py posts real steps).
    **{
        f"admin/venues/enforcementaction/<path:object_id>/{step}/": post(
            f"/admin/venues/enforcementaction/{{enforcement}}/{step}/", {},                     "302 302 302 200 302 302 200")
        for step in ("warn", "report", "decide", "close")
    },
    # The case page's "reassign" leads to the app's reassign page (cases/<int:pk>/reassign/).
    "admin/cases/case/<path:object_id>/reassign/": post("/admin/cases/case/{case}/reassign/", {},
                                                                                               "302 302 302 R   302 302 R  "),
}
# fmt: on

# Admin pages that answer an empty POST otherwise than admin_model() assumes, for those with the right.
ADMIN_POST_EXCEPTIONS = {
    # Every field but the withdrawal is read-only: the empty form is valid, and saved (it changes nothing).
    "admin/cases/consent/<path:object_id>/change/": "R",
}
