"""Benchmark of issue 2: a million petitions in SQLite and PostgreSQL.

Reports (per database):
- generation of N synthetic items (items/s);
- registration through HTTP against gunicorn: items/s, one client and 4 concurrent clients, and the CPU ms each
  registration cost the server, the database server and the client;
- the overdue worklist of one unit and a content search: p50 / p95 server time (Server-Timing header);
- the ledger export of 100,000 rows (seconds, peak memory growth).

Usage:
    .venv/bin/python bench/bench_petitions.py --db sqlite --count 1000000
    .venv/bin/python bench/bench_petitions.py --db postgres --count 1000000
The server runs on the interpreter that runs this script: to measure another one, give it its own virtual
environment (``PYTHON=/usr/bin/python3 ./test`` in a clone, or ``python -m venv`` and requirements-bench.txt) and run
the script with that environment's python.
Add --reuse to skip generation when the database already holds the data. Results are printed as JSON and appended to
bench/results/ (not committed); docs/benchmarks.md records them by hand with date and machine.
"""

from __future__ import annotations

import argparse
import http.cookiejar
import json
import os
import platform
import re
import resource
import socket
import statistics
import subprocess
import sys
import threading
import time
import urllib.parse
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable  # the server and every manage.py step run on the interpreter that runs the benchmark
RESULTS = ROOT / "bench" / "results"


def env_for(db: str) -> dict:
    env = dict(os.environ, DJANGO_SETTINGS_MODULE="config.settings.local", PYTHONPATH=str(ROOT))
    if db == "postgres":
        env["DATABASE_URL"] = "postgres://postgres@127.0.0.1:5432/xinfang_bench"
    else:
        env.pop("DATABASE_URL", None)
        env["XINFANG_DATA_DIR"] = str(ROOT / "bench" / "data")
    return env


def manage(env, *args, capture=False):
    cmd = [PYTHON, str(ROOT / "manage.py"), *args]
    if capture:
        return subprocess.run(cmd, env=env, check=True, capture_output=True, text=True).stdout
    subprocess.run(cmd, env=env, check=True)


def prepare(db: str, count: int, reuse: bool) -> dict:
    env = env_for(db)
    if not reuse:
        if db == "postgres":
            subprocess.run(["psql", "-h", "127.0.0.1", "-U", "postgres", "-qc", "DROP DATABASE IF EXISTS xinfang_bench"], check=True)
            subprocess.run(["psql", "-h", "127.0.0.1", "-U", "postgres", "-qc", "CREATE DATABASE xinfang_bench"], check=True)
        else:
            data = ROOT / "bench" / "data"
            for f in data.glob("xinfang.sqlite3*"):
                f.unlink()
    manage(env, "migrate", "--noinput", "-v0")
    timings = {}
    if not reuse:
        manage(env, "load_demo", "--items", "0")  # units, categories and the demo logins, no items
        started = time.perf_counter()
        manage(env, "generate_petitions", "--count", str(count))
        elapsed = time.perf_counter() - started
        timings["generate_seconds"] = round(elapsed, 1)
        timings["generate_items_per_s"] = round(count / elapsed)
    return timings


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Server:
    def __init__(self, db: str, workers: int | None = None):
        """gunicorn as deployed: its settings from ``gunicorn.conf.py`` (four workers on two cores) unless
        ``workers`` is given."""
        self.port = free_port()
        self.env = env_for(db)
        self.proc = subprocess.Popen(
            [PYTHON, "-m", "gunicorn", "config.wsgi", "--bind", f"127.0.0.1:{self.port}",
             *(["--workers", str(workers)] if workers else []), "--log-level", "warning"],
            env=self.env, cwd=ROOT,
        )
        deadline = time.time() + 30
        while time.time() < deadline:
            try:
                urllib.request.urlopen(self.url("/login/"), timeout=2)
                return
            except OSError:
                time.sleep(0.2)
        raise RuntimeError("server did not start")

    def url(self, path: str) -> str:
        return f"http://127.0.0.1:{self.port}{urllib.parse.quote(path, safe='/?&=')}"

    def stop(self):
        self.proc.terminate()
        self.proc.wait(timeout=20)


