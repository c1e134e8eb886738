"""One person, one story: her case and participant pages show her trainings and equipment."""

from django.urls import reverse

from cases.models import TimelineEntry
from tests.conftest import client_for
from tests.trainings.factories import hold_sessions, make_cohort, make_item, make_trainee, receive
from trainings import services


def test_case_and_participant_pages_show_the_training_and_the_equipment(caseworker, caseworker2, coordinator):
    mixer, blender = make_item(), make_item("Blender")
    cohort = make_cohort(coordinator, kit={mixer: 1, blender: 1})
    enrollment = make_trainee(caseworker, coordinator, cohort)
    hold_sessions(coordinator, cohort, count=4)
    services.cohort_complete(actor=coordinator, cohort=cohort)
    receive(coordinator, mixer, 1)
    receive(coordinator, blender, 1)
    services.kit_hand_out(actor=coordinator, cohort=cohort, serials={(enrollment.pk, mixer.pk): "MX-9"})
    enrollment.refresh_from_db()
    client = client_for(caseworker, language="en")
    for url in (enrollment.case.get_absolute_url(), enrollment.participant.get_absolute_url()):
        page = client.get(url).content.decode()
        assert 'data-testid="training-record"' in page
        assert cohort.name in page and enrollment.certificate_number in page
        assert "1 × Mixer (MX-9)" in page and "1 × Blender" in page
        assert "Attendance: 4/4" in page
    texts = [entry.text for entry in TimelineEntry.objects.filter(case=enrollment.case)]
    assert f"Completed the training {cohort.name}; certificate {enrollment.certificate_number}." in texts
    assert "Received 1 × Mixer. Serial number MX-9." in texts
    # The timeline speaks the reader's language.
    page = client_for(caseworker).get(enrollment.case.get_absolute_url()).content.decode()
    assert "Menerima 1 × Mixer. Nomor seri MX-9." in page
    # Another caseworker reaches neither page; a coordinator opens no case page.
    assert client_for(caseworker2).get(enrollment.case.get_absolute_url()).status_code == 404
    assert client_for(coordinator).get(enrollment.case.get_absolute_url()).status_code in (403, 404)
    assert client_for(coordinator).get(enrollment.participant.get_absolute_url()).status_code in (403, 404)


def test_a_case_page_without_trainings_shows_no_section(caseworker):
    from tests.factories import make_case

    case = make_case(caseworker)
    page = client_for(caseworker).get(reverse("cases:case-detail", args=[case.pk])).content.decode()
    assert "training-record" not in page
