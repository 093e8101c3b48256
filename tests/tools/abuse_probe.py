#!/usr/bin/env python3
"""Bad-input and abuse probe for a GraphQL-over-HTTP endpoint (stdlib only).

The project's pinned copy of the workplace's shared probe (shared/tools/gql-abuse/probe.py,
copied unchanged on 2026-11-30 apart from this paragraph), so the hostile-input test runs in
every clone and in CI instead of skipping where that folder is absent.

Sends a bounded set of hostile requests (at most 60 HTTP requests in all, each
with a 10 s timeout) to ONE loopback endpoint and, after each probe, checks
that the server still answers a trivial ``{ __typename }``.

For every probe it records: HTTP status, elapsed seconds, response size, an
outcome (executed / partial / rejected / non-json / timeout / conn-error), the
first error message, and whether the server was alive afterwards.

Last line, always:
    abuse: N probes, K slow (>2 s), E server errors (5xx), alive: yes/no
Exit status: 0 only when alive, no 5xx and no slow probe; 1 otherwise;
2 for a usage error (bad URL, non-loopback host).

Usage:
    python3 probe.py [URL] [--json FILE] [--only a,b] [--skip a,b] [--list]
                     [--slow SECONDS] [--timeout SECONDS]
URL defaults to http://127.0.0.1:8000/graphql. Only loopback hosts are
accepted (127.0.0.0/8, ::1, localhost): run it against a disposable local
instance, since some probes are meant to burn the server's CPU.
"""

from __future__ import annotations

import argparse
import ipaddress
import json
import socket
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from collections import deque
from dataclasses import asdict, dataclass, field

DEFAULT_URL = "http://127.0.0.1:8000/graphql"
MAX_REQUESTS = 60  # hard cap on HTTP requests, liveness checks included
MAX_READ = 16 * 1024 * 1024  # read at most 16 MiB of any response
ONE_MB = 1024 * 1024
TRIVIAL = b'{"query":"{ __typename }"}'
JSON_CT = {"Content-Type": "application/json", "Accept": "application/json"}


# ----------------------------------------------------------------- transport


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    """Never follow a redirect: the probe talks to one loopback URL only."""

    def redirect_request(self, req, fp, code, msg, headers, newurl):  # noqa: D401
        return None


# No proxy handler: traffic goes straight to the loopback address.
_OPENER = urllib.request.build_opener(urllib.request.ProxyHandler({}), _NoRedirect)


class Budget:
    def __init__(self, limit: int) -> None:
        self.limit = limit
        self.used = 0

    def take(self) -> bool:
        if self.used >= self.limit:
            return False
        self.used += 1
        return True


@dataclass
class Reply:
    status: int | str  # HTTP status, or "timeout" / "conn-error" / "budget"
    elapsed: float
    size: int
    body: bytes = b""
    truncated: bool = False


def send(
    budget: Budget,
    method: str,
    url: str,
    body: bytes | None = None,
    headers: dict[str, str] | None = None,
    timeout: float = 10.0,
) -> Reply:
    if not budget.take():
        return Reply("budget", 0.0, 0)
    req = urllib.request.Request(url, data=body, method=method, headers=headers or {})
    t0 = time.perf_counter()
    status: int | str
    data = b""
    try:
        with _OPENER.open(req, timeout=timeout) as resp:
            status = resp.status
            data = resp.read(MAX_READ + 1)
    except urllib.error.HTTPError as e:
        status = e.code
        try:
            data = e.read(MAX_READ + 1)
        except Exception:  # noqa: BLE001 - body of an error reply is best effort
            data = b""
    except urllib.error.URLError as e:
        is_timeout = isinstance(e.reason, (socket.timeout, TimeoutError))
        status = "timeout" if is_timeout else "conn-error"
    except (socket.timeout, TimeoutError):
        status = "timeout"
    except (ConnectionError, OSError, ValueError, Exception):  # noqa: BLE001
        # http.client.RemoteDisconnected, IncompleteRead, BadStatusLine, ...
        status = "conn-error"
    elapsed = time.perf_counter() - t0
    truncated = len(data) > MAX_READ
    return Reply(status, elapsed, len(data), data[:MAX_READ], truncated)


def alive(budget: Budget, url: str, timeout: float) -> bool | None:
    """True/False, or None when the request budget is spent."""
    r = send(budget, "POST", url, TRIVIAL, JSON_CT, timeout)
    if r.status == "budget":
        return None
    if r.status != 200:
        return False
    try:
        doc = json.loads(r.body)
        return isinstance(doc.get("data", {}).get("__typename"), str)
    except Exception:  # noqa: BLE001
        return False


