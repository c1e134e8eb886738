"""The trainings demo story, and the admin: no side door, actions through the services."""

from django.core.management import call_command
from django.urls import reverse

from tests.conftest import client_for
from tests.trainings.factories import hold_sessions, make_cohort, make_item, make_trainee, receive
from trainings import services
from trainings.models import (
    Cohort,
    Enrollment,
    EquipmentItem,
    Handout,
    LivelihoodFollowUp,
    StockEntry,
    UnmetNeed,
)


def test_seed_demo_tells_the_trainings_story(db, settings):
    settings.DEBUG = True
    call_command("seed_demo")
    cookies = Cohort.objects.get(name="Kue kering angkatan I")
    assert cookies.enrollments.filter(status="completed").count() == 20
    assert "Disnaker" in cookies.program.partner_agency
    assert Handout.objects.filter(enrollment__cohort=cookies, item__name="Mixer").count() == 20
    assert Handout.objects.filter(enrollment__cohort=cookies, item__name="Blender").count() == 20
    assert not Handout.objects.filter(enrollment__cohort=cookies, receipt_scan="").exists()
    assert cookies.sessions.count() == 10 and cookies.sessions.first().attendance.count() == 20
    sewing = Cohort.objects.get(name="Menjahit angkatan I")
    assert sewing.enrollments.filter(status="dropped_out").count() == 1
    assert sewing.enrollments.exclude(certificate_number=None).exists()
    assert LivelihoodFollowUp.objects.filter(enrollment__cohort=sewing, done_on__isnull=False).exists()
    assert UnmetNeed.objects.filter(kind="business_grant", cohort=cookies).count() == 20
    stock = {item.name: item.on_hand for item in EquipmentItem.objects.with_stock()}
    assert stock["Mixer"] == stock["Blender"] == 0
    counts = (Cohort.objects.count(), Handout.objects.count(), StockEntry.objects.count())
    call_command("seed_demo")
    assert (Cohort.objects.count(), Handout.objects.count(), StockEntry.objects.count()) == counts


def test_seed_demo_scale_adds_cohorts_in_proportion(db, settings):
    settings.DEBUG = True
    call_command("seed_demo", scale=40)
    synthetic = Cohort.objects.filter(name__startswith="Kue kering sintetis")
    assert synthetic.count() == 2
    assert Enrollment.objects.filter(cohort__in=synthetic).count() == 40
    assert Handout.objects.filter(enrollment__cohort__in=synthetic).count() == 80
    assert all(item.on_hand >= 0 for item in EquipmentItem.objects.with_stock())


def test_admin_has_no_side_door(caseworker, supervisor, coordinator):
    mixer, blender = make_item(), make_item("Blender")
    cohort = make_cohort(coordinator, kit={mixer: 1, blender: 1})
    enrollment = make_trainee(caseworker, coordinator, cohort)
    hold_sessions(coordinator, cohort, count=2)
    client = client_for(supervisor, language="en")
    # Workflow fields cannot be posted: the status and places stay as the services left them.
    url = reverse("admin:trainings_cohort_change", args=[cohort.pk])
    page = client.get(url)
    assert page.status_code == 200
    data = {
        "program": cohort.program_id,
        "name": "Renamed",
        "starts_on": cohort.starts_on.isoformat(),
        "ends_on": cohort.ends_on.isoformat(),
        "place": "Aula",
        "capacity": "20",
        "min_attendance_percent": "80",
        "coordinator": coordinator.pk,
        "status": "finished",
        "places_taken": "0",
        "kit-TOTAL_FORMS": "2",
        "kit-INITIAL_FORMS": "2",
        "kit-0-id": cohort.kit.first().pk,
        "kit-0-cohort": cohort.pk,
        "kit-1-id": cohort.kit.last().pk,
        "kit-1-cohort": cohort.pk,
        "budget_lines-TOTAL_FORMS": "0",
        "budget_lines-INITIAL_FORMS": "0",
    }
    client.post(url, data)
    cohort.refresh_from_db()
    assert cohort.status == "running" and cohort.places_taken == 1
    # Actions call the services: the kit hand-out refuses (stock short) and writes nothing.
    changelist = reverse("admin:trainings_cohort_changelist")
    client.post(changelist, {"action": "complete_trainees", "_selected_action": [cohort.pk]})
    assert Enrollment.objects.get(pk=enrollment.pk).status == "completed"
    receive(coordinator, mixer, 1)
    response = client.post(changelist, {"action": "hand_out_kit", "_selected_action": [cohort.pk]}, follow=True)
    assert "Blender: 1 needed, 0 on hand, 1 missing" in response.content.decode()
    assert not Handout.objects.exists()
    receive(coordinator, blender, 1)
    client.post(changelist, {"action": "hand_out_kit", "_selected_action": [cohort.pk]})
    assert Handout.objects.count() == 2
    handout = Handout.objects.get(item=mixer)
    client.post(
        reverse("admin:trainings_handout_changelist"), {"action": "return_equipment", "_selected_action": [handout.pk]}
    )
    assert mixer.stock_on_hand() == 1 and Handout.objects.filter(kind="return").count() == 1
    # Ledger lines cannot be added or changed in the admin.
    assert client.get(reverse("admin:trainings_stockentry_add")).status_code == 403
    services.attendance_shares(cohort)  # still consistent
