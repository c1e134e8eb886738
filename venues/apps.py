from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class VenuesConfig(AppConfig):
    name = "venues"
    verbose_name = _("Venues")

    def ready(self) -> None:
        from auditlog.registry import auditlog

        from venues import figures, models, panels  # noqa: F401 (panels and figures register themselves)

        for model in (
            models.InspectionTeam,
            models.Venue,
            models.License,
            models.LicenseStatusChange,
            models.PlannedVisit,
            models.Inspection,
            models.Evidence,
            models.EnforcementAction,
            models.PersonReferral,
        ):
            auditlog.register(model)
