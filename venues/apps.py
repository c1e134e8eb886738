from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class VenuesConfig(AppConfig):
    name = "venues"
    verbose_name = _("Venues")

    def ready(self) -> None:
        from auditlog.registry import auditlog

        from venues import figures, models, panels  # noqa: F401 (panels and figures register themselves)

        # A team's members decide which venues each inspector sees: who was added or removed, by whom,
        # is in the log too (auditlog records a many-to-many change as an entry of its own).
        auditlog.register(models.InspectionTeam, m2m_fields={"members"})
        for model in (
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
