"""Imports running at the same time as other imports and as readers of the tables (PostgreSQL:
each thread has a connection, and so a transaction, of its own)."""

import threading

import pytest
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext

from consultations.imports import ImportFailed, responses_import
from consultations.models import Respondent
from consultations.tables import consultation_tables
from tests.helpers import csv_file

pytestmark = [
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
    pytest.mark.skipif(connection.vendor != "postgresql", reason="row locks and snapshots are PostgreSQL's"),
]


class _Held(threading.Thread):
    """Imports a file in a transaction of its own and holds it open until told to commit."""

    def __init__(self, consultation, *rows):
        super().__init__()
        self.consultation, self.rows = consultation, rows
        self.imported, self.commit = threading.Event(), threading.Event()

    def run(self):
        try:
            with transaction.atomic():
                responses_import(consultation=self.consultation, file=csv_file(*self.rows))
                self.imported.set()
                self.commit.wait(30)
        finally:
            connection.close()


class _Import(threading.Thread):
    def __init__(self, consultation, *rows):
        super().__init__()
        self.consultation, self.rows, self.errors = consultation, rows, None

    def run(self):
        try:
            responses_import(consultation=self.consultation, file=csv_file(*self.rows))
        except ImportFailed as failed:
            self.errors = [(e.line, e.reason) for e in failed.result.errors]
        finally:
            connection.close()


def test_a_second_import_into_a_consultation_waits_for_the_first_and_is_checked_against_it(consultation):
    first = _Held(consultation, "R1,online,,Yes,,")
    first.start()
    assert first.imported.wait(30)
    second = _Import(consultation, "R2,online,,Yes,,", "R1,online,,No,,")
    second.start()
    second.join(2)
    assert second.is_alive(), "the second import waits while the first is uncommitted"
    first.commit.set()
    first.join(30)
    second.join(30)
    assert second.errors == [(3, "respondent 'R1' was already imported with different answers")]
    assert list(Respondent.objects.values_list("respondent_id", flat=True)) == ["R1"]


def test_imports_into_different_consultations_do_not_wait_for_each_other(consultation):
    from consultations.definition import consultation_load
    from tests.helpers import DEFINITION

    other = consultation_load(data=DEFINITION | {"slug": "other-consultation"})
    first = _Held(consultation, "R1,online,,Yes,,")
    first.start()
    assert first.imported.wait(30)
    second = _Import(other, "R1,online,,No,,")
    second.start()
    second.join(30)
    assert not second.is_alive() and second.errors is None
    first.commit.set()
    first.join(30)
    assert Respondent.objects.count() == 2


def test_readers_see_the_tables_from_before_an_import_or_after_it_never_half_of_each(consultation):
    responses_import(consultation=consultation, file=csv_file("R1,online,Policing,Yes,,"))
    importing = _Held(consultation, "R2,webinar,,No,More than 5,", "R3,online,Social care,Yes,,")
    importing.start()
    assert importing.imported.wait(30)
    with CaptureQueriesContext(connection) as queries:
        during = consultation_tables(consultation=consultation).as_dict()
    importing.commit.set()
    importing.join(30)
    after = consultation_tables(consultation=consultation).as_dict()

    assert during["responses"] == {"online": 1, "webinar": 0, "letter": 0, "total": 1}
    assert during["sectors"] == {"Social care": 0, "Policing": 1, "Did not answer": 0}
    assert during["questions"][0]["rows"][-1]["counts"] == {"Yes": 1, "No": 0, "Don't know": 0}
    assert after["responses"] == {"online": 2, "webinar": 1, "letter": 0, "total": 3}
    assert after["sectors"] == {"Social care": 1, "Policing": 1, "Did not answer": 0}
    assert after["questions"][0]["rows"][-1]["counts"] == {"Yes": 2, "No": 1, "Don't know": 0}
    # Every count from one statement, so from one snapshot: no commit can fall between two of them.
    counting = [q["sql"] for q in queries.captured_queries if Respondent._meta.db_table in q["sql"]]
    assert len(counting) == 1
