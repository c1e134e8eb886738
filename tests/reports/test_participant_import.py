import datetime
import hashlib
import io

import openpyxl
import pytest
from auditlog.models import LogEntry
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from cases.models import Participant
from tests.conftest import client_for
from tests.factories import PNG_BYTES, make_participant

URL = reverse("imports:participants")
HEADER = ["Nama lengkap", "Nama panggilan", "Jenis kelamin (P/L)", "Tempat lahir", "Tanggal lahir (dd-mm-yyyy)",
          "NIK", "Kabupaten/kota asal (kode atau nama)", "Alamat"]  # fmt: skip
ROWS = [
    ["Rina Marlina", "Rin", "P", "Malang", "05-06-1995", "3507014506950001", "35.07", "Jl. Mawar 1"],  # 2 new
    ["Dewi Sartika", "", "P", "", "", "", "Kota Palangka Raya", ""],  # 3 new (no NIK, no date)
    ["Ani Lestari", "", "P", "", "01-01-1990", "6271010101900001", "62.71", ""],  # 4 duplicate by NIK
    ["siti  aminah", "", "P", "", "12-03-1990", "", "", ""],  # 5 duplicate by name and birth date
    ["Budi", "", "L", "", "01-01-1991", "12345", "", ""],  # 6 malformed NIK
    ["Citra", "", "P", "", "01-01-1992", "٣٥٠٧٠١٤٥٠٦٩٥٠٠٠٢", "", ""],  # 7 malformed NIK (not ASCII digits)
    ["Eka", "", "P", "", "01-01-1993", "", "Atlantis", ""],  # 8 unknown regency
    ["Fitri", "", "P", "", "31-02-1990", "", "", ""],  # 9 unreadable date
    ["Rina Marlina", "", "P", "", "05-06-1995", "", "", ""],  # 10 duplicate of row 2 in the same file
]
EXPECTED = {2: "new", 3: "new", 4: "duplicate", 5: "duplicate", 6: "error", 7: "error", 8: "error", 9: "error",
            10: "duplicate"}  # fmt: skip


def xlsx_bytes(rows, header=HEADER) -> bytes:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(header)
    for row in rows:
        sheet.append(row)
    output = io.BytesIO()
    workbook.save(output)
    return output.getvalue()


def csv_bytes(rows, header=HEADER) -> bytes:
    lines = [",".join(f'"{cell}"' for cell in line) for line in [header, *rows]]
    return ("\ufeff" + "\n".join(lines) + "\n").encode()


def upload(client, content: bytes, name: str = "daftar.xlsx"):
    return client.post(URL, {"file": SimpleUploadedFile(name, content)})


@pytest.fixture
def existing(caseworker):
    make_participant(caseworker)  # Siti Aminah, 12-03-1990
    return make_participant(caseworker, full_name="Ani L.", nik="6271010101900001")


def outcomes(response) -> dict[int, str]:
    return {row.line: row.outcome for row in response.context["checks"]}


@pytest.mark.parametrize(("maker", "name"), [(xlsx_bytes, "daftar.xlsx"), (csv_bytes, "daftar.csv")])
def test_the_preview_says_what_each_row_will_do_and_writes_nothing(existing, supervisor, maker, name):
    before = Participant.objects.count()
    response = upload(client_for(supervisor), maker(ROWS), name)
    assert response.status_code == 200
    assert outcomes(response) == EXPECTED
    reasons = {row.line: " ".join(row.reasons) for row in response.context["checks"]}
    assert "NIK" in reasons[4] and "NIK" in reasons[6] and "Atlantis" in reasons[8] and "31-02-1990" in reasons[9]
    assert Participant.objects.count() == before


def test_confirming_writes_exactly_the_new_rows_and_audits_the_checksum(existing, supervisor):
    client = client_for(supervisor)
    content = xlsx_bytes(ROWS)
    payload = upload(client, content).context["payload"]
    before = Participant.objects.count()
    response = client.post(URL, {"payload": payload, "confirm": ""})
    assert response.status_code == 302
    assert Participant.objects.count() == before + 2
    rina = Participant.objects.get(nik="3507014506950001")
    assert (rina.full_name, rina.origin_regency_id, rina.created_by) == ("Rina Marlina", "35.07", supervisor)
    assert Participant.objects.get(full_name="Dewi Sartika").origin_regency_id == "62.71"
    entry = LogEntry.objects.filter(additional_data__event="import").get()
    assert hashlib.sha256(content).hexdigest() in entry.additional_data["detail"]
    assert "written=2" in entry.additional_data["detail"]
    # The same confirmation sent again (a double submit), or the same file uploaded again, writes nothing.
    client.post(URL, {"payload": payload, "confirm": ""})
    client.post(URL, {"payload": upload(client, content).context["payload"], "confirm": ""})
    assert Participant.objects.count() == before + 2


