"""The shared pieces that keep list pages fast: cached URLs, the date filter,
the permission backend and the filter form. Each must give what Django's own
way gives, only cheaper."""

import datetime

import pytest
from django.contrib.auth.backends import ModelBackend
from django.contrib.auth.models import AnonymousUser, Group, Permission
from django.core.exceptions import ImproperlyConfigured
from django.db import connection
from django.template import engines
from django.test.utils import CaptureQueriesContext, override_settings
from django.urls import NoReverseMatch, reverse, set_script_prefix
from django.utils import translation
from django.utils.html import format_html

from cases.filters import CaseFilter
from cases.models import Case, CaseStatus
from core.backends import PermissionBackend
from core.lists import links
from core.lists.filters import ListFilterForm
from core.lists.views import (
    ListColumn,
    _strftime_pattern,
    filter_form_html,
    queryset_for_columns,
    render_rows,
    short_date,
)
from core.models import User
from core.roles import Role
from tests.conftest import client_for, make_user
from tests.factories import make_case, record_departure


def test_cached_url_equals_reverse():
    assert links.url("home") == reverse("home")
    assert links.url("cases:case-detail", 7) == reverse("cases:case-detail", args=[7])
    assert links.url("cases:case-detail", 2_000_001) == reverse("cases:case-detail", args=[2_000_001])
    assert links.url("cases:participant-detail", 12) == reverse("cases:participant-detail", args=[12])


def test_cached_url_follows_the_script_prefix_and_a_changed_urlconf():
    assert links.url("cases:case-detail", 3) == "/cases/3/"
    set_script_prefix("/dinsos/")  # the app served under a sub-path
    try:
        assert links.url("cases:case-detail", 3) == "/dinsos/cases/3/" == reverse("cases:case-detail", args=[3])
    finally:
        set_script_prefix("/")
    with override_settings(ROOT_URLCONF="tests.urls_without_cases"):
        with pytest.raises(NoReverseMatch):
            links.url("cases:case-detail", 3)
    assert links.url("cases:case-detail", 3) == "/cases/3/"


def test_cached_url_refuses_what_reverse_refuses():
    links.url("home")  # cached without a key first: a key must still be refused
    with pytest.raises(NoReverseMatch):
        links.url("home", 3)
    links.url("cases:case-detail", 5)
    with pytest.raises(NoReverseMatch):
        links.url("cases:case-detail")


@override_settings(ROOT_URLCONF="tests.urls_without_cases")
def test_cached_url_refuses_a_url_that_rewrites_the_key():
    with pytest.raises(ValueError, match="does not put its argument"):
        links.url("thing", 3)


def test_cached_url_needs_an_integer_key():
    with pytest.raises(ValueError):
        links.url("cases:case-detail", "3/../../admin")


@pytest.mark.parametrize("language", ["id", "en"])
@pytest.mark.parametrize(
    "value",
    [
        datetime.date(2026, 3, 5),
        datetime.date(1999, 12, 31),
        # 20:30 UTC is the next day in Asia/Jakarta: both must say so.
        datetime.datetime(2026, 3, 5, 20, 30, tzinfo=datetime.UTC),
    ],
)
def test_short_date_equals_djangos_date_filter(language, value):
    django = engines["django"].from_string('{{ value|date:"SHORT_DATE_FORMAT" }}')
    with translation.override(language):
        assert short_date(value) == django.render({"value": value})


@pytest.mark.parametrize(
    "value",
    [datetime.date(999, 1, 2), datetime.datetime(2026, 3, 5, 23, 30)],  # noqa: DTZ001 (a naive date-time on purpose)
    ids=["year-999", "naive-datetime"],
)
def test_short_date_equals_djangos_date_filter_at_the_edges(value):
    django = engines["django"].from_string('{{ value|date:"SHORT_DATE_FORMAT" }}')
    assert short_date(value) == django.render({"value": value})


def test_short_date_of_nothing():
    assert short_date(None) == "–"
    assert short_date(None, empty="") == ""


