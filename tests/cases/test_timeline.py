"""Timeline entries are stored as a kind and its parameters and read in the reader's language."""

import datetime
import importlib

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.urls import reverse
from django.utils import timezone, translation

from cases import services, timeline
from cases.models import CaseStatus, Referral, TimelineEntry
from tests.conftest import client_for
from tests.factories import make_case, record_departure


def timeline_texts(client, case) -> str:
    page = client.get(reverse("cases:case-detail", args=[case.pk])).content.decode()
    return page[page.index('data-testid="timeline"') :]


def test_the_case_page_shows_the_timeline_in_the_readers_language(caseworker):
    case = make_case(caseworker)
    services.case_transition(actor=caseworker, case=case, to_status=CaseStatus.ACTIVE, expected_version=case.version)
    english = timeline_texts(client_for(caseworker, language="en"), case)
    assert "Case opened." in english
    assert "Status changed from Intake to Active." in english
    assert "Kasus dibuka." not in english
    indonesian = timeline_texts(client_for(caseworker, language="id"), case)
    assert "Kasus dibuka." in indonesian
    assert "Status diubah dari Penerimaan awal menjadi Aktif." in indonesian


def test_entries_store_values_not_sentences(caseworker):
    case = make_case(caseworker, status=CaseStatus.ACTIVE)
    departure = record_departure(caseworker, case)
    entry = case.timeline.get(kind="return")
    assert entry.params["mode"] == "sea"
    assert entry.params["departed_on"] == departure.departed_on.isoformat()
    assert entry.params["follow_ups_scheduled"] is True
    with translation.override("en"):
        assert f"Departed {departure.departed_on:%d-%m-%Y}." in entry.text
        assert "by sea" in entry.text
    with translation.override("id"):
        assert "laut" in entry.text.lower()


def test_an_unknown_kind_is_refused(caseworker):
    case = make_case(caseworker)
    with pytest.raises(ValueError, match="Unknown timeline kind"):
        services.timeline_add(case=case, kind="no_such_kind", params={}, actor=caseworker)


def test_another_app_adds_a_kind_without_cases_knowing_it(caseworker):
    key = timeline.register_kind(
        "test_training_enrolled",
        label="Training",
        message="Enrolled in %(training)s from %(starts_on)s.",
        dates=("starts_on",),
    )
    try:
        with pytest.raises(ImproperlyConfigured):
            timeline.register_kind(key, label="Again", message="")
        case = make_case(caseworker)
        params = {"training": "Menjahit", "starts_on": datetime.date(2026, 12, 1)}
        services.timeline_add(case=case, kind=key, params=params, actor=caseworker)
        entry = TimelineEntry.objects.get(kind=key)
        assert entry.text == "Enrolled in Menjahit from 01-12-2026."
        assert entry.kind_label == "Training"
    finally:
        del timeline.KINDS[key]


def test_a_missing_parameter_shows_as_nothing_rather_than_failing(caseworker):
    case = make_case(caseworker)
    services.timeline_add(case=case, kind="closure_requested", params={}, actor=caseworker)
    with translation.override("en"):
        assert case.timeline.get(kind="closure_requested").text == "Closure requested: "


def test_a_supervisors_consent_override_is_on_the_timeline(caseworker, supervisor):
    case = make_case(caseworker)
    url = reverse("cases:referral-create", args=[case.pk])
    data = {"agency": "origin_social_office", "agency_name": "", "reason": "Pendampingan.",
            "sent_on": timezone.localdate().strftime("%d-%m-%Y"), "shares_personal_data": "on",
            "consent_override_reason": "Darurat medis."}  # fmt: skip
    assert client_for(supervisor).post(url, data).status_code == 302
    english = timeline_texts(client_for(caseworker, language="en"), case)
    assert "without the participant&#x27;s consent, approved by Supervisor: Darurat medis." in english
    assert "Social office of the origin region" in english
    referral = Referral.objects.get()
    for url in (reverse("cases:case-detail", args=[case.pk]), reverse("cases:referral-update", args=[referral.pk])):
        page = client_for(caseworker, language="en").get(url).content.decode()
        assert "Shared without the participant's consent, approved by Supervisor: Darurat medis." in page


MIGRATION = importlib.import_module("cases.migrations.0004_timeline_entry_params")


@pytest.mark.parametrize(
    ("kind", "text", "expected"),
    [
        ("opened", "Kasus dibuka.", ("opened", {})),
        ("status", "Status diubah dari Penerimaan awal menjadi Aktif.", ("status", {"from": "intake", "to": "active"})),
        ("status", "Status changed from Monitoring to Closed.", ("status", {"from": "monitoring", "to": "closed"})),
        ("status", "Terminasi disetujui; kasus ditutup.", ("closure_approved", {})),
        ("other", "Case archived.", ("archived", {})),
        ("closure_requested", "Terminasi diajukan: Mandiri.", ("closure_requested", {"reason": "Mandiri."})),
        ("follow_up", "WhatsApp: Terhubung. Sehat.", ("follow_up", {"legacy_text": "WhatsApp: Terhubung. Sehat."})),
    ],
)
def test_old_entries_are_read_back_into_kinds_and_parameters(kind, text, expected):
    assert MIGRATION.kind_and_params(kind, text) == expected


@pytest.mark.django_db(transaction=True)
def test_the_migration_converts_old_rows_and_goes_back(caseworker):
    case = make_case(caseworker)
    executor = MigrationExecutor(connection)
    executor.migrate([("cases", "0003_case_worker_status_index")])
    try:
        with connection.cursor() as cursor:
            cursor.execute("UPDATE cases_timelineentry SET text = 'Kasus dibuka.'")
            cursor.execute(
                "INSERT INTO cases_timelineentry (case_id, at, kind, text) VALUES (%s, now(), 'note', %s)",
                [case.pk, "Telepon keluarga."],
            )
        executor = MigrationExecutor(connection)
        executor.migrate([("cases", "0005_timeline_entry_drop_text")])
        note = TimelineEntry.objects.get(kind="note")
        assert note.text == "Telepon keluarga."
        with translation.override("en"):
            assert TimelineEntry.objects.get(kind="opened").text == "Case opened."
        executor = MigrationExecutor(connection)
        executor.migrate([("cases", "0003_case_worker_status_index")])
        with connection.cursor() as cursor:
            cursor.execute("SELECT kind, text FROM cases_timelineentry ORDER BY id")
            assert cursor.fetchall() == [("opened", "Kasus dibuka."), ("note", "Telepon keluarga.")]
    finally:
        executor = MigrationExecutor(connection)
        executor.loader.build_graph()
        executor.migrate(executor.loader.graph.leaf_nodes())
