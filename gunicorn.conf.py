"""gunicorn's settings for this application: gunicorn reads ``./gunicorn.conf.py`` from the directory it starts in
(``./start``, the production command in the README and the benchmark all start it from here).

Workers: two sync workers per core the process may run on, or ``WEB_CONCURRENCY`` when set. gunicorn's own default
is one worker, which leaves the cores idle while a request waits for the database: on the 2-core benchmark machine
one worker registered 95–120 items a second, four workers 200–290 (docs/benchmarks.md). Three and six workers were
no faster than four there.
"""

import os


def default_workers() -> int:
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)
    return 2 * cores


workers = int(os.environ.get("WEB_CONCURRENCY") or default_workers())