class Client:
    """A logged-in browser-like client on urllib (no extra dependency)."""

    def __init__(self, server: Server, username: str, password: str = "demo1234"):
        self.server = server
        self.jar = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.jar), NoRedirect())
        self.get("/login/")
        self.post("/login/", {"username": username, "password": password})

    def csrf(self) -> str:
        return next(c.value for c in self.jar if c.name == "csrftoken")

    def get(self, path: str):
        with self.opener.open(self.server.url(path), timeout=60) as response:
            return response, response.read()

    def post(self, path: str, data: dict):
        body = urllib.parse.urlencode({**data, "csrfmiddlewaretoken": self.csrf()}).encode()
        request = urllib.request.Request(self.server.url(path), data=body, headers={"Referer": self.server.url(path)})
        try:
            with self.opener.open(request, timeout=60) as response:
                return response.status, response.read()
        except urllib.error.HTTPError as exc:
            return exc.code, exc.read()


class FormPoster:
    """Posts forms as a logged-in ``Client`` would, on a plain socket: a new connection per request, the session and
    CSRF cookies, the Referer, the url-encoded form; it reads the whole response and keeps the status.

    The load generator shares the two cores with the server and the database. urllib, its cookie jar and its
    redirect handling cost 0.9 ms of CPU per request, as much as a tenth of a registration; this costs about 0.3 ms,
    so the figure is the server's. It sends no cookie it was given in a response, like a browser that shows the
    one-time "registered" message on the next page and drops it.
    """

    def __init__(self, client: Client):
        cookies = {c.name: c.value for c in client.jar}
        self.address = ("127.0.0.1", client.server.port)
        self.csrf = cookies["csrftoken"]
        self.head = (
            "POST {path} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nConnection: close\r\n"
            f"Cookie: sessionid={cookies['sessionid']}; csrftoken={self.csrf}\r\n"
            "Referer: http://127.0.0.1:{port}{path}\r\n"
            "Content-Type: application/x-www-form-urlencoded\r\nContent-Length: {length}\r\n\r\n"
        )

    def post(self, path: str, data: dict) -> int:
        body = urllib.parse.urlencode({**data, "csrfmiddlewaretoken": self.csrf}).encode()
        head = self.head.format(path=path, port=self.address[1], length=len(body)).encode()
        with socket.create_connection(self.address, timeout=60) as sock:
            sock.sendall(head + body)
            chunks = []
            while chunk := sock.recv(65536):
                chunks.append(chunk)
        return int(b"".join(chunks).split(b" ", 2)[1])


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None

    def http_error_302(self, req, fp, code, msg, headers):
        return fp

    http_error_301 = http_error_303 = http_error_302


def server_ms(response) -> float:
    match = re.search(r"dur=([\d.]+)", response.headers.get("Server-Timing", ""))
    return float(match.group(1)) if match else float("nan")


def registration_form(refs: dict, n: int) -> dict:
    return {
        "channel": "letter", "received_on": refs["today"], "headcount": "1", "received_level": "own",
        "source": "direct", "title": f"反映拖欠工资问题{n}", "content": f"某建筑工地拖欠农民工工资，涉及金额{n}元，请求协调解决。",
        "content_type": "appeal_demand", "category": refs["category"], "place": refs["place"],
        "petitioners-TOTAL_FORMS": "1", "petitioners-INITIAL_FORMS": "0",
        "petitioners-MIN_NUM_FORMS": "1", "petitioners-MAX_NUM_FORMS": "60",
        "petitioners-0-name": "测试人", "petitioners-0-phone": f"139{n:08d}",
    }


def reference_ids(env) -> dict:
    out = manage(env, "shell", "-c", (
        "import json, datetime; from organisation.models import Unit; from petitions.models import Category; "
        "from django.utils import timezone; from petitions.models import Petition; "
        "u = Unit.objects.get(name='化子坪镇'); "
        "print(json.dumps({'place': u.pk, 'category': Category.objects.filter(parent__isnull=True).first().pk, "
        "'today': timezone.localdate().isoformat(), 'unit': u.pk, 'max_id': Petition.objects.order_by('-pk').values_list('pk', flat=True).first()}))"
    ), capture=True)
    return json.loads(out.strip().splitlines()[-1])


