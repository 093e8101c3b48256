"""Write the trusted-documents allowlist: SHA-256 → document, for PEEL_TRUSTED_DOCUMENTS.

From the playground's examples (data/examples/*.graphql, as the playground sends them) and
any client's manifest of persisted operations:

- Relay's (`persistConfig: {file: …, algorithm: "SHA256"}` in relay.config.json): a JSON
  object of id → document text;
- Apollo's (`@apollo/generate-persisted-query-manifest`): `{"format":
  "apollo-persisted-query-manifest", "operations": [{"id", "body", …}]}`.

Every id is checked to be its document's SHA-256 (what clients send as `sha256Hash`); a
manifest with another hash is refused, naming the file and the operation.

    python scripts/trusted_documents.py --out trusted-documents.json [manifest.json …]
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from web.examples import load_examples  # noqa: E402  (the playground's own reading)

EXAMPLES = ROOT / "data" / "examples"


def sha256(document: str) -> str:
    return hashlib.sha256(document.encode("utf-8")).hexdigest()


def from_manifest(path: Path) -> dict[str, str]:
    data = json.loads(path.read_text(encoding="utf-8"))
    if isinstance(data, dict) and data.get("format") == "apollo-persisted-query-manifest":
        pairs = [(op.get("id"), op.get("body")) for op in data.get("operations", [])]
    elif isinstance(data, dict):
        pairs = list(data.items())
    else:
        raise ValueError(f"{path}: not a Relay or Apollo manifest of persisted operations")
    documents = {}
    for digest, document in pairs:
        if not isinstance(document, str) or sha256(document) != digest:
            raise ValueError(f"{path}: operation {digest!r} is not its document's SHA-256 "
                             "(generate the manifest with SHA-256 ids)")
        documents[digest] = document
    return documents


def allowlist(manifests: list[Path]) -> dict[str, str]:
    documents = {sha256(text): text for _title, text in load_examples(EXAMPLES)}
    for manifest in manifests:
        documents.update(from_manifest(manifest))
    return dict(sorted(documents.items()))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("manifests", nargs="*", type=Path, help="client manifests to add")
    parser.add_argument("--out", type=Path, required=True, help="the allowlist to write")
    args = parser.parse_args(argv)
    try:
        documents = allowlist(args.manifests)
    except (OSError, ValueError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    args.out.write_text(json.dumps(documents, indent=2) + "\n", encoding="utf-8")
    print(f"wrote {args.out}: {len(documents)} trusted documents")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