def outcome(r: Reply) -> tuple[str, str]:
    """Classify a reply: (outcome, first error message or note)."""
    if isinstance(r.status, str):
        return r.status, ""
    try:
        doc = json.loads(r.body)
    except Exception:  # noqa: BLE001
        text = r.body[:80].decode("utf-8", "replace").replace("\n", " ")
        return "non-json", text
    docs = doc if isinstance(doc, list) else [doc]
    kinds, first_err = [], ""
    for d in docs:
        if not isinstance(d, dict):
            kinds.append("non-json")
            continue
        errs = d.get("errors") or []
        if errs and not first_err:
            e0 = errs[0]
            first_err = e0.get("message", str(e0)) if isinstance(e0, dict) else str(e0)
        has_data = d.get("data") is not None
        if has_data and not errs:
            kinds.append("executed")
        elif has_data:
            kinds.append("partial")
        else:
            kinds.append("rejected")
    if isinstance(doc, list):
        return f"{kinds.count('executed')}/{len(kinds)} executed", first_err
    return kinds[0], first_err


# ----------------------------------------------------------- schema discovery

_TYPE_REF = "kind name ofType { kind name ofType { kind name ofType { kind name ofType { kind name } } } }"
DISCOVERY_QUERY = (
    "query AbuseProbeSchema { __schema { queryType { name } types { name kind "
    "fields { name type { " + _TYPE_REF + " } "
    "args { name defaultValue type { " + _TYPE_REF + " } } } } } }"
)


def _named(t: dict) -> dict:
    while t and t.get("ofType") is not None:
        t = t["ofType"]
    return t or {}


@dataclass
class Shape:
    introspection: bool = False
    query_type: str = "Query"
    # Fields from the root down to the first type of a cycle, then the cycle.
    prefix: list[str] = field(default_factory=list)
    cycle: list[str] = field(default_factory=list)
    alias_field: str = "__typename"  # selection repeated by the alias probe
    note: str = ""


def discover(budget: Budget, url: str, timeout: float) -> Shape:
    shape = Shape()
    r = send(budget, "POST", url, json.dumps({"query": DISCOVERY_QUERY}).encode(), JSON_CT, timeout)
    try:
        schema = json.loads(r.body)["data"]["__schema"]
        types = {t["name"]: t for t in schema["types"]}
        shape.query_type = schema["queryType"]["name"]
        shape.introspection = True
    except Exception:  # noqa: BLE001
        shape.note = "introspection unavailable; nesting uses __type/ofType"
        return shape

    composite = {"OBJECT", "INTERFACE"}

    def edges(tname: str) -> list[tuple[str, str]]:
        out = []
        for f in types.get(tname, {}).get("fields") or []:
            if f["name"].startswith("__"):
                continue
            required = any(
                a["type"]["kind"] == "NON_NULL" and a.get("defaultValue") is None
                for a in f.get("args") or []
            )
            if required:
                continue
            target = _named(f["type"])
            if target.get("kind") in composite and target.get("name") in types:
                out.append((f["name"], target["name"]))
        return out

    # Alias probe: first root field with no required argument and a leaf type.
    for f in types.get(shape.query_type, {}).get("fields") or []:
        if f.get("args") and any(
            a["type"]["kind"] == "NON_NULL" and a.get("defaultValue") is None for a in f["args"]
        ):
            continue
        if _named(f["type"]).get("kind") in {"SCALAR", "ENUM"}:
            shape.alias_field = f["name"]
            break

    # Shortest paths from the root to every reachable composite type.
    paths: dict[str, list[str]] = {shape.query_type: []}
    queue = deque([shape.query_type])
    while queue:
        t = queue.popleft()
        for fname, target in edges(t):
            if target not in paths:
                paths[target] = paths[t] + [fname]
                queue.append(target)

    # Shortest cycle through any reachable type (self-reference wins).
    best: tuple[list[str], list[str]] | None = None
    for start in paths:
        seen = {start: []}
        q = deque([start])
        found = None
        while q and found is None:
            t = q.popleft()
            for fname, target in edges(t):
                if target == start:
                    found = seen[t] + [fname]
                    break
                if target not in seen:
                    seen[target] = seen[t] + [fname]
                    q.append(target)
        if found and (best is None or len(found) < len(best[1])):
            best = (paths[start], found)
    if best:
        shape.prefix, shape.cycle = best
        shape.note = "nesting via " + ".".join(best[0] + ["(" + ".".join(best[1]) + ")*"])
    else:
        shape.note = "no recursive field; nesting uses __type/ofType"
    return shape


