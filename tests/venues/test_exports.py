"""The downloads of the licences, the enforcement actions and the monthly round: the filtered rows
only, formula-safe, audited, named by what and when, and their queries flat as venues grow."""

import datetime
import io

import openpyxl
import pytest
from auditlog.models import LogEntry
from django.urls import reverse
from django.utils import timezone

from tests.conftest import client_for
from tests.venue_factories import make_inspection, make_license, make_team, make_venue, wib
from venues import services
from venues.demo import seed_scale
from venues.models import EnforcementAction, Inspection, InspectionOutcome, Venue
from venues.rounds import current_month, previous_month

EXPORTS = ["venues:license-export", "venues:enforcement-export", "venues:plan-export"]


def csv_lines(response) -> list[str]:
    assert response.status_code == 200
    return b"".join(response.streaming_content).decode("utf-8-sig").splitlines()


def xlsx_rows(response) -> list[tuple]:
    assert response.status_code == 200
    sheet = openpyxl.load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    return list(sheet.iter_rows(values_only=True))


@pytest.fixture
def team(inspector):
    return make_team(inspector)


@pytest.fixture
def reported(supervisor, inspector, team):
    """A venue of the inspector's team whose violation was reported 40 days ago: the reply is overdue."""
    venue = make_venue(supervisor, team, name="Karaoke Lapor")
    make_license(supervisor, venue)
    found = timezone.now() - datetime.timedelta(days=45)
    action = make_inspection(inspector, venue, violation=True, at=found).enforcement
    return services.enforcement_report(
        actor=supervisor,
        action=action,
        reported_on=timezone.localdate() - datetime.timedelta(days=40),
        report_number="300/9",
        expected_version=action.version,
    )


def test_the_licence_export_holds_the_filtered_rows_only(supervisor, team):
    kept = make_venue(supervisor, team, name="Karaoke Aktif")
    make_license(supervisor, kept)
    expired = make_venue(supervisor, team, name="Karaoke Kedaluwarsa")
    make_license(supervisor, expired, expires_on=timezone.localdate() - datetime.timedelta(days=1))

    lines = csv_lines(client_for(supervisor).get(reverse("venues:license-export") + "?status=expired"))

    assert len(lines) == 2
    assert "Karaoke Kedaluwarsa" in lines[1] and lines[1].endswith(",Kedaluwarsa")  # follows the date by itself


def test_the_enforcement_export_holds_the_overdue_rows_when_asked(supervisor, inspector, team, reported):
    other = make_venue(supervisor, team, name="Karaoke Baru Dilanggar")
    make_license(supervisor, other)
    make_inspection(inspector, other, violation=True)

    everything = csv_lines(client_for(supervisor).get(reverse("venues:enforcement-export")))
    overdue = csv_lines(client_for(supervisor).get(reverse("venues:enforcement-export") + "?overdue=yes"))

    assert len(everything) == 3
    assert len(overdue) == 2 and "Karaoke Lapor" in overdue[1] and "300/9" in overdue[1]
    header = overdue[0].split(",")
    assert overdue[1].split(",")[header.index("jawaban terlambat")] == "1"


def test_the_plan_export_holds_every_row_of_the_chosen_month_and_state(supervisor, inspector, team):
    month = previous_month(current_month())
    done = make_venue(supervisor, team, name="Karaoke Diperiksa")
    make_license(supervisor, done)
    make_inspection(inspector, done, at=wib(month.year, month.month, 10))
    late = make_venue(supervisor, team, name="Karaoke Terlambat")
    make_license(supervisor, late)
    query = f"?month={month:%Y-%m}"

    everything = csv_lines(client_for(supervisor).get(reverse("venues:plan-export") + query))
    overdue = csv_lines(client_for(supervisor).get(reverse("venues:plan-export") + query + "&state=overdue"))

    assert len(everything) == 3
    assert len(overdue) == 2 and "Karaoke Terlambat" in overdue[1] and overdue[1].split(",")[5] == "Lewat jatuh tempo"
    inspected = next(line for line in everything if "Karaoke Diperiksa" in line).split(",")
    assert inspected[3:6] == ["Aktif", "Pemeriksaan rutin bulanan", "Sudah diperiksa"]
    assert inspected[8].startswith(f"{month:%Y-%m}-10T21:00")


def test_the_plan_export_in_english_and_as_xlsx(supervisor, inspector, team):
    venue = make_venue(supervisor, team, name="Karaoke Planned")
    make_license(supervisor, venue)
    today = timezone.localdate()
    services.round_assign(actor=supervisor, venue=venue, month=today, team=team, planned_on=today)

    rows = xlsx_rows(client_for(supervisor, "en").get(reverse("venues:plan-export") + "?format=xlsx"))

    assert rows[0][:4] == ("venue id", "venue", "district", "licence status")
    assert (
        rows[1][1] == "Karaoke Planned"
        and rows[1][3] == "Active"
        and rows[1][6] == datetime.datetime.combine(today, datetime.time())
    )
    assert rows[1][7] == team.name


@pytest.mark.parametrize("name", EXPORTS)
def test_exports_neutralise_formulas(name, supervisor, inspector, team):
    venue = make_venue(supervisor, team, name='=HYPERLINK("http://x","klik")')
    make_license(supervisor, venue)
    make_inspection(inspector, venue, violation=True)

    lines = csv_lines(client_for(supervisor).get(reverse(name)))
    rows = xlsx_rows(client_for(supervisor).get(reverse(name) + "?format=xlsx"))

    assert len(lines) == 2 and "'=HYPERLINK" in lines[1] and ",=HYPERLINK" not in lines[1]
    assert any(str(cell).startswith("'=HYPERLINK") for cell in rows[1])


