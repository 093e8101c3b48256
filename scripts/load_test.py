"""Load test: concurrent readers while a writer adds and deletes a report every second.

Starts its own server (a child process on 127.0.0.1, a temporary copy of the data folder, a
generated admin token), then for `--seconds`:

- readers POST `{ graphVersion reports { id } findings(first: 5) { totalCount } }` (and every
  fifth request GET /healthz) and check each answer against the answer computed in-process
  for the graph version it names, so a response mixing two graphs is caught;
- the writer adds a second force's report (the Staffordshire report with another force's name)
  and deletes it again, alternately, once a second.

A read that starts after a write was acknowledged and ends before the next write starts must
show that write's version ("stale" otherwise). Prints requests/s, latency percentiles and
error counts; exits 1 unless there were no failed, wrong or stale responses.

    python scripts/load_test.py --seconds 60
"""

from __future__ import annotations

import argparse
import asyncio
import os
import secrets
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx

ROOT = Path(__file__).resolve().parent.parent
QUERY = "{ graphVersion reports { id } findings(first: 5) { totalCount } }"
BASE_REPORT = "staffordshire-peel-2021-22.txt"
HOST = "127.0.0.1"  # loopback only, by design: this is a test against its own server


@dataclass
class Read:
    start: float
    end: float
    version: str | None


@dataclass
class Write:
    start: float
    end: float
    version: str | None


@dataclass
class Tally:
    latencies: list[float] = field(default_factory=list)
    reads: list[Read] = field(default_factory=list)
    writes: list[Write] = field(default_factory=list)
    write_latencies: list[float] = field(default_factory=list)
    errors: Counter[str] = field(default_factory=Counter)
    wrong: list[str] = field(default_factory=list)
    versions: Counter[str] = field(default_factory=Counter)
    write_errors: list[str] = field(default_factory=list)
    actions: Counter[str] = field(default_factory=Counter)


# -- expected answers, computed in-process -------------------------------------------------


def expected_answers(base: Path, extra_text: str, extra_name: str) -> dict[str, dict]:
    """graphVersion -> the exact `data` and /healthz report count for both report sets."""
    from graph.load import load_graph
    from graph.query import GraphIndex
    from schema import build_schema
    from schema.context import Context

    schema = build_schema()
    answers: dict[str, dict] = {}
    with tempfile.TemporaryDirectory(prefix="peel-expect-") as tmp:
        both = Path(tmp) / "data"
        shutil.copytree(base, both)
        (both / "reports" / extra_name).write_text(extra_text, encoding="utf-8")
        for folder in (base, both):
            loaded = load_graph(folder)
            if loaded.errors:
                raise SystemExit(f"cannot compute expected answers: {loaded.errors}")
            result = schema.execute_sync(QUERY, context_value=Context(GraphIndex.build(
                loaded.graph)))
            if result.errors:
                raise SystemExit(f"cannot compute expected answers: {result.errors}")
            answers[result.data["graphVersion"]] = {
                "data": result.data, "reports": len(loaded.reports),
            }
    if len(answers) != 2:
        raise SystemExit("the two report sets have the same graph version")
    return answers


# -- the server ----------------------------------------------------------------------------


def serve(fd: int) -> None:
    """Child mode: serve the app on an inherited, already bound loopback socket."""
    import uvicorn

    sock = socket.socket(fileno=fd)
    config = uvicorn.Config("server:app", log_level="warning", access_log=False)
    uvicorn.Server(config).run(sockets=[sock])


def start_server(data: Path, token: str) -> tuple[subprocess.Popen, str]:
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.bind((HOST, 0))
    sock.listen(1024)
    port = sock.getsockname()[1]
    env = {**os.environ, "PEEL_DATA_DIR": str(data), "PEEL_ADMIN_TOKEN": token}
    proc = subprocess.Popen(
        [sys.executable, __file__, "--serve-fd", str(sock.fileno())],
        pass_fds=[sock.fileno()], env=env, cwd=ROOT,
    )
    sock.close()  # the child holds its own copy
    return proc, f"http://{HOST}:{port}"


def stop_server(proc: subprocess.Popen) -> None:
    if proc.poll() is None:
        proc.send_signal(signal.SIGTERM)
        try:
            proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(timeout=5)