def nested_query(shape: Shape, depth: int) -> str:
    """A query whose field chain is `depth` fields long, closed by a leaf."""
    if shape.cycle:
        chain = list(shape.prefix)
        i = 0
        while len(chain) < depth:
            chain.append(shape.cycle[i % len(shape.cycle)])
            i += 1
        chain = chain[: max(depth, len(shape.prefix))]
        leaf = "__typename"
    else:
        chain = [f'__type(name: "{shape.query_type}")'] + ["ofType"] * (depth - 1)
        leaf = "name"
    return "{ " + " { ".join(chain) + " { " + leaf + " }" + " }" * len(chain)


# --------------------------------------------------------------------- probes


@dataclass
class Probe:
    name: str
    what: str
    method: str = "POST"
    body: bytes | None = None
    headers: dict[str, str] = field(default_factory=lambda: dict(JSON_CT))
    query_string: str = ""  # GET: raw query string appended to the URL


def gql(query: str, **extra) -> bytes:
    return json.dumps({"query": query, **extra}).encode()


def build_probes(shape: Shape) -> list[Probe]:
    af = shape.alias_field
    p: list[Probe] = []
    add = p.append

    add(Probe("depth-50", "field chain 50 deep", body=gql(nested_query(shape, 50))))
    add(Probe("depth-200", "field chain 200 deep", body=gql(nested_query(shape, 200))))
    add(Probe("aliases-1000", f"1,000 aliases of {af}",
              body=gql("{ " + " ".join(f"a{i}: {af}" for i in range(1000)) + " }")))

    parts, size, i = [], 2, 0
    while size < ONE_MB:
        s = f"a{i}:__typename "
        parts.append(s)
        size += len(s)
        i += 1
    add(Probe("query-1MB-tokens", f"1 MB query: {i:,} aliased __typename",
              body=gql("{ " + "".join(parts) + "}")))
    add(Probe("query-1MB-comment", "1 MB query: { __typename } + 1 MB comment",
              body=gql("{ __typename }\n#" + "x" * ONE_MB)))

    n = 1000
    frags = " ".join(
        f"fragment F{k} on {shape.query_type} {{ __typename" + (f" ...F{k + 1}" if k + 1 < n else "") + " }"
        for k in range(n)
    )
    add(Probe("fragments-1000", "1,000 fragments spread in a chain", body=gql("{ ...F0 } " + frags)))
    add(Probe("fragment-cycle", "fragments A->B->A",
              body=gql(f"{{ ...A }} fragment A on {shape.query_type} {{ __typename ...B }} "
                       f"fragment B on {shape.query_type} {{ __typename ...A }}")))
    k = 40
    bomb = [f"fragment B0 on {shape.query_type} {{ __typename }}"] + [
        f"fragment B{j} on {shape.query_type} {{ ...B{j - 1} ...B{j - 1} }}" for j in range(1, k + 1)
    ]
    add(Probe("fragment-bomb", f"fragment fan-out 2^{k}", body=gql(f"{{ ...B{k} }} " + " ".join(bomb))))
    add(Probe("directives-500", "@include(if: true) repeated 500 times",
              body=gql("{ __typename " + "@include(if: true) " * 500 + "}")))
    add(Probe("batch-100", "JSON array of 100 operations",
              body=json.dumps([{"query": "{ __typename }"}] * 100).encode()))
    add(Probe("malformed-json", "truncated JSON body", body=b'{"query": "{ __typename }"'))
    add(Probe("ct-text-plain", "JSON body sent as text/plain (CSRF-simple)", body=TRIVIAL,
              headers={"Content-Type": "text/plain", "Accept": "application/json"}))
    add(Probe("ct-form", "query as application/x-www-form-urlencoded (CSRF-simple)",
              body=urllib.parse.urlencode({"query": "{ __typename }"}).encode(),
              headers={"Content-Type": "application/x-www-form-urlencoded", "Accept": "application/json"}))
    boundary = "probeBoundary7MA4YWxk"
    mp = (f"--{boundary}\r\nContent-Disposition: form-data; name=\"query\"\r\n\r\n"
          f"{{ __typename }}\r\n--{boundary}--\r\n").encode()
    add(Probe("ct-multipart", "query as multipart/form-data (CSRF-simple)", body=mp,
              headers={"Content-Type": f"multipart/form-data; boundary={boundary}", "Accept": "application/json"}))
    add(Probe("ct-xml", "JSON body sent as application/xml", body=TRIVIAL,
              headers={"Content-Type": "application/xml", "Accept": "application/json"}))
    add(Probe("get-mutation", "GET ?query=mutation { __typename }", method="GET", body=None,
              headers={"Accept": "application/json"},
              query_string=urllib.parse.urlencode({"query": "mutation { __typename }"})))
    vq = "query Q($v: String!) { __type(name: $v) { name } }"  # the variable is used
    add(Probe("vars-1MB-string", "1 MB string variable",
              body=gql(vq, variables={"v": "x" * ONE_MB})))
    depth = 100_000
    add(Probe("vars-deep-json", f"variables JSON nested {depth:,} deep",
              body=(json.dumps({"query": vq})[:-1].encode() + b',"variables":{"v":'
                    + b"[" * depth + b"]" * depth + b"}}")))
    add(Probe("vars-100k-keys", "variables map with 100,000 keys",
              body=gql(vq, variables={"v": shape.query_type, **{f"k{j}": j for j in range(100_000)}})))
    add(Probe("unknown-opname", "operationName that is not in the document",
              body=gql("query A { __typename }", operationName="Nope")))
    add(Probe("non-utf8-body", "POST body with invalid UTF-8 bytes",
              body=b'{"query":"{ __typename \xff\xfe\xc3 }"}'))
    add(Probe("non-utf8-get", "GET query string with invalid UTF-8", method="GET", body=None,
              headers={"Accept": "application/json"}, query_string="query=%7B%20__typename%20%FF%FE%20%7D"))
    add(Probe("invalid-fields-5000", "5,000 unknown fields (error amplification)",
              body=gql("{ " + " ".join(f"nope{j}" for j in range(5000)) + " }")))
    add(Probe("operations-1000", "1,000 named operations in one document",
              body=gql(" ".join(f"query Q{j} {{ __typename }}" for j in range(1000)), operationName="Q999")))
    add(Probe("get-url-100KB", "GET with a 100 KB query string", method="GET", body=None,
              headers={"Accept": "application/json"},
              query_string=urllib.parse.urlencode({"query": "{ __typename }\n#" + "x" * 100_000})))
    add(Probe("introspection", "{ __schema { queryType { name } } } (info: is introspection on?)",
              body=gql("{ __schema { queryType { name } } }")))
    typo = (af[:-1] if len(af) > 3 and not af.startswith("__") else "__typenam")
    add(Probe("field-suggestion", f"misspelt field {typo!r} (info: 'Did you mean' leak?)",
              body=gql("{ " + typo + " }")))
    # Cheap protocol probes first, then the document-cost probes, the ones most
    # likely to wedge an unprotected server last (once the server stops
    # answering, the remaining probes are skipped).
    rank = {name: i for i, name in enumerate(ORDER)}
    return sorted(p, key=lambda pr: rank.get(pr.name, len(rank)))