@pytest.mark.parametrize("name", EXPORTS)
def test_an_inspector_downloads_her_teams_venues_only(name, supervisor, inspector, team):
    for venue_team, venue_name in ((team, "Karaoke Tim Saya"), (make_team(), "Karaoke Tim Lain")):
        venue = make_venue(supervisor, venue_team, name=venue_name)
        make_license(supervisor, venue)
        make_inspection(supervisor, venue, violation=True)

    text = "\n".join(csv_lines(client_for(inspector).get(reverse(name))))

    assert "Karaoke Tim Saya" in text and "Karaoke Tim Lain" not in text


@pytest.mark.parametrize(
    ("name", "query", "language", "stem"),
    [
        ("venues:license-export", "", "id", "izin-usaha"),
        ("venues:license-export", "", "en", "licences"),
        ("venues:enforcement-export", "", "id", "tindakan-penegakan"),
        ("venues:enforcement-export", "", "en", "enforcement-actions"),
        ("venues:plan-export", "?month=2026-03", "id", "pengawasan-bulanan-2026-03"),
        ("venues:plan-export", "?month=2026-03", "en", "monthly-round-2026-03"),
        ("venues:venue-export", "", "id", "tempat-usaha"),
        ("venues:inspection-export", "", "en", "inspections"),
    ],
)
def test_a_download_is_named_by_what_and_when(name, query, language, stem, supervisor):
    response = client_for(supervisor, language).get(reverse(name) + query)

    assert response["Content-Disposition"] == f'attachment; filename="{stem}-{timezone.localdate().isoformat()}.csv"'


@pytest.mark.parametrize("name", EXPORTS)
def test_exports_are_audited(name, inspector, team):
    client_for(inspector).get(reverse(name) + "?month=2026-03&format=xlsx")

    entry = LogEntry.objects.get(additional_data__event="export")
    assert entry.actor == inspector
    assert entry.additional_data["detail"] == "month=2026-03&format=xlsx"


@pytest.mark.parametrize(
    ("page", "export"),
    [
        ("venues:license-list", "venues:license-export"),
        ("venues:enforcement-list", "venues:enforcement-export"),
        ("venues:plan", "venues:plan-export"),
    ],
)
def test_each_list_page_links_its_downloads_with_its_filters(page, export, inspector, team):
    query = "?month=2026-03&state=overdue" if page == "venues:plan" else "?district=62.71.01"
    body = client_for(inspector).get(reverse(page) + query).content.decode()

    assert f'href="{reverse(export)}{query.replace("&", "&amp;")}"' in body
    assert f'href="{reverse(export)}{query.replace("&", "&amp;")}&amp;format=xlsx"' in body


@pytest.mark.parametrize("persona", ["caseworker", "coordinator"])
@pytest.mark.parametrize("name", EXPORTS)
def test_roles_without_venues_get_no_download(name, persona, personas):
    response = client_for(personas[persona]).get(reverse(name))

    assert response.status_code == 403
    assert not LogEntry.objects.filter(additional_data__event="export").exists()


def add_enforcement(count: int) -> None:
    """An enforcement action for the first violation of `count` venues that have none (volume, in bulk)."""
    inspections = (
        Inspection.objects.filter(outcome=InspectionOutcome.VIOLATION, enforcement__isnull=True)
        .exclude(venue__enforcement_actions__isnull=False)
        .order_by("venue_id", "inspected_at")
        .distinct("venue_id")[:count]
    )
    EnforcementAction.objects.bulk_create(
        EnforcementAction(venue_id=inspection.venue_id, inspection=inspection) for inspection in inspections
    )


# Measured: 5 for the licences and enforcement actions (CSV or XLSX), 10 for the monthly round
# (its four loads, the month's plans, the venues' licences and last inspections).
QUERY_BUDGET = 10


def test_export_queries_stay_flat_from_10_to_1000_venues(personas, django_assert_max_num_queries):
    supervisor, inspector = personas["supervisor"], personas["inspector"]
    make_team(inspector, name="Tim Uji")  # the first team: synthetic venues are spread over the first four
    urls = [reverse(name) + suffix for name in EXPORTS for suffix in ("", "?format=xlsx")]
    clients = [client_for(supervisor), client_for(inspector)]

    def counts() -> list[int]:
        found = []
        for client in clients:
            for url in urls:
                client.get(url)  # warm up (session, permissions)
                with django_assert_max_num_queries(QUERY_BUDGET) as captured:
                    response = client.get(url)
                    body = b"".join(response.streaming_content)
                assert response.status_code == 200 and body.count(b"\n") > 1
                found.append(len(captured))
        return found

    seed_scale(10, log=lambda message: None, months=2)
    add_enforcement(10)
    small = counts()
    seed_scale(990, log=lambda message: None, months=2)
    add_enforcement(1000)
    assert Venue.objects.count() == 1000 and EnforcementAction.objects.count() >= 25
    assert counts() == small


def test_the_enforcement_export_follows_the_month_and_decision_filters(supervisor, inspector, team, reported):
    found = timezone.localtime(reported.inspection.inspected_at)
    url = reverse("venues:enforcement-export")
    client = client_for(supervisor)

    assert len(csv_lines(client.get(url + f"?month={found:%Y-%m}"))) == 2
    assert len(csv_lines(client.get(url + "?month=2001-01"))) == 1
    assert len(csv_lines(client.get(url + "?decision=revocation"))) == 1
    services.enforcement_decide(
        actor=supervisor,
        action=reported,
        replied_on=timezone.localdate(),
        decision="revocation",
        decree_number="503/1",
        effective_on=timezone.localdate(),
        expected_version=reported.version,
    )
    assert len(csv_lines(client.get(url + "?decision=revocation"))) == 2
