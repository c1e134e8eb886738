"""Generated hostile query strings for every list, export and admin changelist: never a server error.

The targets and their parameters are discovered, so a new list or ModelAdmin is covered without
touching this file: every URL whose view is a FilteredListView or FilteredExportView (its
FilterSet's fields, the sort and paging-cursor parameters, the export's format), and every
registered ModelAdmin's changelist (its filters' parameters with their real values, search,
ordering, paging, date hierarchy and field lookups). The values mix real ones with what an
attacker or a mangled link sends: NUL characters, unicode digits, forged cursors, huge and
malformed numbers and dates, long strings. The answer may be the page, its form's error, a
redirect or a 400; never a 5xx, and an export never ends with the incomplete-file marker.

tests/test_hostile_input.py holds the cases found by hand.
"""

import base64
import json
from urllib.parse import parse_qsl, urlencode

import pytest
from django.contrib import admin
from django.contrib.admin.views.main import ORDER_VAR, PAGE_VAR, SEARCH_VAR
from django.db import transaction
from django.test import RequestFactory
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from core.admin_base import ChangeList
from core.lists.csv_export import INCOMPLETE_MARKER
from core.lists.views import CURSOR_PARAMS, FilteredExportView, FilteredQuerysetMixin
from tests.conftest import client_for, make_persona
from tests.factories import make_case, make_commitment, make_consent, make_referral, record_departure

# A few hundred requests in all: enough to meet every parameter with every kind of bad value.
LIST_EXAMPLES = 25
ADMIN_EXAMPLES = 10
# Besides the generated strings, each parameter alone with each of these (each was a 500 once).
SWEEP_VALUES = ["\x00", "²"]

HYPOTHESIS = settings(
    max_examples=LIST_EXAMPLES,
    deadline=None,
    database=None,  # nothing written to the work tree; failures print the example to reproduce
    derandomize=True,  # the same examples on every run: CI is not flaky, a failure reproduces
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow, HealthCheck.data_too_large],
)


def _cursor(raw: str) -> str:
    return base64.urlsafe_b64encode(raw.encode()).decode().rstrip("=")


HOSTILE_VALUES = [
    "",
    " ",
    "\x00",
    "62\x00",
    "²",
    "٣",
    "１２",
    "-1",
    "0",
    "1.5",
    "99999999999999999999999",
    "-99999999999999999999999",
    "1e400",
    "NaN",
    "Infinity",
    "31-02-2026",
    "99-99-9999",
    "00-00-0000",
    "01-01-0001",
    "31-12-9999",
    "²²-01-2026",
    "2026-01-01",
    "' OR 1=1 --",
    "=1+1",
    "%",
    "_",
    "\\",
    "<script>alert(1)</script>",
    "x" * 3000,
    "true",
    "null",
    "[]",
]
# Text without lone surrogates (they cannot be sent in a URL at all).
TEXT = st.text(st.characters(exclude_categories=["Cs"]), max_size=40)
JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | TEXT,
    lambda children: st.lists(children, max_size=3) | st.dictionaries(TEXT, children, max_size=2),
    max_leaves=6,
)
CURSORS = st.one_of(
    st.lists(JSON_VALUES, max_size=3).map(lambda values: _cursor(json.dumps(values))),
    st.sampled_from(["[" * 5000, "[1, 2", "{}", '["2026-01-01", NaN]', '["2026-01-01\\u0000", 1]']).map(_cursor),
    TEXT,
)


def values(real: list[str]) -> st.SearchStrategy[str]:
    """A parameter's value: one of its real values, one spoilt, a known-bad one, or any text."""
    real_values = st.sampled_from(real or ["1"])
    spoilt = st.tuples(real_values, st.sampled_from(["\x00", "²", "'", " " * 3, "x" * 300])).map("".join)
    return st.one_of(real_values, spoilt, st.sampled_from(HOSTILE_VALUES), TEXT, st.integers().map(str))


def query_strings(params: dict[str, list[str]], extra: dict[str, st.SearchStrategy[str]]) -> st.SearchStrategy[str]:
    """A query string of some of the known parameters (sometimes twice), sometimes unknown ones."""
    known = {name: values(real) for name, real in params.items()} | extra
    pair = st.sampled_from(sorted(known)).flatmap(lambda name: st.tuples(st.just(name), known[name]))
    unknown = st.tuples(TEXT.filter(bool), values([]))
    return st.lists(st.one_of(pair, pair, pair, unknown), max_size=6).map(urlencode)


def sweep(client, url: str, names) -> None:
    for name in names:
        for value in SWEEP_VALUES:
            assert_no_server_error(client, url, urlencode({name: value}))


def assert_no_server_error(client, url: str, query: str) -> None:
    # Each request in a savepoint rolled back after it: exports write audit entries, and one
    # request's failed query must not spoil the next example's.
    with transaction.atomic():
        response = client.get(f"{url}?{query}")
        assert response.status_code < 500, (url, query)
        if getattr(response, "streaming", False):
            body = b"".join(response.streaming_content)
            assert INCOMPLETE_MARKER.encode() not in body, (url, query)
        transaction.set_rollback(True)


# --- Lists and exports of the apps --------------------------------------------------------------


def list_routes() -> list[str]:
    """The URL name of every list and export view (routes without path parameters)."""
    names = []

    def walk(patterns, namespace: str) -> None:
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                walk(pattern.url_patterns, f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace)
            elif isinstance(pattern, URLPattern) and pattern.name and not pattern.pattern.converters:
                view_class = getattr(pattern.callback, "view_class", None)
                if view_class and issubclass(view_class, FilteredQuerysetMixin):
                    names.append(namespace + pattern.name)

    walk(get_resolver().url_patterns, "")
    return sorted(names)


