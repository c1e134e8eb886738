import base64
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from pypdf import PdfReader

from core.models import OfficeProfile
from tests.conftest import client_for
from tests.factories import make_case, make_referral

# The smallest valid PNG (1x1, transparent).
PNG = base64.b64decode(
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg=="
)
CHANGE_URL = reverse("admin:core_officeprofile_change", args=[OfficeProfile.SINGLETON_ID])


def profile_form(**changes) -> dict:
    data = {
        "government": "Pemerintah Kota Palangka Raya",
        "name": "Dinas Sosial",
        "address": "Jl. RTA Milono Km. 3,5, Palangka Raya 73111",
        "phone": "(0536) 3221234",
        "email": "dinsos@example.go.id",
        "website": "dinsos.example.go.id",
        "head_title": "Kepala Dinas Sosial Kota Palangka Raya",
        "head_name": "Dra. Rahmawati Utami, M.Si.",
        "head_nip": "196805121990032004",
        "city": "Palangka Raya",
    }
    return {**data, **changes}


def test_the_migration_makes_the_one_profile_with_the_offices_name(db):
    profile = OfficeProfile.objects.get()
    assert profile.government == "Pemerintah Kota Palangka Raya"
    assert (profile.name, profile.city) == ("Dinas Sosial", "Palangka Raya")
    assert profile.head_name == "" and profile.address == ""


def test_a_letter_printed_after_the_administrator_changed_the_profile_shows_the_new_letterhead(admin_user, caseworker):
    referral = make_referral(caseworker, make_case(caseworker))
    logo = SimpleUploadedFile("lambang.png", PNG, content_type="image/png")

    response = client_for(admin_user).post(CHANGE_URL, profile_form(logo=logo, city="Kota Palangka Raya"))

    assert response.status_code == 302, response.content.decode()[:3000]
    client = client_for(caseworker)
    html = client.get(reverse("cases:referral-letter", args=[referral.pk])).content.decode()
    assert "Jl. RTA Milono Km. 3,5, Palangka Raya 73111" in html
    assert "Telepon (0536) 3221234 &middot; Pos-el dinsos@example.go.id &middot; dinsos.example.go.id" in html
    assert "Dra. Rahmawati Utami, M.Si." in html
    assert "NIP. 196805121990032004" in html
    assert "Kota Palangka Raya, " in html  # the date line
    assert f"data:image/png;base64,{base64.b64encode(PNG).decode()}" in html
    assert "logo-placeholder" not in html

    pdf = client.get(reverse("cases:referral-letter-pdf", args=[referral.pk]))
    text = " ".join(PdfReader(io.BytesIO(pdf.content)).pages[0].extract_text().split())
    assert "Jl. RTA Milono Km. 3,5" in text
    assert "Dra. Rahmawati Utami, M.Si." in text
    assert "196805121990032004" in text


def test_before_the_profile_is_filled_in_letters_leave_lines_for_the_head_of_office(caseworker):
    case = make_case(caseworker)

    html = client_for(caseworker).get(reverse("cases:commitment-form", args=[case.pk])).content.decode()

    assert "DINAS SOSIAL" in html and "logo-placeholder" in html
    assert 'NIP. <span class="blank"></span>' in html


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"head_nip": "1968-05"}, "head_nip"),
        ({"name": ""}, "name"),
        ({"logo": SimpleUploadedFile("lambang.png", b"%PDF-1.4 not an image", content_type="image/png")}, "logo"),
    ],
)
def test_a_bad_profile_is_refused_and_changes_nothing(admin_user, changes, field):
    response = client_for(admin_user).post(CHANGE_URL, profile_form(**changes))

    assert response.status_code == 200
    assert field in response.context["adminform"].form.errors
    assert OfficeProfile.objects.get().head_name == ""


def test_the_profile_is_neither_added_nor_deleted_in_the_admin(admin_user):
    client = client_for(admin_user)

    assert client.get(reverse("admin:core_officeprofile_add")).status_code == 403
    assert client.get(reverse("admin:core_officeprofile_delete", args=[1])).status_code == 403
    assert client.get(CHANGE_URL).status_code == 200
