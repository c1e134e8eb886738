"""The supervisors' dashboard on the admin index page (Unfold's DASHBOARD_CALLBACK).

Each app contributes cards by registering a function with `dashboard_card`,
and its figures for the chosen period with `core.reports.figures_section`;
core never imports the apps. A card function takes the request and returns a
dict {"title", "value", "footer", "url"} or None when the user may not see it.
"""

from collections.abc import Callable

from django.core.cache import cache
from django.db.models import Count, Q
from django.http import HttpRequest
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from core.roles import Role

CardFunction = Callable[[HttpRequest], dict | None]
_cards: list[CardFunction] = []


def dashboard_card(function: CardFunction) -> CardFunction:
    _cards.append(function)
    return function


def dashboard_callback(request: HttpRequest, context: dict) -> dict:
    context["dashboard_cards"] = [card for function in _cards if (card := function(request))]
    if request.user.has_perm("core.view_reports"):
        from core.reports.dashboard import dashboard_context

        context.update(dashboard_context(request))
    return context


@dashboard_card
def active_staff(request: HttpRequest) -> dict | None:
    if not request.user.has_perm("core.view_user"):
        return None
    from core.models import User

    counts = cache.get_or_set(
        "dashboard:active-staff",
        lambda: User.objects.filter(is_active=True).aggregate(
            total=Count("pk"),
            **{role.name: Count("pk", filter=Q(groups__name=role.value)) for role in Role},
        ),
        300,  # a few minutes late at worst, like the other cards
    )
    footer = ", ".join(f"{role.label}: {counts[role.name]}" for role in Role)
    return {
        "title": _("Active staff accounts"),
        "value": counts["total"],
        "footer": footer,
        "url": reverse("admin:core_user_changelist"),
    }