def cpu_seconds(pid: int) -> float:
    """User + system CPU time of a process so far (Linux /proc); 0 once it has gone."""
    try:
        with open(f"/proc/{pid}/stat") as f:
            fields = f.read().rsplit(")", 1)[1].split()
    except FileNotFoundError:
        return 0.0
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


class CpuMeter:
    """CPU seconds used by the processes that match ``pattern`` between ``start`` and ``stop``, counting those
    started in between (a worker's first connection starts a PostgreSQL backend) from zero."""

    def __init__(self, pattern: str, also: tuple[int, ...] = ()):
        self.pattern, self.also = pattern, also

    def _now(self) -> dict[int, float]:
        return {pid: cpu_seconds(pid) for pid in {*processes(self.pattern), *self.also}}

    def start(self):
        self.before = self._now()

    def stop(self) -> float:
        return sum(seconds - self.before.get(pid, 0.0) for pid, seconds in self._now().items())


def processes(pattern: str) -> list[int]:
    found = subprocess.run(["pgrep", "-f", pattern], capture_output=True, text=True).stdout.split()
    return [int(pid) for pid in found]


def bench_registration(server: Server, refs: dict, total: int, clients: int) -> dict:
    """Items per second, and the CPU milliseconds each registration cost the server, the database server and this
    client: on two cores they share, 200 per second leaves 10 ms in all."""
    per_client = total // clients
    sessions = [FormPoster(Client(server, "registrar")) for _ in range(clients)]
    errors = []

    def run(index: int, client: FormPoster):
        for i in range(per_client):
            status = client.post("/register/", registration_form(refs, index * 1_000_000 + i))
            if status != 302:
                errors.append(status)

    elapsed, cpu_ms_each = run_measured(server, [(run, (i, c)) for i, c in enumerate(sessions)], per_client * clients)
    if errors:
        raise RuntimeError(f"{len(errors)} registrations failed: {errors[:5]}")
    return {"per_s": round(per_client * clients / elapsed), "cpu_ms_each": cpu_ms_each}


def run_measured(server: Server, runs: list, done: int) -> tuple[float, dict]:
    """Run each ``(function, args)`` of ``runs`` in a thread of its own, all at once: the seconds it took and the
    CPU milliseconds that each of the ``done`` operations cost gunicorn's processes, PostgreSQL's (every one of the
    machine; none on SQLite) and this client."""
    threads = [threading.Thread(target=function, args=args) for function, args in runs]
    workers = CpuMeter(f"gunicorn config.wsgi --bind 127.0.0.1:{server.port}", also=(server.proc.pid,))
    database = CpuMeter("postgres:")
    workers.start(), database.start()
    client_before = time.process_time()
    started = time.perf_counter()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    elapsed = time.perf_counter() - started
    used = workers.stop(), database.stop(), time.process_time() - client_before
    server_ms, database_ms, client_ms = (round(seconds * 1000 / done, 2) for seconds in used)
    return elapsed, {"server": server_ms, "database": database_ms, "client": client_ms}


def remove_registrations(env, max_id: int) -> int:
    """Delete the items the benchmark registered (ids above ``max_id``), so that the next run reads the same data.

    Their attachments (rows and stored files) and outbox messages go with them (bench/bench_online.py). Left in
    place, they would be the newest items — thousands about one topic (拖欠工资) — and weigh on every
    "newest first" search of later runs. The rollups follow the deletes (their triggers).
    """
    code = (
        "from django.db import connection, transaction; from petitions.models import *; "
        f"new = Petition.objects.filter(pk__gt={max_id}); "
        "people = list(Petitioner.objects.filter(parties__petition__in=new).values_list('pk', flat=True)); "
        "n = new.count()\n"
        "from attachments.models import Attachment; from notices.models import Message\n"
        "files = Attachment.objects.filter(petition__in=new)\n"
        "for a in files: a.file.delete(save=False)\n"
        "with transaction.atomic():\n"
        "    files.delete(); Message.objects.filter(petition__in=new).delete()\n"
        "    PetitionEvent.objects.filter(petition__in=new).delete(); PetitionParty.objects.filter(petition__in=new).delete()\n"
        "    PetitionSearchText.objects.filter(petition__in=new).delete()\n"
        "    if connection.vendor == 'sqlite':\n"
        f"        connection.cursor().execute('DELETE FROM petition_fts WHERE rowid > %s', [{max_id}])\n"
        "    new.delete(); Petitioner.objects.filter(pk__in=people, parties__isnull=True).delete()\n"
        "print('REMOVED', n)"
    )
    out = manage(env, "shell", "-c", code, capture=True)
    return int(out.strip().splitlines()[-1].split()[1])