async def wait_ready(client: httpx.AsyncClient, proc: subprocess.Popen, timeout: float) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise SystemExit(f"the server exited with status {proc.returncode}")
        try:
            if (await client.get("/healthz")).status_code == 200:
                return
        except httpx.TransportError:
            pass
        await asyncio.sleep(0.1)
    raise SystemExit("the server did not become ready")


# -- the workload --------------------------------------------------------------------------


async def reader(client: httpx.AsyncClient, answers: dict[str, dict], tally: Tally,
                 stop_at: float, budget: list[int], seq: int) -> None:
    n = seq
    while time.monotonic() < stop_at and budget[0] > 0:
        budget[0] -= 1
        n += 1
        health = n % 5 == 0
        start = time.monotonic()
        try:
            if health:
                response = await client.get("/healthz")
            else:
                response = await client.post("/graphql", json={"query": QUERY})
            end = time.monotonic()
            body: Any = response.json()
        except (httpx.HTTPError, ValueError) as exc:
            tally.errors[type(exc).__name__] += 1
            continue
        tally.latencies.append(end - start)
        if response.status_code != 200:
            tally.errors[f"HTTP {response.status_code}"] += 1
            continue
        version = body.get("graphVersion") if health else (body.get("data") or {}).get(
            "graphVersion")
        expected = answers.get(version or "")
        if expected is None:
            ok = False
        elif health:
            ok = body.get("reports") == expected["reports"]
        else:
            ok = body == {"data": expected["data"]}
        if not ok:
            tally.wrong.append(str(body)[:300])
        tally.versions[version or "?"] += 1
        tally.reads.append(Read(start, end, version))


async def writer(client: httpx.AsyncClient, token: str, text: str, report_id: str,
                 answers: dict[str, dict], base_version: str, tally: Tally,
                 stop_at: float, every: float) -> None:
    headers = {"authorization": f"Bearer {token}"}
    added_version = next(v for v in answers if v != base_version)
    begin, k = time.monotonic(), 0
    while True:
        await asyncio.sleep(max(0.0, min(begin + k * every, stop_at) - time.monotonic()))
        if time.monotonic() >= stop_at:
            return
        adding = k % 2 == 0
        start = time.monotonic()
        try:
            if adding:
                response = await client.post("/reports", content=text.encode(), headers=headers)
            else:
                response = await client.delete(f"/reports/{report_id}", headers=headers)
            end = time.monotonic()
            body = response.json()
        except (httpx.HTTPError, ValueError) as exc:
            tally.write_errors.append(repr(exc))
            tally.writes.append(Write(start, time.monotonic(), None))
            return  # the server state is now unknown: stop writing
        tally.write_latencies.append(end - start)
        want = (201, added_version) if adding else (200, base_version)
        if (response.status_code, body.get("graphVersion")) != want:
            tally.write_errors.append(f"{response.status_code} {body}")
            tally.writes.append(Write(start, end, None))
            return
        tally.actions["add" if adding else "delete"] += 1
        tally.writes.append(Write(start, end, body["graphVersion"]))
        k += 1


def stale_reads(tally: Tally, base_version: str) -> int:
    """Reads wholly between a write's acknowledgement and the next write's start that do not
    show the acknowledged version (before the first write: the base version)."""
    windows = [(float("-inf"), base_version)] + [(w.end, w.version) for w in tally.writes]
    starts = [w.start for w in tally.writes] + [float("inf")]
    stale = 0
    for (after, version), before in zip(windows, starts, strict=True):
        if version is None:
            continue
        stale += sum(1 for r in tally.reads
                     if r.start >= after and r.end <= before and r.version != version)
    return stale


def percentile(values: list[float], q: float) -> float:
    if not values:
        return float("nan")
    if len(values) == 1:
        return values[0]
    return statistics.quantiles(values, n=1000, method="inclusive")[round(q * 1000) - 1]


