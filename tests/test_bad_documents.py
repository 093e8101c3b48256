"""Bad documents: each is refused with the file and the reason, by the loader, by `peel-graph
build` (exit 1) and by `POST /reports` (4xx), and nothing of it reaches the graph."""

from __future__ import annotations

import resource
import shutil
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import bad_documents as bad
import pytest

from graph.documents import Limits, read_document
from graph.errors import ReportError
from graph.load import load_graph, read_report

ROOT = Path(__file__).resolve().parent.parent
pytestmark = pytest.mark.skipif(
    not bad.REAL.with_suffix(".pdf").is_file(), reason="../shared/reports is not present"
)

CASES: dict[str, tuple[str, Callable[[], bytes], str]] = {
    "encrypted": ("locked.pdf", bad.encrypted, "encrypted PDF"),
    "scan": ("scan.pdf", bad.without_text, "no text layer (a scanned PDF?): OCR is not supported"),
    "truncated": ("cut.pdf", bad.truncated, "truncated PDF"),
    "not a report (PDF)": ("middle.pdf", bad.not_a_report_pdf, "not a PEEL report"),
    "not a report (HTML)": ("cookies.html", lambda: bad.NOT_A_REPORT_HTML, "not a PEEL report"),
    "damaged": ("junk.pdf", lambda: b"%PDF-1.7\n" + bytes(range(256)) * 40 + b"\n%%EOF\n",
                "damaged PDF"),
}  # fmt: skip


