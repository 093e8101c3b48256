"""PEEL Graph benchmark: every figure and ratio of issue 5, measured side by side in one run.

    python bench/run.py            # the whole run (about 2 minutes on 2 cores)
    python bench/run.py --quick    # shorter load runs and fewer iterations

1. Building the graph: the real report, and 43 reports (the real one under 43 force
   names): time, and peak memory via tracemalloc (a second, traced build). The real
   report parsed from its text, HTML and PDF forms (``bench/formats.py``), side by side.
2. In process: a fixed set of queries through the GraphQL schema (as the server builds it,
   without the response cache) and as plain Python computing the same answer (checked
   equal): median, p99, ratio. One force's findings on the 43-force graph against the
   same query on the one-force graph.
3. Over HTTP on loopback (wrk if installed, else a Python client): the real server
   (``server.py``) and a plain-Python app on the same stack (``bench/plain_app.py``):
   the supervision query sent repeatedly (response cache on), a static endpoint (the
   ceiling), varied uncached queries with 2 workers against plain Python with 2 workers.
4. The targets, each a ratio from this run: met or not.

Every server started here is stopped (SIGTERM, then SIGKILL) before the script ends.
"""

from __future__ import annotations

import argparse
import asyncio
import gc
import json
import os
import re
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import tracemalloc
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path[:0] = [str(HERE), str(ROOT)]

import search as search_bench  # noqa: E402
from formats import parse_times  # noqa: E402
from queries import Case, fixed_cases, force_case, varied_cases  # noqa: E402

from graph.load import DEFAULT_DATA, load_graph  # noqa: E402
from graph.query import GraphIndex, similar_findings  # noqa: E402
from schema import build_schema  # noqa: E402
from schema.context import Context  # noqa: E402
from schema.execution import tune_schema  # noqa: E402
from schema.limits import Limits  # noqa: E402
from schema.types import views  # noqa: E402

FORCES = [
    "Avon and Somerset", "Bedfordshire", "Cambridgeshire", "Cheshire", "City of London",
    "Cleveland", "Cumbria", "Derbyshire", "Devon and Cornwall", "Dorset", "Durham",
    "Dyfed-Powys", "Essex", "Gloucestershire", "Greater Manchester", "Gwent", "Hampshire",
    "Hertfordshire", "Humberside", "Kent", "Lancashire", "Leicestershire", "Lincolnshire",
    "Merseyside", "Metropolitan", "Norfolk", "North Wales", "North Yorkshire",
    "Northamptonshire", "Northumbria", "Nottinghamshire", "South Wales", "South Yorkshire",
    "Staffordshire", "Suffolk", "Surrey", "Sussex", "Thames Valley", "Warwickshire",
    "West Mercia", "West Midlands", "West Yorkshire", "Wiltshire",
]
assert len(FORCES) == 43

results: dict[str, float] = {}


def say(text: str = "") -> None:
    print(text, flush=True)


def ms(seconds: float) -> str:
    return f"{seconds * 1e3:8.3f} ms"


# -- data ------------------------------------------------------------------------------


def make_data(tmp: Path) -> tuple[Path, Path]:
    """A copy of the real data, and the 43-force data: the real report under 43 names."""
    real, many = tmp / "real", tmp / "forces43"
    for folder in (real / "reports", many / "reports"):
        folder.mkdir(parents=True)
    lexicon = DEFAULT_DATA / "lexicon.toml"
    reports = sorted((DEFAULT_DATA / "reports").glob("*.txt"))
    for path in reports:
        shutil.copy(path, real / "reports" / path.name)
    for folder in (real, many):
        if lexicon.is_file():
            shutil.copy(lexicon, folder / "lexicon.toml")
    source = next(p for p in reports if "staffordshire" in p.name.lower())
    text = source.read_text(encoding="utf-8")
    for force in FORCES:
        slug = re.sub(r"[^a-z]+", "-", force.lower()).strip("-")
        (many / "reports" / f"{slug}-peel-2021-22.txt").write_text(
            text.replace("Staffordshire", force), encoding="utf-8")
    return real, many


FICTIONAL = ROOT.parent / "shared" / "reports" / "fictional"
CYCLE_SOURCES = ("kestrel-vale-peel-2021-22.txt", "kestrel-vale-peel-2023-25.txt")


