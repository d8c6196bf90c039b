"""config/sqlite: write transactions queue on a file lock beside the database, released at commit, rollback or close."""

import threading
import time

import pytest

from config.sqlite.base import DatabaseWrapper, fcntl

pytestmark = pytest.mark.skipif(fcntl is None, reason="POSIX file locks only")


@pytest.fixture(autouse=True)
def own_databases(django_db_blocker):
    """These tests open their own SQLite files, not the test database."""
    with django_db_blocker.unblock():
        yield


def wrapper(path):
    settings = {
        "ENGINE": "config.sqlite", "NAME": str(path), "OPTIONS": {"transaction_mode": "IMMEDIATE"},
        "TIME_ZONE": None, "CONN_MAX_AGE": 0, "CONN_HEALTH_CHECKS": False, "AUTOCOMMIT": True, "ATOMIC_REQUESTS": False,
        "USER": "", "PASSWORD": "", "HOST": "", "PORT": "", "TEST": {},
    }
    return DatabaseWrapper(settings, alias="writer-test")


def begin(db):
    """What ``transaction.atomic`` does on SQLite: BEGIN IMMEDIATE on a connection left in autocommit."""
    db.ensure_connection()
    db._start_transaction_under_autocommit()


def test_a_second_writer_waits_for_the_first_one_to_commit(tmp_path):
    path = tmp_path / "db.sqlite3"
    setup = wrapper(path)
    setup.cursor().execute("CREATE TABLE t (n INTEGER)")
    setup.close()
    log, first_began, release = [], threading.Event(), threading.Event()

    def first():
        db = wrapper(path)
        begin(db)
        db.cursor().execute("INSERT INTO t VALUES (1)")
        first_began.set()
        release.wait(5)
        log.append("first commits")
        db.commit()
        db.close()

    def second():
        db = wrapper(path)
        first_began.wait(5)
        begin(db)  # waits here, in the kernel
        log.append("second began")
        db.cursor().execute("INSERT INTO t VALUES (2)")
        db.commit()
        db.close()

    threads = [threading.Thread(target=first), threading.Thread(target=second)]
    for t in threads:
        t.start()
    time.sleep(0.2)
    assert log == []  # the second writer is still waiting
    release.set()
    for t in threads:
        t.join(5)
    assert log == ["first commits", "second began"]
    check = wrapper(path)
    assert [row[0] for row in check.cursor().execute("SELECT n FROM t ORDER BY n").fetchall()] == [1, 2]
    check.close()


@pytest.mark.parametrize("end", ["rollback", "close"])
def test_the_lock_is_released_by_a_rollback_or_a_close(tmp_path, end):
    path = tmp_path / "db.sqlite3"
    db = wrapper(path)
    begin(db)
    getattr(db, end)()
    other = wrapper(path)
    done = threading.Event()

    def take():
        o = wrapper(path)
        begin(o)
        o.rollback()
        o.close()
        done.set()

    threading.Thread(target=take).start()
    assert done.wait(2)
    other.close()
    db.close()


def test_an_in_memory_database_takes_no_lock():
    db = wrapper(":memory:")
    begin(db)
    assert db._writer_fd is None
    db.rollback()
