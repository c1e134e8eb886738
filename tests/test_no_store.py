"""Every page a signed-in user gets is marked `Cache-Control: no-store`: after logging out on a
shared office PC, the back button must not show a participant's page from the browser's cache."""

import pytest
from django.urls import reverse

from tests.access_matrix import MATRIX
from tests.conftest import client_for
from tests.test_access_matrix import samples  # noqa: F401 (the fixture)


@pytest.mark.parametrize("persona", ["caseworker", "supervisor", "admin"])
def test_every_page_of_a_signed_in_user_is_not_stored(persona, personas, samples):  # noqa: F811
    client = client_for(personas[persona])
    stored = []
    pages = 0
    for path, _answers in MATRIX.values():
        response = client.get(path.format(**samples))
        if response.status_code == 200 and response["Content-Type"].startswith("text/html"):
            pages += 1
            if "no-store" not in response.get("Cache-Control", ""):
                stored.append(path)
    assert pages > 20
    assert stored == []


def test_error_pages_and_downloads_keep_no_store(caseworker):
    client = client_for(caseworker)
    assert "no-store" in client.get("/cases/999999/")["Cache-Control"]  # the 404 page
    assert client.get(reverse("cases:case-export"))["Cache-Control"] == "private, no-store"