def make_cycles_data(tmp: Path) -> Path | None:
    """43 forces x 2 cycles: the fictional Kestrel Vale pair (test data, in a temporary folder
    only) under 43 force names, so every force has a 2021/22 and a 2023-2025 report with
    progress paragraphs to link. None when the shared reports are not there."""
    if not all((FICTIONAL / name).is_file() for name in CYCLE_SOURCES):
        return None
    folder = tmp / "cycles86"
    (folder / "reports").mkdir(parents=True)
    shutil.copy(DEFAULT_DATA / "lexicon.toml", folder / "lexicon.toml")
    for name in CYCLE_SOURCES:
        text = (FICTIONAL / name).read_text(encoding="utf-8")
        for force in FORCES:
            slug = re.sub(r"[^a-z]+", "-", force.lower()).strip("-")
            (folder / "reports" / name.replace("kestrel-vale", slug)).write_text(
                text.replace("Kestrel Vale", force), encoding="utf-8")
    return folder


def cycles(folder: Path, quick: bool) -> None:
    """Build 43 forces x 2 cycles in a fresh process, then the cost of `similar`."""
    cold = cold_build(folder, 1)
    index, _, _, peak = build(folder, 1)
    graph = index.graph
    follow_ups = sum(1 for *_, k in graph.edges(keys=True) if k == "follows_up")
    say(f"43 forces x 2 cycles, fresh process: load {ms(cold['load'])}  index"
        f" {ms(cold['index'])}  peak {peak / 2**20:7.1f} MB  ({graph.number_of_nodes()} nodes,"
        f" {graph.number_of_edges()} edges, {len(index.findings)} findings,"
        f" {follow_ups} follow-up links)")
    findings = index.findings
    start = time.perf_counter()
    similar_findings(index, findings[0], 5)
    first = time.perf_counter() - start
    sample = findings[1 :: max(1, len(findings) // (100 if quick else 400))]
    uncached = []
    for node in sample:
        start = time.perf_counter()
        similar_findings(index, node, 5)
        uncached.append(time.perf_counter() - start)
    cached = timed(lambda: similar_findings(index, sample[0], 5), 0.5, 2000)
    schema = tune_schema(build_schema(Limits()))
    context = Context(index=index)
    document = """query ($id: ID!) { node(id: $id) { ... on Finding {
        similar(first: 5) { score sharedTerms finding { id title } } } } }"""
    gql = timed(lambda: schema.execute_sync(document, {"id": sample[0]}, context_value=context),
                0.5, 2000)
    say(f"similar: index built on first use {ms(first)}; per finding uncached median"
        f" {ms(statistics.median(uncached))} p99 {ms(p99(uncached))} ({len(uncached)} findings);"
        f" cached {ms(statistics.median(cached))};"
        f" GraphQL similar(first: 5) {ms(statistics.median(gql))}")
    results.update(build86=cold["load"] + cold["index"], mem86=peak / 2**20,
                   similar_first=first, similar_p99=p99(uncached),
                   similar_gql=statistics.median(gql))


def build(data: Path, runs: int) -> tuple[GraphIndex, float, float, float]:
    """Best-of time to load (parse + build), index and view-build time, traced peak."""
    times = []
    loaded = None
    for _ in range(runs):
        gc.collect()
        start = time.perf_counter()
        loaded = load_graph(data)
        times.append(time.perf_counter() - start)
    assert loaded is not None and not loaded.errors, loaded and loaded.errors
    start = time.perf_counter()
    index = GraphIndex.build(loaded.graph)
    views(index)
    index_time = time.perf_counter() - start
    del loaded
    gc.collect()
    tracemalloc.start()
    traced = load_graph(data)
    traced_index = GraphIndex.build(traced.graph)
    views(traced_index)
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    del traced, traced_index
    gc.collect()
    return index, min(times), index_time, peak


def cold_build(data: Path, runs: int) -> dict[str, float]:
    """Median timings of a build in a fresh process each time (``bench/cold_build.py``):
    what a server pays at start-up, lexicon included, with no warm caches."""
    samples = []
    for _ in range(runs):
        out = subprocess.run([sys.executable, str(HERE / "cold_build.py"), str(data)],
                             check=True, capture_output=True, text=True).stdout
        samples.append(json.loads(out))
    return {k: statistics.median(s[k] for s in samples) for k in samples[0]}


# -- in process ------------------------------------------------------------------------


def timed(fn: Callable[[], object], budget: float, max_runs: int) -> list[float]:
    samples: list[float] = []
    deadline = time.perf_counter() + budget
    while len(samples) < max_runs and (len(samples) < 20 or time.perf_counter() < deadline):
        start = time.perf_counter()
        fn()
        samples.append(time.perf_counter() - start)
    return samples


def p99(samples: list[float]) -> float:
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, int(len(ordered) * 0.99))]


