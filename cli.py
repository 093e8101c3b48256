"""`peel-graph`: check reports and summarise the graph, export it, or serve the API.

The command line sits above every layer (beside `server.py`): it may call the graph, and
start the HTTP server, while `graph/` knows nothing of either (see the layers contract in
pyproject.toml).
"""

from __future__ import annotations

import argparse
import sys
from collections import Counter
from pathlib import Path

from graph.errors import PeelGraphError
from graph.export import FORMATS, ExportError, find_format
from graph.load import DEFAULT_DATA, Loaded, load_graph
from graph.query import (
    FILTER_HELP,
    PARAMS,
    GraphIndex,
    select_subgraph,
    selection_from_params,
)

EXPORT_EXAMPLES = """examples:
  peel-graph export --format gexf --out graph.gexf
  peel-graph export --format graphml --finding-themes supervision \\
      --finding-kinds cause-of-concern,area-for-improvement --out supervision.graphml
  peel-graph export --format node-link --finding-units SOMU --finding-grades inadequate
  peel-graph export --format mermaid --around unit:somu --depth 1
  peel-graph export --format neo4j --force staffordshire --out staffordshire.zip

Values within a filter are alternatives (comma-separated); different filters must all hold.
The same filters are the query parameters of GET /export/{format} (see GET /export)."""

__all__ = ["main", "summary"]


def summary(loaded: Loaded) -> str:
    """Counts by node and edge kind, each report's grade table, and its warnings."""
    g = loaded.graph
    lines = [
        f"graph {g.graph['version']}: {g.number_of_nodes()} nodes, {g.number_of_edges()} edges"
    ]
    nodes = Counter(d["kind"] for _, d in g.nodes(data=True))
    edges = Counter(k for _, _, k in g.edges(keys=True))
    lines += ["nodes by kind:"] + [f"  {k:<12} {n:>6}" for k, n in sorted(nodes.items())]
    lines += ["edges by kind:"] + [f"  {k:<17} {n:>6}" for k, n in sorted(edges.items())]
    for report in loaded.reports:
        lines.append(
            f"report {report.id} ({report.source}, {report.format}): {report.title},"
            f" {report.published}"
        )
        for area in report.areas:
            counts = Counter(f.kind for f in area.findings)
            detail = ", ".join(f"{n} {k}" for k, n in sorted(counts.items())) or "no findings"
            grade = area.grade or area.status.replace("_", " ")
            lines.append(f"  {area.short_name:<38} {grade:<22} {detail}")
        lines += [f"  warning: {w}" for w in report.warnings]
    return "\n".join(lines)


def _build(args: argparse.Namespace) -> int:
    files = [Path(f) for f in args.files] or None
    loaded = load_graph(Path(args.data), files)
    print(summary(loaded))
    for error in loaded.errors:
        print(f"error: {error}", file=sys.stderr)
    return 1 if loaded.errors else 0


def _export(args: argparse.Namespace) -> int:
    spec = find_format(args.format)
    assert spec is not None  # argparse's choices
    loaded = load_graph(Path(args.data))
    for error in loaded.errors:
        print(f"error: {error}", file=sys.stderr)
    params = {name: [value] for name in PARAMS if (value := getattr(args, name)) is not None}
    try:
        graph = select_subgraph(GraphIndex.build(loaded.graph), selection_from_params(params))
        content = spec.function(graph)
    except (PeelGraphError, ExportError, ValueError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    data = content if isinstance(content, bytes) else content.encode("utf-8")
    if args.out in (None, "-"):
        sys.stdout.buffer.write(data)
        sys.stdout.flush()
    else:
        Path(args.out).write_bytes(data)
        print(f"wrote {args.out}: {graph.number_of_nodes()} nodes, {graph.number_of_edges()}"
              f" edges ({spec.name})", file=sys.stderr)
    return 1 if loaded.errors else 0


def _evaluate(args: argparse.Namespace) -> int:
    from graph.errors import PeelGraphError
    from graph.evaluate import evaluate_paths

    try:
        print(evaluate_paths([Path(p) for p in args.gold], Path(args.answers) if args.answers
                             else None, args.answers_report, args.details))
    except PeelGraphError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    return 0


def _serve(args: argparse.Namespace) -> int:
    import server  # imported only to serve: `build` and `export` need no HTTP stack

    return server.main(["--host", args.host, "--port", str(args.port), "--data", args.data])


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="peel-graph", description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True)
    build = commands.add_parser("build", help="check reports and print a summary of the graph")
    build.add_argument("--data", default=str(DEFAULT_DATA), help="data folder (default: data/)")
    build.add_argument("files", nargs="*", help="report files (default: every report in --data)")
    build.set_defaults(run=_build)
    export = commands.add_parser(
        "export", help="export the graph or a filtered part of it",
        description="Export the whole graph, or the part the filters select, in one format.",
        epilog=EXPORT_EXAMPLES, formatter_class=argparse.RawDescriptionHelpFormatter)
    names = [*FORMATS, *(n.replace("-", "_") for n in FORMATS if "-" in n)]
    export.add_argument("--format", required=True, choices=names, metavar="FORMAT",
                        help=f"one of {', '.join(FORMATS)} (node_link is accepted too)")
    export.add_argument("--out", help="output file (default: standard output, or -)")
    export.add_argument("--data", default=str(DEFAULT_DATA), help="data folder (default: data/)")
    for name in PARAMS:
        export.add_argument(f"--{name.replace('_', '-')}", dest=name, metavar="VALUE",
                            help=FILTER_HELP[name])
    export.set_defaults(run=_export)
    evaluate = commands.add_parser("evaluate", help="theme and unit/partner scores against gold")
    evaluate.add_argument("gold", nargs="*", help="gold TOML files (default: eval/gold/*.toml)")
    evaluate.add_argument("--answers", help="also an answers JSON file (supervision, entities)")
    evaluate.add_argument("--answers-report", help="the report file the answers are for")
    evaluate.add_argument("--details", action="store_true", help="list every error and miss")
    evaluate.set_defaults(run=_evaluate)
    serve = commands.add_parser("serve", help="serve the GraphQL API")
    serve.add_argument("--host", default="127.0.0.1")
    serve.add_argument("--port", type=int, default=8000)
    serve.add_argument("--data", default=str(DEFAULT_DATA))
    serve.set_defaults(run=_serve)
    args = parser.parse_args(argv)
    return args.run(args)


if __name__ == "__main__":
    raise SystemExit(main())
