"""Must show 5: a coordinator's training, through the real UI at desktop and at phone width.

She creates a cohort with a kit of one mixer and one blender, enrolls two
participants, marks attendance (big buttons, usable with a thumb), completes the
cohort, hands out the kit and prints the hand-over record; the caseworker then
sees the training and the equipment on her participant's case page, in
Indonesian and in English. Screenshots: coordinator-training-<step>-<viewport>.png.
"""

from django.utils import timezone
from playwright.sync_api import Page, expect

from tests.browser.helpers import BROWSER_TEST, fill_date, log_out, login, open_menu, switch_language
from tests.browser.test_case_workflow import assert_fits_the_screen
from tests.conftest import make_persona
from tests.trainings.factories import make_item, make_program, participant_with_open_case, receive
from trainings.models import Cohort, Handout

pytestmark = BROWSER_TEST


def test_coordinator_runs_a_training_and_the_case_shows_it(page: Page, base_url, console, screenshot, viewport):
    coordinator = make_persona("coordinator")
    caseworker = make_persona("caseworker")
    make_program("Membuat kue kering")
    mixer, blender = make_item("Mixer"), make_item("Blender")
    receive(coordinator, mixer, 2)
    receive(coordinator, blender, 2)
    ani = participant_with_open_case(caseworker, "Ani Rahmawati")
    budi = participant_with_open_case(caseworker, "Budi Lestari")

    def shot(step: str, role: str = "coordinator") -> None:
        screenshot(role, f"training-{step}")
        assert_fits_the_screen(page, viewport)

    login(page, "coordinator")
    expect(page.get_by_test_id("panel-coordinator")).to_be_visible()
    open_menu(page)
    page.get_by_test_id("nav").get_by_role("link", name="Pelatihan").click()
    expect(page.locator("h1")).to_have_text("Angkatan pelatihan")

    # 1. A cohort with a kit of one mixer and one blender.
    page.get_by_test_id("new").click()
    page.locator("#id_program").select_option(label="Membuat kue kering")
    page.locator("#id_name").fill("Kue kering angkatan uji")
    fill_date(page.locator("#id_starts_on"), timezone.localdate())
    fill_date(page.locator("#id_ends_on"), timezone.localdate())
    page.locator("#id_place").fill("Aula Dinas Sosial")
    page.locator("#id_capacity").fill("20")
    page.get_by_label("Mixer (buah)", exact=True).fill("1")
    page.get_by_label("Blender (buah)", exact=True).fill("1")
    page.locator("#id_budget-0-description").fill("Honor instruktur")
    page.locator("#id_budget-0-amount").fill("3000000")
    shot("01-cohort-form")
    page.get_by_test_id("save").click()
    expect(page.locator("h1")).to_contain_text("Kue kering angkatan uji")
    expect(page.get_by_test_id("kit")).to_contain_text("1 × Mixer")
    expect(page.get_by_test_id("kit")).to_contain_text("1 × Blender")
    expect(page.locator("body")).to_contain_text("Honor instruktur")
    page.get_by_test_id("status-running").click()
    expect(page.get_by_test_id("status-badge")).to_have_text("Berjalan")

    # 2. Enroll two participants.
    for participant in (ani, budi):
        page.get_by_test_id("enroll").click()
        page.locator("#id_participant").select_option(label=f"{participant.code} · {participant.full_name}")
        page.get_by_test_id("save").click()
        expect(page.get_by_test_id("trainees")).to_contain_text(participant.full_name)
    expect(page.get_by_test_id("places")).to_have_text("2/20")

    # 3. A session, and its attendance marked with big buttons.
    page.get_by_test_id("add-session").click()
    fill_date(page.locator("#id_held_on"), timezone.localdate())
    page.get_by_test_id("save").click()  # a new session opens its attendance grid
    rows = page.get_by_test_id("attendance-row")
    expect(rows).to_have_count(2)
    for index in range(2):
        row = rows.nth(index)
        row.locator("label", has_text="Tidak hadir").click()  # a slip of the thumb...
        row.locator("label", has_text="Hadir").first.click()  # ...put right
        box = row.locator("label", has_text="Hadir").first.bounding_box()
        assert box["height"] >= 44, "a button too small for a thumb"
    shot("02-attendance")
    page.get_by_test_id("save").click()
    expect(page.get_by_test_id("sessions")).to_contain_text("2 dari 2 hadir")
    cohort_url = page.url
    # The attendance list: the marks just made, filtered to this cohort.
    page.goto(f"{base_url}/trainings/attendance/?cohort={Cohort.objects.get().pk}")
    expect(page.locator("h1")).to_have_text("Kehadiran")
    expect(page.get_by_test_id("attendance-mark")).to_have_count(2)
    shot("02b-attendance-list")
    page.goto(cohort_url)

    # 4. Complete the cohort, then hand out the kit in one go.
    page.get_by_test_id("complete").click()
    expect(page.get_by_test_id("trainees")).to_contain_text("SERT-PEL")
    page.get_by_test_id("kit-hand-out").click()
    shot("03-kit")
    page.get_by_test_id("hand-out-kit").click()
    expect(page.locator(".alert-success")).to_contain_text("4 barang diserahkan")
    assert Handout.objects.count() == 4

    # 5. Print the hand-over record.
    page.get_by_test_id("handover-print").click()
    expect(page.get_by_test_id("handover-table")).to_contain_text("Ani Rahmawati")
    expect(page.get_by_test_id("handover-table")).to_contain_text("Blender")
    expect(page.locator("h1")).to_have_text("BERITA ACARA SERAH TERIMA BANTUAN PERALATAN USAHA")
    screenshot("coordinator", "training-04-handover")
    page.go_back()
    log_out(page)

    # 6. The caseworker's case page tells the same story.
    login(page, "caseworker")
    case = ani.cases.get()
    page.goto(case.get_absolute_url())
    record = page.get_by_test_id("training-record")
    expect(record).to_contain_text("Kue kering angkatan uji")
    expect(record).to_contain_text("Mixer")
    expect(record).to_contain_text("Blender")
    expect(page.locator("body")).to_contain_text("Menerima 1 × Mixer.")
    shot("05-case-id", role="caseworker")
    switch_language(page, "en")
    expect(page.get_by_test_id("training-record")).to_contain_text("Completed")
    expect(page.locator("body")).to_contain_text("Received 1 × Mixer.")
    shot("06-case-en", role="caseworker")
    assert Cohort.objects.get().enrollments.filter(status="completed").count() == 2
    assert console.errors() == []