def test_short_date_leaves_named_formats_to_django():
    assert _strftime_pattern("d-m-Y") == "%d-%m-%Y"
    assert _strftime_pattern("d.m.y H:i") == "%d.%m.%y %H:%M"
    assert _strftime_pattern("j F Y") is None  # month names need Django's formatter
    assert _strftime_pattern(r"\d d") is None  # an escape
    assert _strftime_pattern("%d") is None  # a literal percent sign


def test_rows_escape_text_and_keep_markup():
    columns = [
        ListColumn("Name", lambda person: person["name"]),
        ListColumn("Link", lambda person: format_html('<a href="{}">{}</a>', person["url"], "open"), css="card-end"),
    ]
    people = [{"name": '<script>alert("x")</script>', "url": "/p/1/?a=1&b=2"}]
    html = render_rows(columns, people, row_css=lambda person: "table-danger")
    assert html == (
        '<tr class="table-danger"><td>&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;</td>'
        '<td class="card-end"><a href="/p/1/?a=1&amp;b=2">open</a></td></tr>'
    )
    assert render_rows(columns, [], row_css=lambda person: "") == ""
    hostile = render_rows(
        [ListColumn("Name", lambda person: "x", css='a" onclick="evil()')], [{}], row_css=lambda person: '"><b'
    )
    assert 'onclick="' not in hostile and "<b" not in hostile


@pytest.mark.django_db
def test_backend_grants_what_djangos_backend_grants():
    user = make_user("nurul", Role.CASEWORKER)
    user.user_permissions.add(Permission.objects.get(codename="approve_closure"))
    ours, django = PermissionBackend(), ModelBackend()
    expected = django.get_all_permissions(User.objects.get(pk=user.pk))
    assert "cases.approve_closure" in expected and "cases.view_case" in expected
    assert ours.get_all_permissions(User.objects.get(pk=user.pk)) == expected
    admin = make_user("root", is_superuser=True)
    assert ours.get_all_permissions(admin) == django.get_all_permissions(User.objects.get(pk=admin.pk))
    user.is_active = False
    assert ours.get_all_permissions(user) == set()


@pytest.mark.django_db
def test_backend_reads_the_user_with_her_roles_in_one_query(django_assert_num_queries):
    user = make_user("nurul", Role.SUPERVISOR)
    with django_assert_num_queries(1):
        loaded = PermissionBackend().get_user(user.pk)
        assert loaded.roles == {Role.SUPERVISOR.value}
    assert make_user("tanpa-peran").roles == frozenset()
    assert PermissionBackend().get_user(make_user("lagi").pk).roles == frozenset()
    assert PermissionBackend().get_user(999_999) is None


@pytest.mark.django_db
def test_backend_refuses_an_inactive_user():
    user = make_user("nurul", Role.CASEWORKER)
    User.objects.filter(pk=user.pk).update(is_active=False)
    assert PermissionBackend().get_user(user.pk) is None


@pytest.mark.django_db
def test_filter_form_marks_bad_input_and_styles_every_widget(rf, supervisor):
    request = rf.get("/cases/")
    request.user = supervisor
    filterset = CaseFilter({"opened_min": "31-02-2026", "status": "nope"}, queryset=Case.objects.all(), request=request)
    assert not filterset.is_valid()
    form = filterset.form
    assert isinstance(form, ListFilterForm)
    assert set(form.errors) == {"opened", "status"}
    html = str(form["opened"])
    assert html.count("form-control is-invalid") == 2 and 'aria-invalid="true"' in html
    assert 'class="form-select is-invalid"' in str(form["status"])
    assert 'class="form-select"' in str(form["priority"])
    assert 'class="form-control"' in str(form["q"])