@pytest.fixture(scope="module")
def files(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("bad")
    out = {}
    for case, (name, make, _) in CASES.items():
        out[case] = folder / name
        out[case].write_bytes(make())
    return out


@pytest.mark.parametrize("case", list(CASES))
def test_loader_names_the_file_and_the_reason(files: dict[str, Path], case: str) -> None:
    path = files[case]
    started = time.perf_counter()
    with pytest.raises(ReportError) as caught:
        read_report(path)
    assert time.perf_counter() - started < 5
    message = str(caught.value)
    assert path.name in message and CASES[case][2] in message, message


def test_huge_html_is_refused_before_it_is_parsed(tmp_path: Path) -> None:
    path = tmp_path / "huge.html"
    path.write_bytes(bad.huge_html())
    started = time.perf_counter()
    with pytest.raises(ReportError, match=r"huge\.html: too large \(52,4\d\d,\d\d\d bytes"):
        read_report(path)
    with pytest.raises(ReportError, match="the limit for an HTML page is 10,485,760"):
        read_document(bad.huge_html(11 * 1024 * 1024), "big.html")
    assert time.perf_counter() - started < 3


def test_limits_on_pages_and_time_hold() -> None:
    with pytest.raises(ReportError, match="32 pages; the limit for a PDF is 10"):
        read_document(bad.real_pdf(), "real.pdf", limits=Limits(pdf_pages=10))
    with pytest.raises(ReportError, match="took longer than 0 s"):
        read_document(bad.real_pdf(), "real.pdf", limits=Limits(seconds=0))
    with pytest.raises(ReportError, match="too much text"):
        read_document(bad.real_html(), "real.html", limits=Limits(extracted_chars=10_000))


def test_a_pdf_that_would_exhaust_memory_is_refused_and_the_process_unharmed() -> None:
    """400 KB that PDFium would expand to gigabytes: the worker hits its ceiling, the file is
    refused, this process barely grows, and the next PDF reads with a fresh worker."""
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    started = time.perf_counter()
    with pytest.raises(ReportError, match=r"bomb\.pdf: the PDF reader gave up on it \(over 256"):
        read_document(bad.content_bomb(200), "bomb.pdf", limits=Limits(pdf_memory=256 * 2**20))
    assert time.perf_counter() - started < 20
    assert resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before < 100 * 1024  # KiB
    assert read_document(bad.pages_of_real(1, 3), "next.pdf").pages


def test_a_pdf_that_takes_too_long_is_stopped(monkeypatch: pytest.MonkeyPatch) -> None:
    from graph.documents import isolation

    read_document(bad.pages_of_real(1, 2), "warm.pdf")  # the worker is running
    monkeypatch.setattr(isolation, "START_ALLOWANCE", 0.0)
    started = time.perf_counter()
    with pytest.raises(ReportError, match=r"slow\.pdf: took longer than 0\.3 s to read"):
        read_document(bad.content_bomb(20), "slow.pdf", limits=Limits(seconds=0.3))
    assert time.perf_counter() - started < 3  # killed, not waited for
    assert read_document(bad.pages_of_real(1, 2), "after.pdf").pages


def test_deeply_nested_html_is_read_without_recursion_errors() -> None:
    page = b"<html><body><main>" + b"<div>" * 5000 + b"deep" + b"</div>" * 5000 + b"</main>"
    with pytest.raises(ReportError, match=r"deep\.html: (not a PEEL report|the HTML page has no)"):
        read_report_bytes(page, "deep.html")


def read_report_bytes(data: bytes, name: str) -> None:
    from graph.load import parse_document

    parse_document(read_document(data, name), name)


def test_build_exits_non_zero_and_loads_only_the_good_report(
    files: dict[str, Path], tmp_path: Path
) -> None:
    folder = tmp_path / "data" / "reports"
    folder.mkdir(parents=True)
    shutil.copy(ROOT / "data" / "reports" / "staffordshire-peel-2021-22.txt", folder)
    for path in files.values():
        shutil.copy(path, folder)
    result = subprocess.run(
        [sys.executable, "-m", "cli", "build", "--data", str(tmp_path / "data")],
        capture_output=True,
        text=True,
        cwd=ROOT,
        check=False,
        timeout=120,
    )
    assert result.returncode == 1
    for case, path in files.items():
        assert f"{path.name}: " in result.stderr and CASES[case][2] in result.stderr, case
    assert result.stdout.count("\nreport ") == 1
    loaded = load_graph(tmp_path / "data")
    assert [r.id for r in loaded.reports] == ["staffordshire-2021-22"]
    assert {Path(e.source).name for e in loaded.errors} == {p.name for p in files.values()}
    assert all(d.get("report") in (None, "report:staffordshire-2021-22")
               for _, d in loaded.graph.nodes(data=True))  # fmt: skip


# -- POST /reports -----------------------------------------------------------------------------

from test_admin import AUTH, Api  # noqa: E402


@pytest.fixture
def api(tmp_path: Path) -> Iterator[Api]:
    folder = tmp_path / "data"
    (folder / "reports").mkdir(parents=True)
    shutil.copy(ROOT / "data" / "lexicon.toml", folder / "lexicon.toml")
    shutil.copy(ROOT / "data" / "reports" / "staffordshire-peel-2021-22.txt", folder / "reports")
    client = Api(folder, max_report_bytes=4 * 1024 * 1024)
    yield client
    client.close()


@pytest.mark.parametrize("case", list(CASES))
def test_post_refuses_bad_documents_with_400(api: Api, files: dict[str, Path], case: str) -> None:
    name = files[case].name
    media = "application/pdf" if name.endswith(".pdf") else "text/html"
    before = api.state()
    response = api.request(
        "POST",
        "/reports",
        content=files[case].read_bytes(),
        headers={**AUTH, "content-type": media},
    )
    assert response.status_code == 400, response.text
    error = response.json()["errors"][0]
    assert error["extensions"]["code"] == "BAD_USER_INPUT"
    assert error["message"].startswith("the submitted report: ")
    assert CASES[case][2] in error["message"]
    assert api.state() == before


def test_post_refuses_an_oversized_html_page_with_413(api: Api) -> None:
    before = api.state()
    response = api.request(
        "POST", "/reports", content=bad.huge_html(), headers={**AUTH, "content-type": "text/html"}
    )
    assert response.status_code == 413
    assert response.json()["errors"][0]["extensions"]["code"] == "PAYLOAD_TOO_LARGE"
    assert api.state() == before


def test_post_refuses_an_unsupported_media_type(api: Api) -> None:
    response = api.request(
        "POST", "/reports", content=b"\x89PNG\r\n", headers={**AUTH, "content-type": "image/png"}
    )
    assert response.status_code == 400
    assert "unsupported media type 'image/png'" in response.json()["errors"][0]["message"]


def test_post_accepts_a_pdf_and_an_html_page(api: Api) -> None:
    html = bad.real_html().replace(b"Staffordshire", b"Derbyshire")
    response = api.request(
        "POST",
        "/reports",
        content=html,
        headers={**AUTH, "content-type": "text/html; charset=utf-8"},
    )
    assert response.status_code == 201, response.text
    assert response.json()["id"] == "report:derbyshire-2021-22"
    listing = sorted(p.name for p in (api.data / "reports").iterdir())
    assert "derbyshire-2021-22.html" in listing
    # The same report again as a PDF (here the real one, replacing the text file).
    response = api.request(
        "POST",
        "/reports?replace=true",
        content=bad.real_pdf(),
        headers={**AUTH, "content-type": "application/pdf"},
    )
    assert response.status_code == 200, response.text
    listing = sorted(p.name for p in (api.data / "reports").iterdir())
    assert "staffordshire-2021-22.pdf" in listing
    assert "staffordshire-peel-2021-22.txt" not in listing
    result = api.graphql(
        '{ reports { id format } node(id: "finding:staffordshire-2021-22:'
        'investigating-crime:cause-of-concern-1") { ... on Finding {'
        " source { pages anchor lineStart } } } }"
    )
    formats = {r["id"]: r["format"] for r in result["data"]["reports"]}
    assert formats == {"report:derbyshire-2021-22": "html", "report:staffordshire-2021-22": "pdf"}
    assert result["data"]["node"]["source"]["pages"]