def test_every_list_of_cases_is_found():
    assert {
        "cases:case-list",
        "cases:case-export",
        "cases:participant-list",
        "cases:participant-export",
        "cases:follow-up-list",
        "cases:follow-up-export",
    } <= set(list_routes())


def filter_params(view_class, user) -> dict[str, list[str]]:
    """Each query parameter of the view's FilterSet (a date range has two) with its real values."""
    request = RequestFactory().get("/")
    request.user = user
    model = view_class.filterset_class._meta.model
    filterset = view_class.filterset_class(None, queryset=model.objects.none(), request=request)
    params = {}
    for name, filter_ in filterset.filters.items():
        field = filter_.field
        real = [str(value) for value, _label in getattr(field, "choices", []) if value not in ("", None)]
        if (queryset := getattr(field, "queryset", None)) is not None:
            real = [str(pk) for pk in queryset.model._default_manager.values_list("pk", flat=True)[:5]]
        for suffix in getattr(field.widget, "widgets_names", [""]):
            params[name + suffix] = real
    return params


@pytest.fixture
def sample_records(db):
    """A few records of every kind, so every list has rows and every filter has real values."""
    users = {name: make_persona(name) for name in ("caseworker", "supervisor", "admin")}
    worker = users["caseworker"]
    case = make_case(worker)
    record_departure(worker, case)
    make_commitment(worker, case)
    make_referral(worker, case)
    make_consent(worker, case.participant)
    make_case(worker)
    return users


@pytest.mark.parametrize("name", list_routes())
def test_lists_and_exports_never_fail_on_a_hostile_query_string(sample_records, name):
    view_class = get_resolver().resolve(reverse(name)).func.view_class
    url = reverse(name)
    clients = {persona: client_for(sample_records[persona]) for persona in ("caseworker", "supervisor")}
    params = filter_params(view_class, sample_records["supervisor"])  # supervisors get every filter
    extra = {"sort": st.one_of(st.sampled_from(sorted(view_class.sort_options)), values([]))}
    extra |= dict.fromkeys(CURSOR_PARAMS, CURSORS)
    if issubclass(view_class, FilteredExportView):
        extra["format"] = st.one_of(st.sampled_from(view_class.formats), values([]))

    sweep(clients["supervisor"], url, [*params, *extra])

    @HYPOTHESIS
    @given(persona=st.sampled_from(sorted(clients)), query=query_strings(params, extra))
    def check(persona: str, query: str) -> None:
        assert_no_server_error(clients[persona], url, query)

    check()


# --- Admin changelists --------------------------------------------------------------------------


def changelists() -> list[str]:
    """app_label.model_name of every registered ModelAdmin."""
    return sorted(f"{model._meta.app_label}.{model._meta.model_name}" for model in admin.site._registry)


def test_every_changelist_is_found():
    assert {"cases.case", "cases.participant", "core.user", "auditlog.logentry"} <= set(changelists())


def test_every_changelist_turns_an_unreadable_filter_value_into_the_invalid_filter_notice(rf, admin_user):
    request = rf.get("/")
    request.user = admin_user
    for model, model_admin in admin.site._registry.items():
        assert issubclass(model_admin.get_changelist(request), ChangeList), (
            f"{model}: subclass core.admin_base.ModelAdmin"
        )


# Field lookups any changelist takes in its query string (Django validates them itself).
LOOKUPS = ("__exact", "__gte", "__in", "__isnull")


def changelist_params(model_admin, user) -> dict[str, list[str]]:
    """The changelist's own parameters, with the values its filters offer."""
    request = RequestFactory().get("/")
    request.user = user
    changelist = model_admin.get_changelist_instance(request)
    params: dict[str, list[str]] = {PAGE_VAR: ["1", "2"], ORDER_VAR: ["1", "-1", "2.-1"], "e": ["1"], "all": [""]}
    if model_admin.get_search_fields(request):
        params[SEARCH_VAR] = ["a", "1"]
    for spec in changelist.filter_specs:
        for name in spec.expected_parameters():
            params.setdefault(name, [])
        for choice in spec.choices(changelist):
            for name, value in parse_qsl(choice["query_string"].lstrip("?")):
                if name in spec.expected_parameters() and value not in params[name]:
                    params[name].append(value)
    if hierarchy := model_admin.date_hierarchy:
        for part in ("year", "month", "day"):
            params[f"{hierarchy}__{part}"] = ["2026", "1", "12", "31"]
    for field in model_admin.model._meta.concrete_fields:
        for lookup in LOOKUPS:
            params[f"{field.attname}{lookup}"] = []
    return params


@pytest.mark.parametrize("changelist", changelists())
def test_admin_changelists_never_fail_on_a_hostile_query_string(sample_records, changelist):
    app_label, model_name = changelist.split(".")
    model_admin = next(
        model_admin
        for model, model_admin in admin.site._registry.items()
        if (model._meta.app_label, model._meta.model_name) == (app_label, model_name)
    )
    admin_user = sample_records["admin"]
    url = reverse(f"admin:{app_label}_{model_name}_changelist")
    client = client_for(admin_user)
    params = changelist_params(model_admin, admin_user)
    sweep(client, url, [name for name in params if not name.endswith(LOOKUPS)])

    @settings(HYPOTHESIS, max_examples=ADMIN_EXAMPLES)
    @given(query=query_strings(params, {}))
    def check(query: str) -> None:
        assert_no_server_error(client, url, query)

    check()
