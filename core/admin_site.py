"""The project's admin site: Unfold's, keeping each visitor's list of models between requests.

Every admin page builds the list of the models its user may see (the sidebar; the dashboard asks
twice): a permission check and two URL reversals for each of ~35 models, 1 ms a page. The list
depends only on the user's permissions, the language and the app asked for, so it is kept for
each combination of those seen, as long as the process runs (the registered models never change
after start-up).
"""

from django.contrib.admin.apps import AdminConfig
from django.http import HttpRequest
from django.utils.translation import get_language
from unfold.sites import UnfoldAdminSite

from core.kept import Kept


class OfficeAdminSite(UnfoldAdminSite):
    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self._app_lists = Kept(128)  # permissions x languages x apps: a few roles, two languages

    def get_app_list(self, request: HttpRequest, app_label: str | None = None) -> list:
        user = request.user
        key = (
            app_label,
            get_language(),
            user.is_active,
            user.is_staff,
            user.is_superuser,
            frozenset(user.get_all_permissions()),  # read once per request anyway (cached on the user)
        )
        app_list = self._app_lists.get(key, lambda: super(OfficeAdminSite, self).get_app_list(request, app_label))
        return list(app_list)


class OfficeAdminConfig(AdminConfig):
    """django.contrib.admin with OfficeAdminSite as `admin.site` (INSTALLED_APPS)."""

    default_site = "core.admin_site.OfficeAdminSite"