def test_cancelling_writes_nothing(existing, supervisor):
    client = client_for(supervisor)
    payload = upload(client, xlsx_bytes(ROWS)).context["payload"]
    before = Participant.objects.count()
    client.post(URL, {"payload": payload, "cancel": ""})
    assert Participant.objects.count() == before
    assert "cancelled" in LogEntry.objects.get(additional_data__event="import").additional_data["detail"]


def test_an_altered_or_borrowed_preview_writes_nothing(existing, supervisor, admin_user):
    payload = upload(client_for(supervisor), xlsx_bytes(ROWS)).context["payload"]
    before = Participant.objects.count()
    client_for(supervisor).post(URL, {"payload": payload[:-3] + "abc", "confirm": ""})
    client_for(admin_user).post(URL, {"payload": payload, "confirm": ""})
    assert Participant.objects.count() == before


def _formula_xlsx() -> bytes:
    return xlsx_bytes([['=HYPERLINK("http://x","klik")', "", "P", "", "", "", "", ""]])


@pytest.mark.parametrize(
    ("content", "name", "message"),
    [
        (_formula_xlsx(), "daftar.xlsx", "formula"),
        (csv_bytes([["@SUM(1+1)", "", "P", "", "", "", "", ""]]), "daftar.csv", "formula"),
        (b"PK\x03\x04" + b"\x00" * 100, "daftar.xlsx", "XLSX"),
        (PNG_BYTES, "daftar.xlsx", "XLSX"),
        (PNG_BYTES, "daftar.png", "XLSX"),
        ("Nama lengkap\nÀ".encode("latin-1"), "daftar.csv", "UTF-8"),
        (b"a" * (2 * 1024 * 1024 + 1), "daftar.csv", "2 MB"),
        (csv_bytes([], header=["kolom", "lain"]), "daftar.csv", "header"),
        (csv_bytes([]), "daftar.csv", "no rows"),
    ],
    ids=["xlsx-formula", "csv-formula", "broken-zip", "png-as-xlsx", "png", "not-utf8", "huge", "no-header", "empty"],
)
def test_a_hostile_file_is_refused_cleanly(supervisor, content, name, message):
    with_english = client_for(supervisor, language="en")
    response = upload(with_english, content, name)
    assert response.status_code == 400
    assert message.lower() in " ".join(response.context["form"].errors["file"]).lower()
    assert not Participant.objects.exists()


def test_the_template_can_be_filled_in_and_imported(supervisor):
    client = client_for(supervisor)
    response = client.get(reverse("imports:participants-template"))
    workbook = openpyxl.load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    sheet = workbook.active
    sheet.append(["Lia", "", "P", "", "02-02-1992", "3507014202920003", "35.07", ""])
    output = io.BytesIO()
    workbook.save(output)
    assert outcomes(upload(client, output.getvalue())) == {2: "new"}


def test_the_preview_takes_a_fixed_number_of_queries(existing, supervisor, django_assert_max_num_queries):
    client = client_for(supervisor)
    upload(client, xlsx_bytes(ROWS[:1]))
    with django_assert_max_num_queries(12) as few:
        upload(client, xlsx_bytes(ROWS))
    many = [[f"Orang {n}", "", "P", "", "01-01-1990", f"35070101019{n:05d}", "35.07", ""] for n in range(300)]
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert len(upload(client, xlsx_bytes(many)).context["checks"]) == 300


def test_the_participant_changelist_links_to_the_import(supervisor, admin_user):
    for user in (supervisor, admin_user):
        response = client_for(user).get(reverse("admin:cases_participant_changelist"))
        assert URL.encode() in response.content


@pytest.mark.parametrize("persona", ["caseworker", "inspector", "coordinator"])
def test_other_roles_cannot_import(personas, persona):
    response = upload(client_for(personas[persona]), xlsx_bytes(ROWS[:2]))
    assert response.status_code == 403
    assert not Participant.objects.exists()


