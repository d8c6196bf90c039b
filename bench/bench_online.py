"""Benchmark of issue 14: online petitions sent from the public form with a 1 MB attachment, against gunicorn, at
1,000,000 items, on SQLite and PostgreSQL.

Each simulated petitioner does what a phone's browser does: GET /q/online/ (the form, its CSRF cookie and
one-time token), then POST the form as multipart/form-data with one 1 MB PDF, and reads the page with the query
code. Reported: completed petitions per second with 1 and with 4 concurrent petitioners (target ≥ 100 /s with 4),
the POST's server time p50 / p95 (Server-Timing), and the CPU each petition cost the server, the database server
and this client. Every item it wrote (rows and stored files) is removed afterwards, so that runs read the same data.

    .venv/bin/python bench/bench_petitions.py --db sqlite --count 1000000      # generates the million, once
    .venv/bin/python bench/bench_online.py --db sqlite
    .venv/bin/python bench/bench_online.py --db postgres

The server runs with config.settings.bench: the install's settings with the online form's day limits per address
and per phone lifted (every petitioner here sends from 127.0.0.1). Results are printed as JSON and appended to
bench/results/online-<db>.jsonl; docs/benchmarks.md records them by hand with date and machine.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import re
import socket
import statistics
import sys
import time
import uuid
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import bench_petitions as bp  # noqa: E402

MB = 1024 * 1024
# A PDF by its first bytes (the type is decided from the content), padded to 1 MB.
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\n" + b"%" + b"0" * (MB - 40) + b"\ntrailer<<>>\n%%EOF\n"

_env_for = bp.env_for


def env_for(db: str) -> dict:
    return {**_env_for(db), "DJANGO_SETTINGS_MODULE": "config.settings.bench"}


bp.env_for = env_for  # the server and every manage.py step run with the bench settings


class Petitioner:
    """A phone's browser on a plain socket (no client library's CPU in the figure): one new connection per
    request, the CSRF cookie it was given, the form's hidden fields, a multipart body."""

    def __init__(self, port: int, number: int):
        self.port, self.number = port, number

    def _send(self, raw: bytes) -> tuple[int, dict, bytes]:
        with socket.create_connection(("127.0.0.1", self.port), timeout=120) as sock:
            sock.sendall(raw)
            chunks = []
            while chunk := sock.recv(262144):
                chunks.append(chunk)
        head, _, body = b"".join(chunks).partition(b"\r\n\r\n")
        lines = head.decode("latin-1").split("\r\n")
        headers: dict[str, list[str]] = {}
        for line in lines[1:]:
            name, _, value = line.partition(":")
            headers.setdefault(name.strip().lower(), []).append(value.strip())
        return int(lines[0].split(" ", 2)[1]), headers, body

    def send_one(self, n: int) -> tuple[int, float]:
        """(status, the POST's server ms) of one petition."""
        status, headers, body = self._send(
            f"GET /q/online/ HTTP/1.1\r\nHost: 127.0.0.1:{self.port}\r\nConnection: close\r\n\r\n".encode())
        if status != 200:
            return status, float("nan")
        csrf_cookie = next(c.split(";", 1)[0].split("=", 1)[1] for c in headers["set-cookie"]
                           if c.startswith("csrftoken="))
        page = body.decode()
        fields = {
            "csrfmiddlewaretoken": re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1),
            "token": re.search(r'name="token" value="([^"]+)"', page).group(1),
            "name": "网上来信人", "phone": f"13{self.number % 10}{n:08d}", "address": "化子坪镇化子坪村",
            "content_type": "appeal_demand", "category": REFS["category"], "place": REFS["place"],
            "title": f"反映村道损坏问题{n}", "content": f"村里通往镇上的道路损坏严重，雨天无法通行，请求尽快维修。编号{n}。",
            "notify_by": "sms", "accept": "on",
        }
        boundary = uuid.uuid4().hex
        parts = [f'--{boundary}\r\nContent-Disposition: form-data; name="{k}"\r\n\r\n{v}\r\n'.encode()
                 for k, v in fields.items()]
        parts.append(f'--{boundary}\r\nContent-Disposition: form-data; name="files"; filename="现场照片说明.pdf"\r\n'
                     f"Content-Type: application/pdf\r\n\r\n".encode() + PDF + b"\r\n")
        body = b"".join(parts) + f"--{boundary}--\r\n".encode()
        head = (f"POST /q/online/ HTTP/1.1\r\nHost: 127.0.0.1:{self.port}\r\nConnection: close\r\n"
                f"Cookie: csrftoken={csrf_cookie}\r\nReferer: http://127.0.0.1:{self.port}/q/online/\r\n"
                f"Content-Type: multipart/form-data; boundary={boundary}\r\nContent-Length: {len(body)}\r\n\r\n")
        status, headers, page = self._send(head.encode() + body)
        if status == 200 and b'id="query-code"' not in page:
            status = 422  # the form came back with an error
        timing = re.search(r"dur=([\d.]+)", ";".join(headers.get("server-timing", [])))
        return status, float(timing.group(1)) if timing else float("nan")


REFS: dict = {}


def bench_online(server: bp.Server, total: int, clients: int) -> dict:
    per_client = total // clients
    errors, post_ms = [], []

    def run(index: int):
        petitioner = Petitioner(server.port, index)
        for i in range(per_client):
            status, ms = petitioner.send_one(index * 100_000 + i + int(time.time()) % 1000 * 100)
            if status != 200:
                errors.append(status)
            post_ms.append(ms)

    done = per_client * clients
    elapsed, cpu_ms_each = bp.run_measured(server, [(run, (i,)) for i in range(clients)], done)
    if errors:
        raise RuntimeError(f"{len(errors)} online petitions failed: {errors[:5]}")
    return {"per_s": round(done / elapsed, 1), "petitions": done, "megabytes_uploaded": round(done * len(PDF) / MB),
            "post_server_ms": {"p50": round(statistics.median(post_ms), 1),
                               "p95": round(bp.percentile(post_ms, 0.95), 1)},
            "cpu_ms_each": cpu_ms_each}


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--db", choices=["sqlite", "postgres"], default="sqlite")
    parser.add_argument("--petitions", type=int, default=400)
    args = parser.parse_args()
    env = env_for(args.db)
    bp.manage(env, "migrate", "--noinput", "-v0")
    REFS.update(bp.reference_ids(env))
    items = int(bp.manage(env, "shell", "-c", "from petitions.models import Petition; "
                                              "print(Petition.objects.count())", capture=True).split()[-1])
    result = {"db": args.db, "items": items, "date": time.strftime("%Y-%m-%d %H:%M"),
              "machine": f"{platform.node()} {platform.machine()} {os.cpu_count()} cores",
              "python": f"{platform.python_version()} {sys.executable}", "attachment_bytes": len(PDF)}
    server = bp.Server(args.db)
    try:
        bench_online(server, 8, 4)  # warm-up: each worker has served the form and a petition
        result["online_1_client"] = bench_online(server, args.petitions // 4, 1)
        result["online_4_clients"] = bench_online(server, args.petitions, 4)
    finally:
        server.stop()
        result["petitions_removed"] = bp.remove_registrations(env, REFS["max_id"])
    print(json.dumps(result, ensure_ascii=False, indent=2))
    bp.RESULTS.mkdir(parents=True, exist_ok=True)
    with open(bp.RESULTS / f"online-{args.db}.jsonl", "a", encoding="utf-8") as f:
        f.write(json.dumps(result, ensure_ascii=False) + "\n")


if __name__ == "__main__":
    sys.exit(main())
