import io

import openpyxl
import pytest
from auditlog.models import LogEntry
from django.contrib import admin
from django.contrib.admin import helpers
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation
from unfold.admin import checkbox as unfold_checkbox

from cases.models import Case, Participant
from core import admin_scale
from core.admin_scale import EstimatedCountPaginator
from tests.conftest import client_for
from tests.factories import make_case, make_participant


def test_an_unfiltered_large_table_is_counted_from_the_statistics(caseworker, monkeypatch):
    for n in range(3):
        make_participant(caseworker, full_name=f"Orang {n}")
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE cases_participant")
    monkeypatch.setattr(admin_scale, "ESTIMATE_ABOVE", 1)
    with connection.cursor() as cursor:
        cursor.execute("UPDATE pg_class SET reltuples = 123456 WHERE oid = 'cases_participant'::regclass")
    assert EstimatedCountPaginator(Participant.objects.all(), 50).count == 123456
    # A filter narrows the rows: counted exactly.
    assert EstimatedCountPaginator(Participant.objects.filter(full_name="Orang 1"), 50).count == 1


def test_a_small_table_is_counted_exactly(caseworker):
    make_participant(caseworker)
    assert EstimatedCountPaginator(Participant.objects.all(), 50).count == 1


def test_the_changelists_search_by_nik_code_and_case_number(caseworker, supervisor):
    case = make_case(caseworker, make_participant(caseworker, nik="3507014506950001"))
    make_case(caseworker)
    client = client_for(supervisor)
    participants = reverse("admin:cases_participant_changelist")
    cases = reverse("admin:cases_case_changelist")
    assert client.get(participants, {"q": "3507014506950001"}).context["cl"].result_count == 1
    assert client.get(participants, {"q": case.participant.code}).context["cl"].result_count == 1
    assert client.get(cases, {"q": case.number}).context["cl"].result_count == 1
    assert client.get(cases, {"q": "3507014506950001"}).context["cl"].result_count == 1


@pytest.mark.parametrize("rows", [3, 30])
def test_a_changelist_takes_a_fixed_number_of_queries(caseworker, supervisor, rows, django_assert_max_num_queries):
    for _n in range(rows):
        make_case(caseworker)
    client = client_for(supervisor)
    client.get(reverse("admin:cases_case_changelist"))
    with django_assert_max_num_queries(20):
        assert client.get(reverse("admin:cases_case_changelist")).status_code == 200


@pytest.mark.parametrize("language", ["id", "en"])
def test_a_rows_checkbox_is_unfolds_markup_with_the_rows_key(caseworker, supervisor, language):
    case = make_case(caseworker)
    model_admin = admin.site._registry[Case]
    with translation.override(language):
        expected = unfold_checkbox.render(helpers.ACTION_CHECKBOX_NAME, str(case.pk))
        assert model_admin.action_checkbox(case) == expected
        assert model_admin.action_checkbox(Case(pk='1"><b>')) == unfold_checkbox.render(
            helpers.ACTION_CHECKBOX_NAME, '1"><b>'
        )
    page = client_for(supervisor).get(reverse("admin:cases_case_changelist"))
    assert f'name="_selected_action" value="{case.pk}"' in page.content.decode()


def test_the_participant_changelist_filters_by_province_from_a_dropdown(caseworker, supervisor):
    make_participant(caseworker, origin_regency_id="62.71")  # Palangka Raya, Kalimantan Tengah
    make_participant(caseworker, origin_regency_id="35.07")  # Malang, Jawa Timur
    url = reverse("admin:cases_participant_changelist")
    page = client_for(supervisor).get(url, {"origin_regency__province__code__exact": "62"})
    assert page.context["cl"].result_count == 1
    assert '<option value="62" selected>' in page.content.decode()


def test_the_audit_log_filters_dates_by_a_range_without_scanning_the_log(
    caseworker, supervisor, django_assert_max_num_queries
):
    client_for(caseworker).get(make_case(caseworker).get_absolute_url())
    client = client_for(supervisor)
    url = reverse("admin:auditlog_logentry_changelist")
    today = timezone.localdate().isoformat()
    day = {"timestamp_from_0": today, "timestamp_from_1": "00:00", "timestamp_to_0": today, "timestamp_to_1": "23:59"}
    assert client.get(url, day).context["cl"].result_count == LogEntry.objects.count() > 0
    before = {"timestamp_to_0": "2000-01-01", "timestamp_to_1": "00:00"}
    assert client.get(url, before).context["cl"].result_count == 0
    with CaptureQueriesContext(connection) as page:
        client.get(url)
    assert not [query for query in page.captured_queries if "DATE_TRUNC" in query["sql"] or "MIN(" in query["sql"]]


def test_the_export_action_sends_the_selected_rows_and_is_audited(caseworker, supervisor):
    chosen = [make_case(caseworker), make_case(caseworker)]
    make_case(caseworker)
    response = client_for(supervisor).post(
        reverse("admin:cases_case_changelist"),
        {"action": "export_selected", "_selected_action": [case.pk for case in chosen]},
    )
    assert response.status_code == 200
    sheet = openpyxl.load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    numbers = [row[0] for row in sheet.iter_rows(min_row=2, values_only=True)]
    assert sorted(numbers) == sorted(case.number for case in chosen)
    entry = LogEntry.objects.filter(additional_data__event="export").get()
    assert entry.additional_data["detail"] == "admin selection of 2 rows"
    assert Case.objects.count() == 3


def test_the_audit_log_is_browsable_by_user_model_action_and_date(caseworker, caseworker2, supervisor):
    for worker in (caseworker, caseworker2):
        client_for(worker).get(make_case(worker).get_absolute_url())  # an access entry by that user
    client = client_for(supervisor)
    url = reverse("admin:auditlog_logentry_changelist")
    everything = client.get(url).context["cl"].result_count
    by_user = client.get(url, {"actor__id__exact": caseworker.pk}).context["cl"].result_count
    assert 0 < by_user < everything
    assert by_user == LogEntry.objects.filter(actor=caseworker).count()
    by_action = client.get(url, {"action__exact": LogEntry.Action.ACCESS}).context["cl"].result_count
    assert by_action == LogEntry.objects.filter(action=LogEntry.Action.ACCESS).count() == 2
    case_type = LogEntry.objects.filter(object_repr__startswith="KS-").first().content_type_id
    by_model = client.get(url, {"resource_type": case_type}).context["cl"].result_count
    assert by_model == LogEntry.objects.filter(content_type_id=case_type).count()
    today = LogEntry.objects.first().timestamp
    by_day = {"timestamp__year": today.year, "timestamp__month": today.month}
    assert client.get(url, by_day).status_code == 200
