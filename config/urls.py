from django.contrib import admin
from django.urls import include, path

from core import views as core_views

urlpatterns = [
    path("", core_views.HomeView.as_view(), name="home"),
    path("healthz/", core_views.healthz, name="healthz"),
    path("i18n/setlang/", core_views.set_language, name="set_language"),
    path("accounts/", include("core.urls")),
    path("cases/", include("cases.urls")),
    path("reports/", include("core.reports.urls")),
    path("reports/import/", include("cases.imports.urls")),
    path("trainings/", include("trainings.urls")),
    path("venues/", include("venues.urls")),
    path("admin/", admin.site.urls),
]

handler400 = "core.views.bad_request"
handler403 = "core.views.permission_denied"
handler404 = "core.views.page_not_found"
handler500 = "core.views.server_error"