def count_fields(value: object) -> int:
    if isinstance(value, dict):
        return sum(1 + count_fields(v) for v in value.values())
    if isinstance(value, list):
        return sum(count_fields(v) for v in value)
    return 0


def run_case(schema, index: GraphIndex, case: Case, budget: float, max_runs: int) -> dict:
    context = Context(index=index)
    variables = case.variables or None

    def gql():
        return schema.execute_sync(case.document, variables, context_value=context)

    result = gql()
    plain = case.plain(index)
    if result.errors or result.data != plain:
        raise SystemExit(f"{case.name}: GraphQL and plain Python answers differ: {result.errors}")
    for _ in range(5):
        gql(), case.plain(index)
    g = timed(gql, budget, max_runs)
    p = timed(lambda: case.plain(index), budget / 2, max_runs)
    return {"gql": statistics.median(g), "gql99": p99(g), "plain": statistics.median(p),
            "plain99": p99(p), "fields": count_fields(plain), "runs": len(g)}


def in_process(index1: GraphIndex, index43: GraphIndex, quick: bool) -> None:
    schema = tune_schema(build_schema(Limits()))
    budget, max_runs = (0.5, 300) if quick else (1.5, 2000)
    say(f"{'query':<42}{'fields':>7} {'GraphQL med':>12} {'p99':>11} "
        f"{'plain med':>12} {'p99':>11} {'ratio':>7}")
    rows = [(c, index1, "") for c in fixed_cases()]
    rows.append((force_case("Staffordshire"), index1, " [1 force]"))
    rows.append((force_case("Bedfordshire"), index43, " [43 forces]"))
    worst = 0.0
    for case, index, tag in rows:
        r = run_case(schema, index, case, budget, max_runs)
        ratio = r["gql"] / r["plain"]
        say(f"{(case.name + tag)[:42]:<42}{r['fields']:>7} {ms(r['gql']):>12} {ms(r['gql99']):>11} "
            f"{ms(r['plain']):>12} {ms(r['plain99']):>11} {ratio:>6.1f}x")
        results[f"inproc {case.name}{tag}"] = ratio
        worst = max(worst, ratio)
        if tag == " [1 force]":
            results["force1_gql"] = r["gql"]
            results["force1_plain"] = r["plain"]
        if tag == " [43 forces]":
            results["force43_gql"] = r["gql"]
            results["force43_plain"] = r["plain"]
    results["inproc_worst"] = worst
    g = results["force43_gql"] / results["force1_gql"]
    p = results["force43_plain"] / results["force1_plain"]
    results["force_growth"] = g
    say(f"one force's findings, 43-force graph / 1-force graph: GraphQL {g:.2f}x, "
        f"plain Python {p:.2f}x")


# -- servers ---------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Server:
    """A server process in its own session; stopped (SIGTERM, then SIGKILL) on exit."""

    def __init__(self, argv: list[str], port: int, ready_path: str, env: dict, log: Path):
        self.port, self.log = port, log
        self.proc = subprocess.Popen(
            argv, cwd=ROOT, env={**os.environ, **env}, stdout=subprocess.DEVNULL,
            stderr=log.open("wb"), start_new_session=True,
        )
        deadline = time.monotonic() + 90
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise SystemExit(f"server exited: {log.read_text()[-2000:]}")
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}{ready_path}", timeout=2):
                    return
            except (urllib.error.URLError, ConnectionError, TimeoutError):
                time.sleep(0.2)
        self.stop()
        raise SystemExit(f"server on port {port} did not become ready")

    def stop(self) -> None:
        if self.proc.poll() is not None:
            return
        os.killpg(self.proc.pid, signal.SIGTERM)
        try:
            self.proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            os.killpg(self.proc.pid, signal.SIGKILL)
            self.proc.wait(timeout=10)

    def __enter__(self) -> Server:
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()


def start_server(data: Path, workers: int, cache: bool, tmp: Path) -> Server:
    port = free_port()
    argv = [sys.executable, "server.py", "--port", str(port), "--data", str(data),
            "--workers", str(workers)]
    env = {"PEEL_RESPONSE_CACHE": "true" if cache else "false", "PEEL_DATA_DIR": str(data)}
    return Server(argv, port, "/healthz", env, tmp / f"server-{port}.log")


