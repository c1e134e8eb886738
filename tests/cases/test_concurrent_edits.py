"""Two people save the same case at the same moment: one wins, the other is told.

On PostgreSQL the two saves run truly in parallel, in two threads with their
own connections, meeting at a barrier after both have loaded the case.
"""

import threading

import pytest
from django.db import connection, connections

from cases.models import Case
from core.locking import ConcurrentEditError, save_versioned
from tests.factories import make_case


@pytest.mark.django_db(transaction=True)
def test_two_sessions_save_the_same_case_one_is_refused(caseworker):
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL's row locks and real parallel connections")
    case_id = make_case(caseworker, summary="original").pk
    barrier = threading.Barrier(2)
    results: dict[str, str] = {}

    def edit(name: str) -> None:
        try:
            mine = Case.objects.get(pk=case_id)  # both load version 1
            barrier.wait(timeout=10)
            mine.summary = f"saved by {name}"
            save_versioned(mine, expected_version=1, update_fields=["summary", "updated_at"])
            results[name] = "saved"
        except ConcurrentEditError:
            results[name] = "refused"
        finally:
            connections.close_all()

    threads = [threading.Thread(target=edit, args=(name,)) for name in ("first", "second")]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)

    assert sorted(results.values()) == ["refused", "saved"]
    winner = next(name for name, result in results.items() if result == "saved")
    case = Case.objects.get(pk=case_id)
    assert case.summary == f"saved by {winner}"
    assert case.version == 2