def test_anonymous_is_sent_to_the_login(db):
    response = upload(client_for(None), xlsx_bytes(ROWS[:2]))
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


SAID = [
    "2 participants imported.",
    "1 participants imported.",
    "This file has already been imported: nothing was written.",
]


def _confirm_and_read_message(client, payload: str) -> str:
    """The message the page shows after the confirmation (read from the page: the test client's
    captured context is shared between threads)."""
    client.post(URL, {"payload": payload, "confirm": ""})
    page = client.get(URL).content.decode()
    return " ".join(message for message in SAID if message in page)


def _confirm_in_a_thread(supervisor, payload: str, barrier, said: list[str]) -> None:
    from django.db import connections

    try:
        client = client_for(supervisor, language="en")
        barrier.wait(timeout=10)
        said.append(_confirm_and_read_message(client, payload))
    except Exception as error:  # noqa: BLE001 (the assertion below shows it)
        said.append(repr(error))
    finally:
        connections.close_all()


@pytest.mark.django_db(transaction=True)
def test_two_confirmations_at_the_same_moment_write_the_rows_once(supervisor):
    """Two tabs (or a double click) confirming the same preview at once, on two connections."""
    import threading

    from core.models import SpreadsheetImport

    for round_ in range(5):
        rows = [[f"Tanpa NIK {round_}", "", "P", "", "", "", "62.71", ""], [f"Rina {round_}", *[""] * 7]]
        payload = upload(client_for(supervisor, language="en"), xlsx_bytes(rows)).context["payload"]
        before = Participant.objects.count()
        barrier, said = threading.Barrier(2), []
        threads = [
            threading.Thread(target=_confirm_in_a_thread, args=(supervisor, payload, barrier, said)) for _n in range(2)
        ]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=30)
        assert sorted(said) == [SAID[0], SAID[2]], (round_, said)
        assert Participant.objects.count() == before + 2, round_
    assert SpreadsheetImport.objects.count() == 5
    assert list(SpreadsheetImport.objects.values_list("written", flat=True)) == [2] * 5


def test_a_second_confirmation_says_so_and_writes_nothing(supervisor):
    client = client_for(supervisor, language="en")
    payload = upload(client, xlsx_bytes([["Dewi", "", "P", "", "", "", "", ""]])).context["payload"]
    assert _confirm_and_read_message(client, payload) == "1 participants imported."
    assert _confirm_and_read_message(client, payload) == "This file has already been imported: nothing was written."
    assert Participant.objects.filter(full_name="Dewi").count() == 1


def test_a_name_already_registered_without_a_birth_date_is_a_duplicate(caseworker, supervisor):
    """participant_register refuses the same name with no date of birth either: the preview says so
    beforehand, and the confirmation writes the other rows instead of failing on that one."""
    make_participant(caseworker, full_name="Dewi Sartika", birth_date=None)
    client = client_for(supervisor)
    rows = [["dewi  sartika", "", "P", "", "", "", "", ""], ["Maya", "", "P", "", "", "", "", ""]]
    response = upload(client, xlsx_bytes(rows))
    assert outcomes(response) == {2: "duplicate", 3: "new"}
    before = Participant.objects.count()
    assert client.post(URL, {"payload": response.context["payload"], "confirm": ""}).status_code == 302
    assert Participant.objects.count() == before + 1
    assert Participant.objects.filter(full_name__iexact="dewi sartika").count() == 1


def test_rows_are_checked_again_at_the_confirmation(caseworker, supervisor):
    """A person registered in another tab after the preview is not written twice: the confirmation
    checks every row again and writes the rows still new, and says how many."""
    client = client_for(supervisor, language="en")
    rows = [["Rina Marlina", "", "P", "", "05-06-1995", "", "", ""], ["Maya", "", "P", "", "", "", "", ""]]
    payload = upload(client, xlsx_bytes(rows)).context["payload"]
    make_participant(caseworker, full_name="Rina Marlina", birth_date=datetime.date(1995, 6, 5))  # another tab
    response = client.post(URL, {"payload": payload, "confirm": ""}, follow=True)
    assert [str(message) for message in response.context["messages"]] == ["1 participants imported."]
    assert Participant.objects.filter(full_name="Rina Marlina").count() == 1
    assert Participant.objects.filter(full_name="Maya").count() == 1
