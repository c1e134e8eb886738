from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TrainingsConfig(AppConfig):
    name = "trainings"
    verbose_name = _("Trainings")

    def ready(self) -> None:
        from auditlog.registry import auditlog

        from trainings import figures, models, panels  # noqa: F401 (panels and figures register themselves)

        for model in (
            models.Program,
            models.Cohort,
            models.BudgetLine,
            models.KitLine,
            models.Enrollment,
            models.Session,
            models.Attendance,
            models.EquipmentItem,
            models.StockReceipt,
            models.Handout,
            models.StockEntry,
            models.UnmetNeed,
            models.LivelihoodFollowUp,
        ):
            auditlog.register(model)