ORDER = [
    "malformed-json", "non-utf8-body", "non-utf8-get", "ct-text-plain", "ct-form",
    "ct-multipart", "ct-xml", "get-mutation", "unknown-opname", "batch-100",
    "vars-1MB-string", "vars-deep-json", "vars-100k-keys", "get-url-100KB",
    "introspection", "field-suggestion",
    "fragment-cycle", "directives-500", "invalid-fields-5000", "operations-1000",
    "fragments-1000", "aliases-1000", "query-1MB-comment", "query-1MB-tokens",
    "depth-200", "depth-50", "fragment-bomb",
]


# ---------------------------------------------------------------------- main


@dataclass
class Row:
    name: str
    what: str
    sent: int
    status: int | str
    elapsed: float
    size: int
    outcome: str
    alive: str
    note: str


def is_loopback(host: str) -> bool:
    """Loopback literal or a localhost name; no DNS lookup is made for other names."""
    h = host.strip("[]").lower()
    if h == "localhost" or h.endswith(".localhost"):
        return True
    try:
        return ipaddress.ip_address(h.split("%")[0]).is_loopback
    except ValueError:
        return False


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("url", nargs="?", default=DEFAULT_URL)
    ap.add_argument("--json", metavar="FILE", help="write all results as JSON")
    ap.add_argument("--only", default="", help="comma-separated probe names to run")
    ap.add_argument("--skip", default="", help="comma-separated probe names to leave out")
    ap.add_argument("--list", action="store_true", help="list probe names and exit")
    ap.add_argument("--slow", type=float, default=2.0, help="slow threshold in seconds (default 2)")
    ap.add_argument("--timeout", type=float, default=10.0, help="per-request timeout, <= 10 s")
    args = ap.parse_args(argv)

    if args.list:
        for pr in build_probes(Shape()):
            print(f"{pr.name:20} {pr.what}")
        return 0

    u = urllib.parse.urlsplit(args.url)
    if u.scheme not in ("http", "https") or not u.hostname:
        print(f"bad URL: {args.url}", file=sys.stderr)
        return 2
    if not is_loopback(u.hostname):
        print(f"refusing {u.hostname}: this probe only targets loopback addresses", file=sys.stderr)
        return 2
    timeout = min(max(args.timeout, 0.1), 10.0)

    budget = Budget(MAX_REQUESTS - 1)  # one request kept back for the final check
    shape = discover(budget, args.url, timeout)
    probes = build_probes(shape)
    only = {s for s in args.only.split(",") if s}
    skip = {s for s in args.skip.split(",") if s}
    probes = [pr for pr in probes if (not only or pr.name in only) and pr.name not in skip]

    print(f"target {args.url}; {shape.note or 'introspection ok'}; "
          f"alias field: {shape.alias_field}")
    rows: list[Row] = []
    server_alive = bool(alive(budget, args.url, timeout))  # preflight
    if not server_alive:
        print("preflight: the server does not answer { __typename }; no probe sent")
    for pr in probes:
        if not server_alive:
            rows.append(Row(pr.name, pr.what, 0, "skipped", 0.0, 0, "skipped", "-", "server stopped answering"))
            continue
        url = args.url
        if pr.query_string:
            url += ("&" if "?" in url else "?") + pr.query_string
        r = send(budget, pr.method, url, pr.body, pr.headers, timeout)
        if r.status == "budget":
            rows.append(Row(pr.name, pr.what, 0, "skipped", 0.0, 0, "skipped", "-", "request budget spent"))
            continue
        oc, note = outcome(r)
        if r.truncated:
            note = f"(response > {MAX_READ} B, truncated) " + note
        a_ok = alive(budget, args.url, timeout)
        if a_ok is False:
            time.sleep(3)  # one grace retry before calling it dead
            a_ok = alive(budget, args.url, timeout)
        a = {True: "yes", False: "no", None: "?"}[a_ok]
        if a_ok is False:
            server_alive = False
        if pr.name == "introspection":
            note = ("introspection ON" if oc == "executed" else "introspection off") + (f"; {note}" if note else "")
        if pr.name == "field-suggestion":
            leak = "did you mean" in r.body.decode("utf-8", "replace").lower()
            note = ("suggestions LEAK" if leak else "no suggestions") + (f"; {note}" if note else "")
        rows.append(Row(pr.name, pr.what, len(pr.body or b"") + len(pr.query_string),
                        r.status, r.elapsed, r.size, oc, a, note))

    # final liveness, unless the last probe already showed it
    final_alive = server_alive
    if server_alive and (not rows or rows[-1].alive != "yes"):
        budget.limit += 1
        final_alive = bool(alive(budget, args.url, timeout))

    hdr = f"{'probe':20} {'sent':>9} {'status':>10} {'time_s':>7} {'resp_B':>9} {'outcome':14} {'alive':5} note"
    print(hdr)
    print("-" * len(hdr))
    for rw in rows:
        note = (rw.note or "").replace("\n", " ")
        if len(note) > 70:
            note = note[:67] + "..."
        print(f"{rw.name:20} {rw.sent:>9} {str(rw.status):>10} {rw.elapsed:>7.2f} {rw.size:>9} "
              f"{rw.outcome:14} {rw.alive:5} {note}")

    ran = [rw for rw in rows if rw.status != "skipped"]
    slow = [rw for rw in ran if rw.elapsed > args.slow or rw.status == "timeout"]
    err5 = [rw for rw in ran if isinstance(rw.status, int) and rw.status >= 500]
    if args.json:
        with open(args.json, "w", encoding="utf-8") as fh:
            json.dump({"url": args.url, "requests": budget.used, "shape": asdict(shape),
                       "rows": [asdict(rw) for rw in rows], "alive": final_alive}, fh, indent=2)
    print(f"requests sent: {budget.used} (cap {MAX_REQUESTS})")
    print(f"abuse: {len(ran)} probes, {len(slow)} slow (>{args.slow:g} s), "
          f"{len(err5)} server errors (5xx), alive: {'yes' if final_alive else 'no'}")
    return 0 if (final_alive and not slow and not err5) else 1


if __name__ == "__main__":
    sys.exit(main())
