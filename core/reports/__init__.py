"""The programme's figures, shared by the supervisors' dashboard and the monthly report.

Each app registers one function with `figures_section`: given a `Period` it
returns a `Section` of `Figure`s (and charts), each with the URL of the
filtered list that shows the same number. core never imports the apps: they
register from their AppConfig.ready(), like core.panels.
"""

from core.reports.figures import Chart, Figure, Section, compute_sections, figures_section, sections_for
from core.reports.period import Period, PeriodError, period_from_query

__all__ = [
    "Chart",
    "Figure",
    "Period",
    "PeriodError",
    "Section",
    "compute_sections",
    "figures_section",
    "period_from_query",
    "sections_for",
]
