"""The lifecycle migrations on a database that already holds duplicates.

The constraints are dropped inside the test's transaction (PostgreSQL's DDL is
transactional, so the rollback restores them), duplicates are written as they
could have been before 0006/0007, and the migrations' clean-up steps run on them.
"""

import datetime
import importlib

import pytest
from django.apps import apps
from django.db import connection

from cases.models import Case, Consent, FollowUp
from tests.factories import make_case, make_consent, make_participant, record_departure

lifecycle = importlib.import_module("cases.migrations.0006_lifecycle_constraints_and_cancelled_follow_ups")
consents = importlib.import_module("cases.migrations.0007_consent_one_active_per_purpose")

pytestmark = pytest.mark.skipif(connection.vendor != "postgresql", reason="transactional DDL")


def drop(model, name: str) -> None:
    constraint = next(c for c in model._meta.constraints if c.name == name)
    with connection.schema_editor() as editor:
        editor.remove_constraint(model, constraint)


def test_repeated_follow_ups_are_cancelled_not_deleted(caseworker):
    case = make_case(caseworker)
    record_departure(caseworker, case)
    first = case.follow_ups.order_by("due_on").first()
    drop(FollowUp, "followup_one_per_case_and_day")
    spare = FollowUp.objects.create(case=case, due_on=first.due_on)
    count = FollowUp.objects.count()

    lifecycle.resolve_duplicates(apps, None)

    assert FollowUp.objects.count() == count
    spare.refresh_from_db()
    first.refresh_from_db()
    assert spare.cancelled_on == first.due_on
    assert first.cancelled_on is None


def test_a_second_open_case_stops_the_migration_with_its_ids(caseworker):
    case = make_case(caseworker)
    drop(Case, "case_one_open_per_participant")
    second = Case.objects.get(pk=case.pk)  # a copy written as a double submit once could
    second.pk, second.number = None, case.number + "-B"
    second.save()

    with pytest.raises(RuntimeError) as refused:
        lifecycle.resolve_duplicates(apps, None)

    assert "open cases of one participant" in str(refused.value)
    assert str(case.pk) in str(refused.value) and str(second.pk) in str(refused.value)


def test_a_clean_database_passes_untouched(caseworker):
    case = make_case(caseworker)
    record_departure(caseworker, case)
    before = list(FollowUp.objects.values_list("id", "cancelled_on"))

    lifecycle.resolve_duplicates(apps, None)

    assert list(FollowUp.objects.values_list("id", "cancelled_on")) == before


def test_an_older_consent_to_the_same_purpose_is_withdrawn(caseworker):
    participant = make_participant(caseworker)
    newest = make_consent(caseworker, participant)
    drop(Consent, "consent_one_active_per_purpose")
    older = Consent.objects.get(pk=newest.pk)  # a copy written as a double submit once could
    older.pk, older.given_on = None, newest.given_on - datetime.timedelta(days=30)
    older.save()

    consents.withdraw_superseded(apps, None)

    older.refresh_from_db()
    newest.refresh_from_db()
    assert older.withdrawn_on == newest.given_on
    assert newest.withdrawn_on is None
