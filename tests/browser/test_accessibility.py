"""WCAG 2.2 AA, checked by axe-core (shipped by axe-playwright-python) on every
page of the route matrix that each role may open, at desktop and phone width:
no serious or critical violation."""

import pytest
from axe_playwright_python.sync_playwright import Axe

from cases.models import Case
from tests.access_matrix import MATRIX
from tests.browser.helpers import BROWSER_TEST, login
from tests.conftest import make_persona
from tests.factories import (
    login_attempts,
    make_case,
    make_commitment,
    make_participant,
    make_referral,
    make_referral_without_identity,
    make_sharing_request,
    record_departure,
)
from tests.test_access_matrix import venue_samples
from tests.trainings.factories import training_samples

pytestmark = BROWSER_TEST

# Downloads, redirects, JSON, and Unfold's command-palette search (an HTML fragment, not a page).
SKIPPED = (
    "export", "/pdf/", "/scan/", "logout", "setlang", "healthz", "keep-alive", "/admin/r/", "jsi18n", "/admin/search/",
    "/template/", "/evidence/",
)  # fmt: skip


def samples(worker) -> dict:
    case = make_case(worker)
    record_departure(worker, case)
    commitment = make_commitment(worker, case)
    referral = make_referral(worker, case)
    # Another participant, who has not consented: a request to share her identity awaits a supervisor.
    sharing = make_sharing_request(worker, make_case(worker, make_participant(worker, full_name="Rina")))
    # And one sent without her identity, nobody asked yet: the caseworker may ask a supervisor.
    unshared = make_referral_without_identity(worker, make_case(worker, make_participant(worker, full_name="Wati")))
    return {
        "case": case.pk,
        "participant": case.participant_id,
        "home_return": case.home_return.pk,
        "commitment": commitment.pk,
        "referral": referral.pk,
        "sharing_referral": sharing.pk,
        "unshared_referral": unshared.pk,
        "consent": case.participant.consents.first().pk,
        "follow_up": case.follow_ups.first().pk,
        "timeline_entry": case.timeline.first().pk,
        "log_entry": 1,
        "user": worker.pk,
        "user_ct": 1,
        "group": 1,
        "province": "62",
        "regency": "62.71",
        "district": "62.71.01",
        "village": "62.71.01.1001",
        **login_attempts(),
    }


@pytest.mark.parametrize("persona", ["caseworker", "caseworker2", "supervisor", "inspector", "coordinator", "admin"])
def test_every_page_has_no_serious_accessibility_violation(page, base_url, viewport, persona):
    people = {name: make_persona(name) for name in ("caseworker", "supervisor", "inspector", "coordinator")}
    worker = people["caseworker"]
    user = people.get(persona) or make_persona(persona)
    values = samples(worker)
    # The trainings and venues pages, with the route x role matrix's own sample records.
    case = Case.objects.filter(caseworker=worker).order_by("pk").first()
    values |= training_samples(worker, people["coordinator"], case) | venue_samples(people)
    from auditlog.models import LogEntry

    values["log_entry"] = LogEntry.objects.first().pk
    login(page, user.username)
    axe = Axe()
    found = {}
    for path, answers in MATRIX.values():
        if answers[persona] != "200" or any(part in path for part in SKIPPED):
            continue
        url = path.format(**values)
        response = page.goto(url)
        if response is None or not response.ok or "text/html" not in response.headers.get("content-type", ""):
            continue
        violations = axe.run(page).response["violations"]
        serious = [f"{v['id']} {v['nodes'][0]['target']}" for v in violations if v["impact"] in ("serious", "critical")]
        if serious:
            found[url] = serious
    assert found == {}
