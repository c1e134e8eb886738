import pytest
from django.utils import translation


@pytest.fixture(autouse=True)
def _english():
    """Service messages are asserted in English (the UI default is Indonesian)."""
    with translation.override("en"):
        yield