def percentile(values, q):
    values = sorted(values)
    return values[min(len(values) - 1, int(round(q * (len(values) - 1))))]


def bench_reads(server: Server, paths: list[str], username: str, repeat: int) -> dict:
    client = Client(server, username)
    for _ in range(3 * 4):  # warm up: every path on each of the 4 workers (templates compiled, reference data read)
        for path in paths:
            client.get(path)
    times = []
    for _ in range(repeat):
        for path in paths:
            response, _body = client.get(path)
            times.append(server_ms(response))
    return {"p50_ms": round(statistics.median(times), 1), "p95_ms": round(percentile(times, 0.95), 1), "requests": len(times)}


def bench_export(env, rows: int) -> dict:
    code = (
        "import time, resource, tempfile; from organisation.models import User; from petitions.models import Petition; "
        "from ledgers.exports import write_petition_ledger; u = User.objects.get(username='registrar'); "
        f"qs = Petition.objects.visible_to(u).order_by('-pk')[:{rows}]; "
        "before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss; t = time.perf_counter(); "
        "f = tempfile.TemporaryFile(); write_petition_ledger(qs, u, f); "
        "print('RESULT', round(time.perf_counter() - t, 2), f.tell(), "
        "(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before) // 1024)"
    )
    out = manage(env, "shell", "-c", code, capture=True)
    _tag, seconds, size, rss_mb = out.strip().splitlines()[-1].split()
    return {"rows": rows, "seconds": float(seconds), "bytes": int(size), "peak_rss_growth_mb": int(rss_mb)}


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--db", choices=["sqlite", "postgres"], default="sqlite")
    parser.add_argument("--count", type=int, default=1_000_000)
    parser.add_argument("--reuse", action="store_true")
    parser.add_argument("--registrations", type=int, default=1000)
    parser.add_argument("--export-rows", type=int, default=100_000)
    args = parser.parse_args()

    result = {"db": args.db, "count": args.count, "date": time.strftime("%Y-%m-%d %H:%M"),
              "machine": f"{platform.node()} {platform.machine()} {os.cpu_count()} cores",
              "python": f"{platform.python_version()} {sys.executable} ({', '.join(platform.python_build())})"}
    result.update(prepare(args.db, args.count, args.reuse))
    env = env_for(args.db)
    refs = reference_ids(env)
    server = Server(args.db)
    try:
        unit_worklist = ["/?tab=overdue", "/?tab=overdue&page=2", "/?tab=unit"]
        result["worklist_overdue_of_one_unit"] = bench_reads(server, unit_worklist, "handler", repeat=40)
        searches = ["/search/?q=拖欠工资", "/search/?q=征地补偿", "/search/?q=危房改造", "/search/?q=养老保险",
                    "/search/?q=土地确权", "/search/?q=物业管理"]
        result["content_search"] = bench_reads(server, searches, "registrar", repeat=20)
        result["registration_sequential"] = bench_registration(server, refs, args.registrations, 1)
        result["registration_4_clients"] = bench_registration(server, refs, args.registrations, 4)
    finally:
        server.stop()
        result["registrations_removed"] = remove_registrations(env, refs["max_id"])
    result["ledger_export"] = bench_export(env, args.export_rows)
    result["peak_rss_mb_bench_process"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024
    print(json.dumps(result, ensure_ascii=False, indent=2))
    RESULTS.mkdir(parents=True, exist_ok=True)
    with open(RESULTS / f"petitions-{args.db}.jsonl", "a", encoding="utf-8") as f:
        f.write(json.dumps(result, ensure_ascii=False) + "\n")


if __name__ == "__main__":
    sys.exit(main())