@pytest.mark.django_db
def test_filter_forms_do_not_share_fields(rf, supervisor):
    request = rf.get("/cases/")
    request.user = supervisor
    first = CaseFilter({"status": "nope"}, queryset=Case.objects.all(), request=request)
    second = CaseFilter({"status": CaseStatus.ACTIVE}, queryset=Case.objects.all(), request=request)
    assert not first.is_valid() and second.is_valid()
    assert "is-invalid" in str(first.form["status"]) and "is-invalid" not in str(second.form["status"])
    assert first.form.fields["status"] is not second.form.fields["status"]


def test_cached_filter_form_follows_a_changed_role(supervisor):
    url = reverse("cases:case-list")
    assert 'name="caseworker"' in client_for(supervisor).get(url).content.decode()
    supervisor.groups.clear()
    supervisor.groups.add(Group.objects.get(name=Role.CASEWORKER.value))
    assert 'name="caseworker"' not in client_for(supervisor).get(url).content.decode()


def test_cached_filter_form_is_per_user_and_query(caseworker, supervisor):
    make_case(caseworker)
    url = reverse("cases:case-list")
    assert 'name="caseworker"' in client_for(supervisor).get(url).content.decode()
    # Same page and query, another user: her own form (no caseworker filter), not the cached one.
    assert 'name="caseworker"' not in client_for(caseworker).get(url).content.decode()
    page = client_for(supervisor).get(url + "?q=Siti").content.decode()
    assert 'name="q" value="Siti"' in page
    page = client_for(supervisor).get(url + "?q=Rina").content.decode()
    assert 'name="q" value="Rina"' in page and 'value="Siti"' not in page


def test_filter_form_cache_key_holds_user_permissions_query_and_language(rf, caseworker, caseworker2):
    renders = []

    def form(user, path="/cases/?status=active&after=abc", language="id"):
        request = rf.get(path)
        request.user = User.objects.get(pk=user.pk)  # her permissions read afresh, as on a new request
        with translation.override(language):
            return filter_form_html(request, lambda: renders.append(1) or f"<form>{len(renders)}</form>")

    assert form(caseworker) == "<form>1</form>"
    assert form(caseworker, "/cases/?status=active&before=xyz") == "<form>1</form>"  # the cursor is not the query
    assert form(caseworker2) == "<form>2</form>"  # same role, same query: another user
    assert form(caseworker, "/cases/?status=closed") == "<form>3</form>"
    assert form(caseworker, "/cases/follow-ups/?status=active") == "<form>4</form>"
    assert form(caseworker, language="en") == "<form>5</form>"
    caseworker.user_permissions.add(Permission.objects.get(codename="approve_closure"))
    assert form(caseworker) == "<form>6</form>"  # same user, other permissions


def test_filter_form_is_not_cached_for_anonymous(rf):
    request = rf.get("/cases/")
    request.user = AnonymousUser()
    renders = []
    for _ in range(2):
        filter_form_html(request, lambda: renders.append(1) or "<form></form>")
    assert len(renders) == 2


@pytest.mark.django_db
def test_a_list_column_must_say_what_it_reads():
    with pytest.raises(ImproperlyConfigured, match="does not say which fields"):
        queryset_for_columns(Case.objects.all(), [ListColumn("Number", lambda case: case.number)])
    with pytest.raises(ImproperlyConfigured, match="foreign keys only"):
        queryset_for_columns(Case.objects.all(), [ListColumn("Steps", str, fields=("follow_ups__due_on",))])


def test_lists_load_only_what_their_columns_read(caseworker, supervisor, django_assert_num_queries):
    case = make_case(caseworker, summary="not shown in the list")
    record_departure(caseworker, case)
    for url in (reverse("cases:case-list"), reverse("cases:follow-up-list"), reverse("cases:participant-list")):
        with CaptureQueriesContext(connection) as queries:
            assert client_for(supervisor).get(url).status_code == 200
        rows_query = next(q["sql"] for q in queries.captured_queries if "LIMIT 26" in q["sql"])
        # Not read by any column: the case summary, the participant's address, the caseworker's password.
        for column in ('"summary"', '"address"', '"password"', '"notes"'):
            assert column not in rows_query, (url, column)
