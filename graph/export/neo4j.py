"""A Neo4j import bundle: CSVs for ``neo4j-admin database import`` plus an equivalent Cypher script.

Nodes get a label from their kind (``finding`` → ``Finding``) and a shared ``PeelNode`` label,
so one uniqueness constraint indexes every id; relationship types are the edge kind in
UPPER_SNAKE. Property columns are typed (``line_start:long``) and lists use ``|`` as the array
delimiter. The zip has fixed timestamps, sorted entries and fixed compression, so the same graph
gives the same bytes.
"""

import csv
import io
import re
import zipfile
from collections.abc import Hashable, Iterable, Mapping
from dataclasses import dataclass
from typing import Any

import networkx as nx

from graph.export.canonical import (
    display_label,
    edge_id,
    format_scalar,
    sorted_edges,
    sorted_nodes,
    unify_type,
)

__all__ = ["ARRAY_DELIMITER", "BASE_LABEL", "export_neo4j", "node_label", "relationship_type"]

ARRAY_DELIMITER = "|"
BASE_LABEL = "PeelNode"
_ZIP_TIME = (1980, 1, 1, 0, 0, 0)
_NEO4J_TYPES = {str: "string", int: "long", float: "double", bool: "boolean"}
_CYPHER_CASTS = {str: "{}", int: "toInteger({})", float: "toFloat({})", bool: "toBoolean({})"}


def node_label(kind: object) -> str:
    """CamelCase label for a node kind: ``finding`` → ``Finding``, ``cause_of_concern`` → …"""
    parts = re.split(r"[^A-Za-z0-9]+", str(kind or "node"))
    return "".join(part[:1].upper() + part[1:] for part in parts if part) or "Node"


def relationship_type(kind: object) -> str:
    """UPPER_SNAKE relationship type for an edge kind: ``involves_unit`` → ``INVOLVES_UNIT``."""
    return re.sub(r"[^A-Za-z0-9]+", "_", str(kind)).strip("_").upper() or "RELATED_TO"


@dataclass(frozen=True)
class _Column:
    """One typed property column; knows its CSV header, cell text and Cypher conversion."""

    name: str
    base: type
    is_list: bool

    @property
    def header(self) -> str:
        suffix = _NEO4J_TYPES[self.base] + ("[]" if self.is_list else "")
        return self.name if suffix == "string" else f"{self.name}:{suffix}"

    def cell(self, value: Any) -> str:
        if value is None:
            return ""
        items = value if isinstance(value, list | tuple) else [value]
        if not self.is_list:
            return format_scalar(value)
        return ARRAY_DELIMITER.join(format_scalar(item) for item in items)

    def cypher(self) -> str:
        field = "row.`{}`".format(self.header.replace("`", "``"))
        cast = _CYPHER_CASTS[self.base]
        if not self.is_list:
            return cast.format(field)
        split = f"split({field}, '{ARRAY_DELIMITER}')"
        return split if self.base is str else f"[x IN {split} | {cast.format('x')}]"


def _columns(records: Iterable[Mapping[str, Any]], skip: frozenset[str]) -> list[_Column]:
    values: dict[str, list[Any]] = {}
    for record in records:
        for name, value in record.items():
            if name not in skip:
                values.setdefault(name, []).append(value)
    columns = []
    for name, vals in sorted(values.items()):
        is_list = any(isinstance(v, list | tuple) for v in vals)
        flat = [x for v in vals for x in (v if isinstance(v, list | tuple) else [v])]
        columns.append(_Column(name, unify_type(flat), is_list))
    return columns


def _csv(rows: Iterable[list[str]]) -> bytes:
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\n").writerows(rows)
    return buffer.getvalue().encode("utf-8")


def _cypher_string(text: str) -> str:
    return "'" + text.replace("\\", "\\\\").replace("'", "\\'") + "'"


def _set_clause(var: str, columns: list[_Column]) -> str:
    return ",\n    ".join(f"{var}.`{c.name.replace('`', '``')}` = {c.cypher()}" for c in columns)