def start_plain(data: Path, workers: int, tmp: Path) -> Server:
    port = free_port()
    argv = [sys.executable, str(HERE / "plain_app.py"), "--port", str(port), "--data",
            str(data), "--workers", str(workers)]
    return Server(argv, port, "/static", {}, tmp / f"plain-{port}.log")


def post(port: int, body: dict) -> tuple[int, bytes, dict]:
    request = urllib.request.Request(
        f"http://127.0.0.1:{port}/graphql", data=json.dumps(body).encode(),
        headers={"content-type": "application/json"}, method="POST")
    with urllib.request.urlopen(request, timeout=10) as response:
        return response.status, response.read(), dict(response.headers)


# -- load ------------------------------------------------------------------------------


def _lua_string(text: str) -> str:
    return f"[==[{text}]==]"


def wrk(port: int, path: str, bodies: list[bytes] | None, seconds: int, connections: int,
        tmp: Path) -> dict:
    argv = ["wrk", "-t1", f"-c{connections}", f"-d{seconds}s", "--latency",
            f"http://127.0.0.1:{port}{path}"]
    if bodies:
        script = tmp / f"bodies-{port}-{len(bodies)}.lua"
        items = ",\n".join(_lua_string(b.decode()) for b in bodies)
        script.write_text(
            "local bodies = {\n" + items + "\n}\nlocal i = 0\n"
            "request = function()\n  i = i % #bodies + 1\n"
            f'  return wrk.format("POST", "{path}", {{["Content-Type"] = "application/json"}},'
            " bodies[i])\nend\n")
        argv[1:1] = ["-s", str(script)]
    out = subprocess.run(argv, capture_output=True, text=True, timeout=seconds + 30).stdout
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))

    def latency(pct: str) -> float:
        m = re.search(rf"^\s+{pct}%\s+([\d.]+)(us|ms|s)\s*$", out, re.M)
        scale = {"us": 1e-6, "ms": 1e-3, "s": 1.0}[m.group(2)]
        return float(m.group(1)) * scale

    bad = re.search(r"Non-2xx or 3xx responses:\s+(\d+)", out)
    errors = re.search(r"Socket errors:.*", out)
    return {"rps": rps, "p50": latency("50"), "p99": latency("99"),
            "bad": int(bad.group(1)) if bad else 0, "socket": errors.group(0) if errors else ""}