def report(tally: Tally, seconds: float, readers: int, stale: int) -> bool:
    ms = 1000
    total = len(tally.latencies) + sum(tally.errors.values())
    errors = sum(tally.errors.values())
    print(f"PEEL Graph load test: {seconds:.1f} s, {readers} readers, 1 writer, {HOST}")
    print(f"reads:    {total} requests, {total / seconds:.1f} req/s, "
          f"p50 {percentile(tally.latencies, 0.5) * ms:.1f} ms, "
          f"p99 {percentile(tally.latencies, 0.99) * ms:.1f} ms, "
          f"max {max(tally.latencies, default=0) * ms:.1f} ms")
    print(f"          errors {errors}, wrong {len(tally.wrong)}, stale {stale}"
          + (f" ({dict(tally.errors)})" if errors else ""))
    print(f"writes:   {sum(tally.actions.values())} ({tally.actions['add']} adds, "
          f"{tally.actions['delete']} deletes), "
          f"{sum(tally.actions.values()) / seconds:.2f}/s, "
          f"p50 {percentile(tally.write_latencies, 0.5) * ms:.0f} ms, "
          f"max {max(tally.write_latencies, default=0) * ms:.0f} ms, "
          f"errors {len(tally.write_errors)}")
    print("versions: " + ", ".join(f"{v} {n} reads" for v, n in tally.versions.most_common()))
    for line in tally.wrong[:5] + tally.write_errors[:5]:
        print(f"  problem: {line}")
    passed = not (errors or tally.wrong or stale or tally.write_errors)
    print(f"result:   {'PASS' if passed else 'FAIL'}")
    return passed


async def run(args: argparse.Namespace) -> bool:
    token = secrets.token_urlsafe(32)
    with tempfile.TemporaryDirectory(prefix="peel-load-") as tmp:
        data = Path(tmp) / "data"
        (data / "reports").mkdir(parents=True)
        shutil.copy(ROOT / "data" / "lexicon.toml", data / "lexicon.toml")
        base_text = (ROOT / "data" / "reports" / BASE_REPORT).read_text(encoding="utf-8")
        (data / "reports" / BASE_REPORT).write_text(base_text, encoding="utf-8")
        text = base_text.replace("Staffordshire", args.force)
        slug = args.force.lower().replace(" ", "-")
        answers = expected_answers(data, text, f"{slug}-extra.txt")
        proc, url = start_server(data, token)
        try:
            limits = httpx.Limits(max_connections=args.readers + 4)
            timeout = httpx.Timeout(args.timeout)
            async with httpx.AsyncClient(base_url=url, limits=limits, timeout=timeout) as reads, \
                    httpx.AsyncClient(base_url=url, timeout=httpx.Timeout(60)) as writes:
                await wait_ready(reads, proc, timeout=60)
                base_version = (await reads.get("/healthz")).json()["graphVersion"]
                if base_version not in answers:
                    raise SystemExit(f"the server's graph {base_version} is not the expected one")
                ids = {v: {r["id"] for r in a["data"]["reports"]} for v, a in answers.items()}
                (report_id,) = set.union(*ids.values()) - ids[base_version]
                tally, budget = Tally(), [args.max_requests]
                start = time.monotonic()
                stop_at = start + args.seconds
                await asyncio.gather(
                    writer(writes, token, text, report_id, answers, base_version, tally,
                           stop_at, args.write_every),
                    *(reader(reads, answers, tally, stop_at, budget, i)
                      for i in range(args.readers)),
                )
                elapsed = time.monotonic() - start
        finally:
            stop_server(proc)
        return report(tally, elapsed, args.readers, stale_reads(tally, base_version))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seconds", type=float, default=60.0, help="how long (default 60)")
    parser.add_argument("--readers", type=int, default=16, help="concurrent readers")
    parser.add_argument("--max-requests", type=int, default=2_000_000,
                        help="stop reading after this many requests")
    parser.add_argument("--write-every", type=float, default=1.0, help="seconds between writes")
    parser.add_argument("--force", default="Derbyshire", help="the second report's force")
    parser.add_argument("--timeout", type=float, default=30.0, help="per-request timeout")
    parser.add_argument("--serve-fd", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.serve_fd is not None:
        serve(args.serve_fd)
        return 0
    if not 0 < args.seconds <= 3600 or args.readers < 1 or args.max_requests < 1:
        parser.error("--seconds must be in (0, 3600]; --readers and --max-requests positive")
    return 0 if asyncio.run(run(args)) else 1


if __name__ == "__main__":
    raise SystemExit(main())
