"""The cohort form's kit and budget lines, and the admin's version check (issue 9, review):
both go through trainings.services; a stale page or bad input is refused and writes nothing."""

import pytest
from django.urls import reverse

from core.roles import Role
from tests.cases.test_admin import form_data, shown_messages
from tests.conftest import client_for, make_user
from tests.trainings.factories import make_cohort, make_item, make_trainee
from tests.trainings.test_views import COHORT_POST
from trainings import services
from trainings.models import BudgetLine, Cohort, UnmetNeed


def edit_data(cohort: Cohort, **changes) -> dict:
    """The site's cohort form posted back unchanged (kit as stored, budget lines as stored), plus `changes`."""
    data = {
        **COHORT_POST,
        "name": cohort.name,
        "starts_on": cohort.starts_on.strftime("%d-%m-%Y"),
        "ends_on": cohort.ends_on.strftime("%d-%m-%Y"),
        "capacity": str(cohort.capacity),
        "program": cohort.program_id,
        "coordinator": cohort.coordinator_id,
        "version": cohort.version,
    }
    lines = list(cohort.budget_lines.all())
    data |= {"budget-TOTAL_FORMS": str(len(lines)), "budget-INITIAL_FORMS": str(len(lines))}
    for index, line in enumerate(lines):
        data |= {
            f"budget-{index}-id": line.pk,
            f"budget-{index}-description": line.description,
            f"budget-{index}-amount": str(line.amount),
            f"budget-{index}-funding_source": line.funding_source,
        }
    data |= {f"kit_{line.item_id}": str(line.quantity) for line in cohort.kit.all()}
    return {**data, **changes}


def set_budget(coordinator, cohort: Cohort, description: str, amount: int) -> None:
    """One budget line for `cohort`, through the service."""
    cohort.refresh_from_db()
    services.cohort_update(
        actor=coordinator,
        cohort=cohort,
        expected_version=cohort.version,
        fields=[],
        budget=[BudgetLine(description=description, amount=amount)],
    )


def kit_of(cohort: Cohort) -> list[tuple[str, int]]:
    return sorted(cohort.kit.values_list("item__name", "quantity"))


def budget_of(cohort: Cohort) -> list[tuple[str, int]]:
    return [(line.description, int(line.amount)) for line in cohort.budget_lines.order_by("id")]


def stored_lines(cohort: Cohort) -> list[tuple]:
    """Every stored budget line as it is, its id included (a line removed and written again differs)."""
    return list(cohort.budget_lines.order_by("id").values_list("pk", "description", "amount", "funding_source"))


def test_the_coordinator_sets_kit_quantities_and_budget_lines_on_the_cohort_form(coordinator):
    mixer, blender, oven = make_item(), make_item("Blender"), make_item("Oven")
    cohort = make_cohort(coordinator, kit={mixer: 1})
    client = client_for(coordinator)
    page = client.get(reverse("trainings:cohort-edit", args=[cohort.pk]))
    assert f'name="kit_{mixer.pk}" value="1"' in page.content.decode()
    data = edit_data(
        cohort,
        **{f"kit_{mixer.pk}": "2", f"kit_{blender.pk}": "1", f"kit_{oven.pk}": "0"},
        **{"budget-TOTAL_FORMS": "2", "budget-0-description": "Honor instruktur", "budget-0-amount": "3000000"},
        **{
            "budget-0-funding_source": "APBD",
            "budget-1-description": "",
            "budget-1-amount": "",
            "budget-1-funding_source": "APBD",
        },
    )
    response = client.post(reverse("trainings:cohort-edit", args=[cohort.pk]), data)
    assert response.status_code == 302
    cohort.refresh_from_db()
    assert kit_of(cohort) == [("Blender", 1), ("Mixer", 2)]
    assert budget_of(cohort) == [("Honor instruktur", 3_000_000)]
    assert cohort.version == 2
    # Change the line and add one; then remove the first.
    line = cohort.budget_lines.get()
    data = edit_data(cohort, **{"budget-0-amount": "3500000", "budget-TOTAL_FORMS": "2"})
    data |= {"budget-1-description": "Bahan kue", "budget-1-amount": "1200000", "budget-1-funding_source": "APBD"}
    assert client.post(reverse("trainings:cohort-edit", args=[cohort.pk]), data).status_code == 302
    cohort.refresh_from_db()
    assert budget_of(cohort) == [("Honor instruktur", 3_500_000), ("Bahan kue", 1_200_000)]
    assert cohort.budget_lines.first().pk == line.pk  # updated in place, not replaced
    data = edit_data(cohort, **{"budget-0-DELETE": "on"})
    assert client.post(reverse("trainings:cohort-edit", args=[cohort.pk]), data).status_code == 302
    assert budget_of(cohort) == [("Bahan kue", 1_200_000)]


