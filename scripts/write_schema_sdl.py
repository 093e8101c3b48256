"""Write the running schema's SDL to schema.graphql (the committed contract clients read)."""

from __future__ import annotations

from pathlib import Path

from schema import build_schema

SDL = Path(__file__).resolve().parent.parent / "schema.graphql"


def main() -> None:
    SDL.write_text(build_schema().as_str() + "\n", encoding="utf-8")
    print(f"wrote {SDL}")


if __name__ == "__main__":
    main()
