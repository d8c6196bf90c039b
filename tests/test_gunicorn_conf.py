"""gunicorn.conf.py: the workers gunicorn starts with when the README's commands run it."""

import os
import runpy
from pathlib import Path

CONF = Path(__file__).resolve().parent.parent / "gunicorn.conf.py"


def workers(monkeypatch, concurrency: str | None) -> int:
    if concurrency is None:
        monkeypatch.delenv("WEB_CONCURRENCY", raising=False)
    else:
        monkeypatch.setenv("WEB_CONCURRENCY", concurrency)
    return runpy.run_path(str(CONF))["workers"]


def test_two_workers_per_core_the_process_may_use(monkeypatch):
    monkeypatch.setattr(os, "sched_getaffinity", lambda pid: {0, 1, 2}, raising=False)
    assert workers(monkeypatch, None) == 6


def test_web_concurrency_overrides_the_default(monkeypatch):
    assert workers(monkeypatch, "3") == 3


def test_an_empty_web_concurrency_keeps_the_default(monkeypatch):
    monkeypatch.setattr(os, "sched_getaffinity", lambda pid: {0, 1}, raising=False)
    assert workers(monkeypatch, "") == 4


def test_gunicorn_reads_it_from_the_project_directory():
    from gunicorn.config import Config

    assert Config().settings["config"].default == "./gunicorn.conf.py"