def test_the_new_cohort_form_saves_its_budget_lines(coordinator):
    mixer = make_item()
    program = make_cohort(coordinator).program
    data = {**COHORT_POST, "program": program.pk, "coordinator": coordinator.pk, f"kit_{mixer.pk}": "1"}
    data |= {"budget-TOTAL_FORMS": "1", "budget-0-description": "Sewa aula", "budget-0-amount": "500000"}
    response = client_for(coordinator).post(reverse("trainings:cohort-create"), data)
    assert response.status_code == 302
    cohort = Cohort.objects.get(name=COHORT_POST["name"])
    assert budget_of(cohort) == [("Sewa aula", 500_000)] and kit_of(cohort) == [("Mixer", 1)]


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"kit_{mixer}": "-1"}, "greater than or equal to 0"),
        ({"kit_{mixer}": "101"}, "less than or equal to 100"),
        ({"kit_{mixer}": "1,5"}, "whole number"),
        ({"budget-0-amount": "-5"}, "greater than or equal to 0"),
        ({"budget-0-amount": "abc"}, "Enter a number"),
        ({"budget-0-description": ""}, "This field is required"),
        ({"budget-0-id": "{other_line}"}, "not one of this cohort"),
        ({"budget-TOTAL_FORMS": "99999"}, "50"),
        ({"budget-INITIAL_FORMS": ""}, "ManagementForm data is missing"),
    ],
)
def test_bad_kit_or_budget_input_is_refused_with_a_message_and_writes_nothing(coordinator, changes, message):
    mixer = make_item()
    cohort = make_cohort(coordinator, kit={mixer: 1})
    other = make_cohort(coordinator, name="Lain")
    set_budget(coordinator, cohort, "Honor", 100)
    set_budget(coordinator, other, "Lain", 7)
    cohort.refresh_from_db()
    before = (kit_of(cohort), stored_lines(cohort), stored_lines(other), cohort.version)
    keys = {"mixer": mixer.pk, "other_line": other.budget_lines.get().pk}
    changes = {key.format(**keys): value.format(**keys) for key, value in changes.items()}
    response = client_for(coordinator, language="en").post(
        reverse("trainings:cohort-edit", args=[cohort.pk]), edit_data(cohort, name="Changed", **changes)
    )
    assert response.status_code == 200
    assert message in response.content.decode()
    cohort.refresh_from_db()
    assert (kit_of(cohort), stored_lines(cohort), stored_lines(other), cohort.version) == before
    assert cohort.name != "Changed"


def test_the_kit_cannot_change_once_handed_out_and_nothing_of_the_form_is_saved(caseworker, coordinator):
    from tests.trainings.factories import hold_sessions, receive

    mixer, blender = make_item(), make_item("Blender")
    cohort = make_cohort(coordinator, kit={mixer: 1})
    make_trainee(caseworker, coordinator, cohort)
    hold_sessions(coordinator, cohort, count=1)
    services.cohort_complete(actor=coordinator, cohort=cohort)
    receive(coordinator, mixer, 1)
    services.kit_hand_out(actor=coordinator, cohort=cohort)
    cohort.refresh_from_db()
    data = edit_data(cohort, name="Renamed", **{f"kit_{blender.pk}": "1"})
    response = client_for(coordinator, language="en").post(reverse("trainings:cohort-edit", args=[cohort.pk]), data)
    assert "The kit was already handed out" in response.content.decode()
    cohort.refresh_from_db()
    assert cohort.name != "Renamed" and kit_of(cohort) == [("Mixer", 1)]


def test_a_stale_cohort_form_is_refused_with_its_kit_and_budget(coordinator):
    mixer = make_item()
    cohort = make_cohort(coordinator, kit={mixer: 1})
    stale = edit_data(cohort, **{f"kit_{mixer.pk}": "3", "budget-TOTAL_FORMS": "1"})
    stale |= {"budget-0-description": "Honor", "budget-0-amount": "10"}
    cohort.place = "Gedung lain"
    services.cohort_update(actor=coordinator, cohort=cohort, expected_version=cohort.version, fields=["place"])
    response = client_for(coordinator, language="en").post(reverse("trainings:cohort-edit", args=[cohort.pk]), stale)
    assert "changed by someone else" in response.content.decode()
    assert kit_of(cohort) == [("Mixer", 1)] and budget_of(cohort) == []


