"""core.masking: the one mask for personal numbers in everything we keep."""

import pytest

from core.masking import mask


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("6271010101900001", "6271••••••••0001"),
        ("6271 0101 0190 0001", "6271••••••••0001"),
        ("6271.0101.0190.0001", "6271••••••••0001"),
        ("q=6271+0101+0190+0001&status=active", "q=6271••••••••0001&status=active"),
        ("q=6271%200101%200190%200001", "q=6271••••••••0001"),
        ("/admin/cases/participant/?q=6271010101900001", "/admin/cases/participant/?q=6271••••••••0001"),
        ("q=6271010101", "q=6271••••••"),  # a partial number keeps only its first 4 digits
        ("opened_after=01-11-2026&opened_before=2026-11-30", "opened_after=01-11-2026&opened_before=2026-11-30"),
        ("2026-11-28 10:15:00.123456+07:00", "2026-11-28 10:15:00.123456+07:00"),
        ("/cases/12345/?page=2", "/cases/12345/?page=2"),
        ("Siti Aminah", "Siti Aminah"),
        ("", ""),
        (None, ""),
        ("None", "None"),
    ],
)
def test_personal_numbers_are_masked_and_nothing_else(text, expected):
    assert mask(text) == expected