async def _py_load(port: int, path: str, bodies: list[bytes] | None, seconds: float,
                   connections: int) -> dict:
    requests = []
    for body in bodies or [None]:
        if body is None:
            head = f"GET {path} HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n".encode()
        else:
            head = (f"POST {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json"
                    f"\r\nContent-Length: {len(body)}\r\n\r\n").encode() + body
        requests.append(head)
    latencies: list[float] = []
    bad = 0
    deadline = time.perf_counter() + seconds

    async def client(offset: int) -> None:
        nonlocal bad
        reader, writer = await asyncio.open_connection("127.0.0.1", port)
        i = offset
        while time.perf_counter() < deadline:
            start = time.perf_counter()
            writer.write(requests[i % len(requests)])
            i += 1
            head = await reader.readuntil(b"\r\n\r\n")
            if not head.startswith(b"HTTP/1.1 200"):
                bad += 1
            length = int(re.search(rb"(?i)content-length:\s*(\d+)", head).group(1))
            await reader.readexactly(length)
            latencies.append(time.perf_counter() - start)
        writer.close()

    start = time.perf_counter()
    await asyncio.gather(*(client(n) for n in range(connections)))
    elapsed = time.perf_counter() - start
    latencies.sort()
    return {"rps": len(latencies) / elapsed, "p50": latencies[len(latencies) // 2],
            "p99": latencies[int(len(latencies) * 0.99)], "bad": bad, "socket": ""}


def load(port: int, path: str, bodies: list[bytes] | None, seconds: int, connections: int,
         tmp: Path) -> dict:
    """A warm-up second, then the measured run."""
    if shutil.which("wrk"):
        wrk(port, path, bodies, 1, connections, tmp)
        return wrk(port, path, bodies, seconds, connections, tmp)
    asyncio.run(_py_load(port, path, bodies, 1, connections))
    return asyncio.run(_py_load(port, path, bodies, seconds, connections))


def load_split(ports: list[int], path: str, bodies: list[bytes] | None, seconds: int,
               connections: int, tmp: Path) -> dict:
    """One load spread evenly over several servers at once (as a load balancer would):
    the requests/s added up, the slower server's latencies."""
    share = max(1, connections // len(ports))
    with ThreadPoolExecutor(len(ports)) as pool:
        parts = list(pool.map(lambda port: load(port, path, bodies, seconds, share, tmp), ports))
    return {"rps": sum(p["rps"] for p in parts), "p50": max(p["p50"] for p in parts),
            "p99": max(p["p99"] for p in parts), "bad": sum(p["bad"] for p in parts),
            "socket": "; ".join(p["socket"] for p in parts if p["socket"])}


def show(name: str, r: dict, each: bool = False) -> None:
    extra = f"  non-2xx: {r['bad']}" if r["bad"] else ""
    extra += f"  {r['socket']}" if r["socket"] else ""
    say(f"{name:<58}{r['rps']:>10,.0f} req/s  p50 {r['p50'] * 1e3:7.2f} ms"
        f"  p99 {r['p99'] * 1e3:7.2f} ms{extra}")
    if each:
        say(f"{'':<4}rounds: " + " / ".join(f"{x:,.0f}" for x in r["each"]))


def rounds(runs: dict[str, Callable[[], dict]], count: int) -> dict[str, dict]:
    """Each run `count` times, interleaved (A B C A B C …), so that whatever else the
    machine is doing falls on all of them alike; the median of each figure."""
    samples: dict[str, list[dict]] = {name: [] for name in runs}
    for _ in range(count):
        for name, run in runs.items():
            samples[name].append(run())
    return {
        name: {
            "rps": statistics.median(r["rps"] for r in rs),
            "each": [r["rps"] for r in rs],
            "p50": statistics.median(r["p50"] for r in rs),
            "p99": statistics.median(r["p99"] for r in rs),
            "bad": sum(r["bad"] for r in rs),
            "socket": "; ".join(r["socket"] for r in rs if r["socket"]),
        }
        for name, rs in samples.items()
    }


def http(real: Path, index1: GraphIndex, seconds: int, connections: int, count: int,
         tmp: Path) -> None:
    client = "wrk" if shutil.which("wrk") else "Python asyncio client (wrk not installed)"
    say(f"load: {client}, {connections} connections, {seconds} s per run after 1 s warm-up,"
        f" loopback; {count} interleaved round(s), medians shown; 2 workers: two servers, each"
        " given half the connections")
    supervision = json.dumps(fixed_cases()[0].body()).encode()
    variants = varied_cases(index1)
    bodies = [json.dumps(c.body()).encode() for c in variants]

    with start_server(real, 1, True, tmp) as server, start_plain(real, 1, tmp) as plain:
        status, body, _ = post(server.port, json.loads(supervision))
        expected = json.dumps({"data": fixed_cases()[0].plain(index1)}, separators=(",", ":"))
        assert status == 200 and json.loads(body) == json.loads(expected), body[:300]
        assert json.loads(post(plain.port, json.loads(supervision))[1]) == json.loads(body)
        query = urllib.parse.urlencode({"query": fixed_cases()[0].document})
        url = f"http://127.0.0.1:{server.port}/graphql?{query}"
        with urllib.request.urlopen(url) as response:
            etag = response.headers["etag"]
        try:
            urllib.request.urlopen(urllib.request.Request(url, headers={"if-none-match": etag}))
            not_modified = "no"
        except urllib.error.HTTPError as exc:
            not_modified = "yes" if exc.code == 304 else f"no ({exc.code})"
        say(f"GET answers ETag {etag}; If-None-Match -> 304: {not_modified};"
            f" the supervision answer is {len(body):,} bytes, equal from both servers")
        out = rounds({
            "repeated": lambda: load(server.port, "/graphql", [supervision], seconds,
                                     connections, tmp),
            "static": lambda: load(plain.port, "/static", None, seconds, connections, tmp),
            "plain": lambda: load(plain.port, "/graphql", [supervision], seconds,
                                  connections, tmp),
        }, count)
    show("Strawberry, supervision query repeated (1 worker, cached)", out["repeated"])
    show("static endpoint, precomputed bytes (1 worker)", out["static"])
    show("plain Python, supervision query computed (1 worker)", out["plain"])
    results["http_repeated"] = out["repeated"]["rps"]
    results["http_static"] = out["static"]["rps"]

    # Two workers as two single-worker servers, each given half the connections (the balance a
    # load balancer gives). `uvicorn --workers 2` shares one socket, and uvloop in one worker
    # may accept all of a load's connections at once: such a round ran on one core, at about
    # 55% of the rate, on either side.
    with (
        start_server(real, 1, False, tmp) as s1, start_server(real, 1, False, tmp) as s2,
        start_plain(real, 1, tmp) as p1, start_plain(real, 1, tmp) as p2,
    ):
        for case, body in zip(variants, bodies, strict=True):
            answers = [post(server.port, json.loads(body))[1] for server in (s1, s2, p1, p2)]
            if any(json.loads(a) != json.loads(answers[0]) for a in answers):
                raise SystemExit(f"{case.name}: answers differ over HTTP")
        say(f"varied set: {len(variants)} distinct requests, answers equal from all servers")
        ours, theirs = [s1.port, s2.port], [p1.port, p2.port]
        out = rounds({
            "varied": lambda: load_split(ours, "/graphql", bodies, seconds, connections, tmp),
            "plain": lambda: load_split(theirs, "/graphql", bodies, seconds, connections, tmp),
        }, count)
    show(f"Strawberry, {len(variants)} varied queries (2 workers, no response cache)",
         out["varied"], each=True)
    show(f"plain Python, the same {len(variants)} queries (2 workers)", out["plain"], each=True)
    results["http_varied"] = out["varied"]["rps"]
    results["http_varied_plain"] = out["plain"]["rps"]


# -- main ------------------------------------------------------------------------------


def verdict(name: str, value: float, limit: float, better: str, fmt: str) -> None:
    met = value <= limit if better == "low" else value >= limit
    sign = "<=" if better == "low" else ">="
    say(f"  [{'met' if met else 'NOT MET':>7}] {name:<62} {fmt.format(value)}"
        f" (target {sign} {fmt.format(limit)})")


def formats(runs: int) -> None:
    """The real report parsed from each format it comes in (read + parse, warm, median)."""
    times = parse_times(runs)
    say("real report by format (read the document + parse; warm, median of"
        f" {runs}; the same 70 findings from each):")
    for fmt, t in times.items():
        say(f"  {fmt:<5} {t['bytes'] / 1024:6.0f} KiB  parse {ms(t['total'])}"
            f"  (of which reading the {fmt} {ms(t['read']).strip()})  {t['findings']} findings")
        assert t["findings"] == times["txt"]["findings"], (fmt, t)
    for fmt in ("pdf", "html"):
        if fmt in times:
            results[f"parse_{fmt}"] = times[fmt]["total"] / times["txt"]["total"]
            results[f"parse_{fmt}_ms"] = times[fmt]["total"] * 1e3
    if "pdf" in times:
        floor = times["pdf"]["floor"]
        results["parse_pdf_floor"] = times["pdf"]["total"] / floor
        say(f"  PDFium alone (open, each page and its text page, the text; no layout): "
            f"{ms(floor).strip()}; the PDF's read + parse is {results['parse_pdf_floor']:.1f}x"
            f" that, {results['parse_pdf']:.0f}x the text's")


def main() -> int:
    parser = argparse.ArgumentParser(prog="bench/run.py", description=__doc__.split("\n")[0])
    parser.add_argument("--quick", action="store_true", help="shorter runs")
    parser.add_argument("--seconds", type=int, default=None, help="seconds per load run")
    parser.add_argument("--connections", type=int, default=16)
    parser.add_argument("--no-http", action="store_true", help="skip the HTTP part")
    args = parser.parse_args()
    seconds = args.seconds or (3 if args.quick else 5)
    began = time.perf_counter()
    say(f"PEEL Graph benchmark  python {sys.version.split()[0]}  cores {os.cpu_count()}")
    with tempfile.TemporaryDirectory(prefix="peel-bench-") as name:
        tmp = Path(name)
        real, many = make_data(tmp)

        say("\n== 1. Building the graph (load = lexicon + parse + build; index = GraphIndex"
            " + views) ==")
        cold1 = cold_build(real, 3 if args.quick else 7)
        say(f"real report, fresh process:  load {ms(cold1['load'])}"
            f" (lexicon {ms(cold1['lexicon']).strip()})  index {ms(cold1['index'])}"
            f"  (median of {3 if args.quick else 7} processes)")
        index1, t1, i1, m1 = build(real, 3 if args.quick else 5)
        n1 = index1.graph
        say(f"real report, warm:           load {ms(t1)}  index {ms(i1)}  peak"
            f" {m1 / 2**20:7.1f} MB  (best of {3 if args.quick else 5} in one process;"
            f" {n1.number_of_nodes()} nodes, {n1.number_of_edges()} edges,"
            f" {len(index1.findings)} findings)")
        cold43 = cold_build(many, 1)
        index43, _, _, m43 = build(many, 1)
        n43 = index43.graph
        say(f"43 reports, fresh process:   load {ms(cold43['load'])}  index"
            f" {ms(cold43['index'])}  peak {m43 / 2**20:7.1f} MB  ({n43.number_of_nodes()}"
            f" nodes, {n43.number_of_edges()} edges, {len(index43.findings)} findings)")
        results.update(build1=cold1["load"] + cold1["index"],
                       build43=cold43["load"] + cold43["index"], mem43=m43 / 2**20)
        formats(3 if args.quick else 7)

        two_cycles = make_cycles_data(tmp)
        if two_cycles is not None:
            cycles(two_cycles, args.quick)
        else:
            say("43 forces x 2 cycles: skipped (../shared/reports/fictional/ not found)")

        say("\n== 2. In process: GraphQL schema (no response cache) vs plain Python ==")
        in_process(index1, index43, args.quick)
        del index43
        gc.collect()

        say("\n== 3. Search (SQLite FTS5) ==")
        results.update({f"search_{k}": v for k, v in search_bench.run(
            real, search_bench.two_cycles(many, tmp / "forces43x2"),
            5 if args.quick else 20).items()})

        if not args.no_http:
            say("\n== 4. Over HTTP (uvicorn, uvloop + httptools) ==")
            http(real, index1, seconds, args.connections, 1 if args.quick else 3, tmp)

    say("\n== 5. Targets (ratios from this run) ==")
    verdict("uncached in process, worst query / its plain-Python floor",
            results["inproc_worst"], 8.0, "low", "{:.1f}x")
    if "http_static" in results:
        verdict("repeated query over HTTP / static endpoint, req/s",
                results["http_repeated"] / results["http_static"], 0.5, "high", "{:.0%}")
        verdict("varied uncached queries (2 workers) / plain Python (2 workers), req/s",
                results["http_varied"] / results["http_varied_plain"], 0.5, "high", "{:.0%}")
    verdict("one force's findings: 43-force graph / one-force graph",
            results["force_growth"], 1.5, "low", "{:.2f}x")
    verdict("build the real report in a fresh process (load + index), ms",
            results["build1"] * 1e3, 50, "low", "{:.0f}")
    verdict("build 43 reports in a fresh process (load + index), s", results["build43"], 2.0,
            "low", "{:.2f}")
    verdict("build 43 reports, tracemalloc peak MB", results["mem43"], 300, "low", "{:.0f}")
    verdict("search: analyst query set, mean reciprocal rank", results["search_mrr"], 0.8,
            "high", "{:.3f}")
    verdict("search, 43 forces x 2 cycles: FTS5 / plain substring scan, time",
            results["search_ratio"], 1.0, "low", "{:.2f}x")
    if "parse_pdf" in results:
        verdict("parse the real report's PDF / PDFium alone on it, same run",
                results["parse_pdf_floor"], 2.5, "low", "{:.1f}x")
        verdict("parse the real report's PDF, ms", results["parse_pdf_ms"], 1000, "low",
                "{:.0f}")
    if "parse_html" in results:
        verdict("parse the real report's HTML page / its text, same run",
                results["parse_html"], 4.0, "low", "{:.1f}x")
    if "build86" in results:
        # twice the reports, plus the cross-cycle links: judged against this run's 43 reports
        verdict("build 43 forces x 2 cycles / build 43 reports (fresh processes)",
                results["build86"] / results["build43"], 2.5, "low", "{:.2f}x")
        verdict("43 forces x 2 cycles, tracemalloc peak MB", results["mem86"], 600, "low",
                "{:.0f}")
        verdict("similar: index built on first use, ms", results["similar_first"] * 1e3, 2000,
                "low", "{:.0f}")
        verdict("similar: one finding uncached, p99 ms", results["similar_p99"] * 1e3, 50,
                "low", "{:.1f}")
    say(f"\nwhole run: {time.perf_counter() - began:.0f} s")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
