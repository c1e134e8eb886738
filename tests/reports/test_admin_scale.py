import datetime
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
from tests.conftest import client_for, make_user
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
    day = {"timestamp_from": today, "timestamp_to": today}
    assert client.get(url, day).context["cl"].result_count == LogEntry.objects.count() > 0
    before = {"timestamp_to": "2000-01-01"}
    assert client.get(url, before).context["cl"].result_count == 0
    with CaptureQueriesContext(connection) as page:
        client.get(url)
    # No pass over the whole log: date_hierarchy's MIN/MAX and DATE_TRUNC, or a DISTINCT of its kinds of record
    # for the filter (418 ms at a million entries; asked kind by kind, 2 ms).
    scans = ("DATE_TRUNC", "MIN(", "DISTINCT")
    assert not [query for query in page.captured_queries if any(scan in query["sql"] for scan in scans)]


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ({"created_at_to": "31-03-2026"}, ["late"]),  # 23:30 WIB on the last day: that day, both days included
        ({"created_at_from": "01-04-2026"}, ["early"]),  # 00:30 WIB on the 1st, still 31 March in UTC
        ({"created_at_from": "31/03/2026", "created_at_to": "2026-04-01"}, ["early", "late"]),  # as typed, or ISO
        ({"created_at_from": "02-04-2026"}, []),
        ({"created_at_to": "31-12-9999"}, ["early", "late"]),  # no day after it: no upper bound
        ({"created_at_from": "31-13-2026", "created_at_to": "x" * 5000}, ["early", "late"]),  # not days: ignored
    ],
)
def test_a_date_and_time_field_is_filtered_by_whole_days_in_jakarta(caseworker, supervisor, query, expected):
    wib = timezone.get_default_timezone()
    for name, moment in [("late", (2026, 3, 31, 23, 30)), ("early", (2026, 4, 1, 0, 30))]:
        participant = make_participant(caseworker, full_name=name)
        Participant.objects.filter(pk=participant.pk).update(created_at=datetime.datetime(*moment, tzinfo=wib))
    page = client_for(supervisor).get(reverse("admin:cases_participant_changelist"), query)
    assert page.status_code == 200
    assert sorted(participant.full_name for participant in page.context["cl"].result_list) == expected
    assert 'name="created_at_from"' in page.content.decode()
    assert 'name="created_at_from_0"' not in page.content.decode()  # no time inputs


def test_a_date_field_is_filtered_by_days_as_typed(caseworker, supervisor):
    for day in (1, 2, 3):
        Case.objects.filter(pk=make_case(caseworker).pk).update(opened_on=datetime.date(2026, 3, day))
    page = client_for(supervisor).get(
        reverse("admin:cases_case_changelist"), {"opened_on_from": "02-03-2026", "opened_on_to": "03/03/2026"}
    )
    assert sorted(case.opened_on.day for case in page.context["cl"].result_list) == [2, 3]


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


def _sidebar(user, language: str | None = None) -> list[tuple[str, str]]:
    page = client_for(user, language).get(reverse("admin:index"))
    return [
        (model["object_name"], str(model["name"])) for app in page.context["available_apps"] for model in app["models"]
    ]


def test_the_kept_list_of_models_follows_each_users_permissions_and_language(supervisor):
    from django.contrib.auth.models import Permission

    clerk = make_user("clerk", is_staff=True)
    assert ("Case", "Kasus") in _sidebar(supervisor)
    assert _sidebar(clerk) == []
    clerk.user_permissions.add(Permission.objects.get(codename="view_case"))
    assert _sidebar(clerk) == [("Case", "Kasus")]  # new permissions, a new list
    assert _sidebar(clerk, "en") == [("Case", "Cases")]
    assert ("Case", "Cases") in _sidebar(supervisor, "en")


@pytest.mark.parametrize("path", ["/admin/", "/admin/cases/case/", "/admin/cases/case/1/change/", "/admin/venues/"])
@pytest.mark.parametrize("language", ["id", "en"])
def test_the_sidebar_written_in_python_is_unfolds_markup(supervisor, rf, path, language):
    """core.templatetags.admin_sidebar stands in for admin/app_list.html in the sidebar: the same markup."""
    import re

    from django.template import engines
    from django.template.loader import get_template

    def markup(html: str) -> str:
        html = re.sub(r"\s*([<>])\s*", r"\1", re.sub(r"\s+", " ", html))
        return html.replace(' "', '"').strip()

    request = rf.get(path)
    request.user = supervisor
    with translation.override(language):
        apps = admin.site.get_app_list(request)
        context = {"request": request, "available_apps": apps}
        django_markup = get_template("admin/app_list.html").render({**context, "app_list": apps})
        ours = engines["django"].from_string("{% load admin_sidebar %}{% sidebar_app_list %}").render(context)
    assert markup(ours) == markup(django_markup)
    assert ("current-model" in ours) == ("/cases/case/" in path)


@pytest.mark.parametrize(
    ("url", "query"),
    [
        ("admin:cases_participant_changelist", {}),
        ("admin:cases_participant_changelist", {"origin_regency__province__code__exact": "62"}),
        ("admin:cases_participant_changelist", {"origin_regency__province__code__exact": '"><b>'}),
        ("admin:cases_participant_changelist", {"created_at_from": "01-11-2026", "created_at_to": '"><b>'}),
        ("admin:cases_case_changelist", {"opened_on_from": "2026-11-01", "opened_on_to": "30/11/2026"}),
        ("admin:auditlog_logentry_changelist", {"action__exact": "1", "timestamp_to": "29-11-2026"}),
    ],
)
@pytest.mark.parametrize("language", ["id", "en"])
def test_a_filter_rendered_once_is_unfolds_markup(supervisor, caseworker, url, query, language):
    """core.admin_scale.RenderedOnceMixin: the markup Unfold's templates would render, the chosen option
    marked and the typed days written in."""
    from django.template.loader import render_to_string

    admin_scale.RENDERED.clear()  # rendered during this request, not kept from another test
    client_for(caseworker).get(make_case(caseworker).get_absolute_url())  # something in the audit log
    page = client_for(supervisor, language).get(reverse(url), query)
    assert page.status_code == 200
    changelist = page.context["cl"]
    specs = [spec for spec in changelist.filter_specs if isinstance(spec, admin_scale.RenderedOnceMixin)]
    assert specs
    with translation.override(language):
        for spec in specs:
            ours = next(spec.choices(changelist))["html"]
            choices = list(super(admin_scale.RenderedOnceMixin, spec).choices(changelist))
            unfolds = render_to_string(spec.form_template, {"title": spec.title, "choices": choices, "spec": spec})
            assert ours == unfolds
            assert str(ours) in page.content.decode()