def _script(node_groups: dict[str, list[_Column]], rel_groups: dict[str, list[_Column]]) -> str:
    out = [
        "// Creates the PEEL graph from nodes.csv and relationships.csv in Neo4j's import dir.",
        f"CREATE CONSTRAINT peel_node_id IF NOT EXISTS FOR (n:{BASE_LABEL})",
        "REQUIRE n.id IS UNIQUE;",
    ]
    for label, columns in node_groups.items():
        out += [
            "",
            "LOAD CSV WITH HEADERS FROM 'file:///nodes.csv' AS row",
            f"WITH row WHERE row.`:LABEL` = {_cypher_string(f'{label}|{BASE_LABEL}')}",
            f"CREATE (n:{BASE_LABEL}:`{label}` {{id: row.`id:ID`}})",
            f"SET {_set_clause('n', columns)};",
        ]
    for rel_type, columns in rel_groups.items():
        out += [
            "",
            "LOAD CSV WITH HEADERS FROM 'file:///relationships.csv' AS row",
            f"WITH row WHERE row.`:TYPE` = {_cypher_string(rel_type)}",
            f"MATCH (a:{BASE_LABEL} {{id: row.`:START_ID`}})",
            f"MATCH (b:{BASE_LABEL} {{id: row.`:END_ID`}})",
            f"CREATE (a)-[r:`{rel_type}`]->(b)",
            f"SET {_set_clause('r', columns)};",
        ]
    return "\n".join(out) + "\n"


def _readme(G: nx.Graph, nodes: int, relationships: int) -> str:
    name = G.graph.get("name", "PEEL graph")
    version = G.graph.get("version", "")
    return f"""{name} {version}
{nodes} nodes, {relationships} relationships.

Offline bulk import into a new, empty database (Neo4j 5):

  neo4j-admin database import full neo4j --nodes=import/nodes.csv \\
    --relationships=import/relationships.csv --array-delimiter="U+007C" \\
    --multiline-fields=true

Or, on a running database, copy both CSVs into its import directory and run import.cypher
(e.g. cypher-shell -f import.cypher). Every node has the label {BASE_LABEL} plus one from its
kind; list properties are split on "{ARRAY_DELIMITER}"; empty cells are missing properties.
"""


def _zip(files: Mapping[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name in sorted(files):
            info = zipfile.ZipInfo(name, date_time=_ZIP_TIME)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.create_system = 3
            info.external_attr = 0o100644 << 16
            archive.writestr(info, files[name], compresslevel=9)
    return buffer.getvalue()


def _group(
    items: list[tuple[str, Mapping[str, Any]]], columns: list[_Column]
) -> dict[str, list[_Column]]:
    """Per label/type, the columns that hold a value for at least one of its rows."""
    groups: dict[str, list[_Column]] = {}
    for group, data in sorted(items, key=lambda item: item[0]):
        used = groups.setdefault(group, [])
        used += [c for c in columns if data.get(c.name) is not None and c not in used]
    return {g: sorted(cols, key=columns.index) for g, cols in groups.items()}


def export_neo4j(G: nx.Graph) -> bytes:
    """A zip of ``nodes.csv``, ``relationships.csv``, ``import.cypher`` and ``README.txt``."""
    nodes = sorted_nodes(G)
    edges = sorted_edges(G)
    labelled: list[tuple[Hashable, dict[str, Any]]] = [
        (node, {**data, "label": display_label(node, data)}) for node, data in nodes
    ]
    node_columns = _columns((d for _, d in labelled), frozenset({"id"}))
    node_columns.sort(key=lambda c: (c.name not in ("label", "kind"), c.name != "label", c.name))
    edge_data = [{**d, "id": edge_id(u, v, k), "kind": d.get("kind", k)} for u, v, k, d in edges]
    edge_columns = _columns(edge_data, frozenset())
    edge_columns.sort(key=lambda c: (c.name not in ("id", "kind"), c.name != "id", c.name))

    node_rows = [["id:ID", ":LABEL", *(c.header for c in node_columns)]]
    for node, data in labelled:
        labels = f"{node_label(data.get('kind'))}{ARRAY_DELIMITER}{BASE_LABEL}"
        node_rows.append([str(node), labels, *(c.cell(data.get(c.name)) for c in node_columns)])
    rel_rows = [[":START_ID", ":END_ID", ":TYPE", *(c.header for c in edge_columns)]]
    for (u, v, _, _), data in zip(edges, edge_data, strict=True):
        rel_type = relationship_type(data["kind"])
        rel_rows.append(
            [str(u), str(v), rel_type, *(c.cell(data.get(c.name)) for c in edge_columns)]
        )

    node_groups = _group([(node_label(d.get("kind")), d) for _, d in labelled], node_columns)
    rel_groups = _group([(relationship_type(d["kind"]), d) for d in edge_data], edge_columns)
    return _zip(
        {
            "nodes.csv": _csv(node_rows),
            "relationships.csv": _csv(rel_rows),
            "import.cypher": _script(node_groups, rel_groups).encode("utf-8"),
            "README.txt": _readme(G, len(nodes), len(edges)).encode("utf-8"),
        }
    )
