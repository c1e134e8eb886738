from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CasesConfig(AppConfig):
    name = "cases"
    verbose_name = _("Cases")

    def ready(self) -> None:
        from auditlog.registry import auditlog
        from django.utils.module_loading import autodiscover_modules

        from cases import models, panels  # noqa: F401 (panels register the home page and dashboard cards)

        # Every change of every model is logged; NIK and KK numbers are masked in the diffs.
        auditlog.register(models.Participant, mask_fields=["nik", "kk_number"])
        for model in (
            models.Case,
            models.Consent,
            models.HomeReturn,
            models.Commitment,
            models.FollowUp,
            models.Referral,
        ):
            auditlog.register(model)

        # Each app's kinds of timeline entry (cases.timeline), this one's included.
        autodiscover_modules("timeline_kinds")
