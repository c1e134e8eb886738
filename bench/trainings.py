"""The trainings app in the benchmark (issue 9): its pages and its hand-out export.

With `--scale N` the demo seeder adds N/20 finished cookie-baking cohorts of 20
trainees (trainings.demo.seed_scale): at `--scale 10000`, 10,000 cohort members,
20,000 hand-outs and their ledger lines. Kept in a module of its own so that run.py
only lists these targets and runs this export.
"""

COORDINATOR = "coordinator"  # sees every cohort, the stock and every trainee's hand-outs (names, no NIK)
HANDOUT_EXPORT_PATH = "/trainings/hand-outs/export/"
# A filter that matches nothing: the warm-up downloads of the export.
HANDOUT_EXPORT_EMPTY = HANDOUT_EXPORT_PATH + "?kind=return"


def targets(target_class) -> list:
    """The cohort list (the app's page) and the stock ledger with every item's stock on hand."""
    # needs_data stays False: their paths need no seeded ids (and run.py resolves the case list's deep page
    # for any target that needs data); at --scale 0 they measure the demo's few rows.
    return [
        target_class("cohorts", "/trainings/", login=True, user=COORDINATOR),
        target_class("stock_ledger", "/trainings/stock/", login=True, user=COORDINATOR),
    ]