def test_the_services_refuse_a_bad_kit_or_budget_line(coordinator):
    from django.core.exceptions import ValidationError

    mixer = make_item()
    cohort = make_cohort(coordinator)
    for kit, budget in [
        ([(mixer, 0)], None),
        ([(mixer, 1), (mixer, 1)], None),
        (None, [BudgetLine(description="x", amount=-1)]),
        (None, [BudgetLine(description=" ", amount=1)]),
    ]:
        with pytest.raises(ValidationError):
            services.cohort_update(
                actor=coordinator, cohort=cohort, expected_version=cohort.version, fields=[], kit=kit, budget=budget
            )
        cohort.refresh_from_db()
        assert cohort.version == 1 and not cohort.kit.exists() and not cohort.budget_lines.exists()


# --- The admin: a second supervisor's stale save is refused --------------------------------------


def test_two_supervisors_save_the_same_cohort_in_the_admin_the_second_is_refused(supervisor, coordinator):
    cohort = make_cohort(coordinator)
    other = make_user("supervisor2", Role.SUPERVISOR, is_staff=True)
    url = reverse("admin:trainings_cohort_change", args=[cohort.pk])
    first, second = client_for(supervisor, language="en"), client_for(other, language="en")
    page_one, page_two = first.get(url), second.get(url)
    assert f'name="version" value="{cohort.version}"' in page_two.content.decode()
    assert first.post(url, {**form_data(page_one), "place": "Aula pertama"}).status_code == 302
    response = second.post(url, {**form_data(page_two), "place": "Aula kedua"})
    assert response.status_code == 302
    assert "changed by someone else" in shown_messages(response)
    cohort.refresh_from_db()
    assert (cohort.place, cohort.version) == ("Aula pertama", 2)


def test_two_supervisors_edit_the_same_unmet_need_in_the_admin_the_second_is_refused(
    caseworker, supervisor, coordinator
):
    cohort = make_cohort(coordinator)
    enrollment = make_trainee(caseworker, coordinator, cohort)
    need = services.unmet_need_record(
        actor=coordinator,
        need=UnmetNeed(participant=enrollment.participant, cohort=cohort, kind="business_grant", reason="Anggaran"),
    )
    other = make_user("supervisor2", Role.SUPERVISOR, is_staff=True)
    url = reverse("admin:trainings_unmetneed_change", args=[need.pk])
    first, second = client_for(supervisor, language="en"), client_for(other, language="en")
    page_one, page_two = first.get(url), second.get(url)
    assert first.post(url, {**form_data(page_one), "amount": "5000000"}).status_code == 302
    response = second.post(url, {**form_data(page_two), "amount": "9000000"})
    assert "changed by someone else" in shown_messages(response)
    need.refresh_from_db()
    assert (int(need.amount), need.version, need.participant_id) == (5_000_000, 2, enrollment.participant_id)
    # A negative amount is refused by the form, and nothing is written.
    page = first.get(url)
    response = first.post(url, {**form_data(page), "amount": "-1"})
    assert response.status_code == 200 and response.context["adminform"].form.errors
    need.refresh_from_db()
    assert need.version == 2


def test_the_admin_changes_no_kit_or_budget_line_and_no_enrollment(caseworker, supervisor, coordinator):
    mixer = make_item()
    cohort = make_cohort(coordinator, kit={mixer: 1})
    set_budget(coordinator, cohort, "Honor", 100)
    enrollment = make_trainee(caseworker, coordinator, cohort)
    admin = client_for(supervisor)
    url = reverse("admin:trainings_cohort_change", args=[cohort.pk])
    data = form_data(admin.get(url))
    line, kit_line = cohort.budget_lines.get(), cohort.kit.get()
    forged = {
        "budget_lines-TOTAL_FORMS": "1",
        "budget_lines-INITIAL_FORMS": "1",
        "budget_lines-0-id": line.pk,
        "budget_lines-0-cohort": cohort.pk,
        "budget_lines-0-amount": "999",
        "budget_lines-0-description": "Forged",
        "kit-TOTAL_FORMS": "1",
        "kit-INITIAL_FORMS": "1",
        "kit-0-id": kit_line.pk,
        "kit-0-cohort": cohort.pk,
        "kit-0-quantity": "9",
    }
    admin.post(url, {**data, **forged})
    assert budget_of(cohort) == [("Honor", 100)] and kit_of(cohort) == [("Mixer", 1)]
    # An enrollment's page is a view page: a POST to it is refused, nothing is saved.
    enrollment_url = reverse("admin:trainings_enrollment_change", args=[enrollment.pk])
    assert admin.get(enrollment_url).status_code == 200
    assert admin.post(enrollment_url, {"status": "completed"}).status_code == 403
    enrollment.refresh_from_db()
    assert (enrollment.status, enrollment.version) == ("enrolled", 1)
