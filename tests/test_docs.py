"""The documentation site (``docs/``, ``make docs``): built, complete, linked, and seen in Chromium.

The suite builds the fast part of the site once (``docs/site.py --fast``: Sphinx with warnings as
errors, every notebook rendered, only ``01_corpus_tour`` executed, so one notebook page has its
figures; executed copies are cached in ``build/docs/executed/``) into a temporary folder, then
checks what ``make docs`` promises: every name of ``termshift.__all__`` has its API anchor, every
notebook is a page, every relative link and ``#anchor`` resolves, there is a search index and the
version shows. The browser test (marked ``browser``) opens the site in Debian's Chromium through
Playwright, as ``tests/test_browser.py`` does, and keeps screenshots in ``build/docs-screenshots/``.
"""

from __future__ import annotations

import functools
import http.server
import importlib.util
import re
import threading
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest

import termshift
from termshift.paths import NOTEBOOKS_DIR, PROJ_ROOT

DOCS = PROJ_ROOT / "docs"
EXECUTED = ["01_corpus_tour"]  # the notebook page the tests see with its figures
SCREENSHOTS = PROJ_ROOT / "build" / "docs-screenshots"
OLD_README = Path(__file__).parent / "fixtures" / "docs" / "README_before_site.md"


def _site_module():
    spec = importlib.util.spec_from_file_location("termshift_docs_site", DOCS / "site.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("docs")
    code = _site_module().build(out, fast=True, execute_only=EXECUTED)
    assert code == 0, "sphinx-build -W failed: see its warnings above (python docs/site.py --fast)"
    return out / "html"


class _Page(HTMLParser):
    """The ids of a page and the relative references it makes (href of a/link, src of img/script)."""

    def __init__(self):
        super().__init__()
        self.ids: set[str] = set()
        self.refs: list[str] = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        for key in ("id", "name") if tag == "a" else ("id",):
            if attrs.get(key):
                self.ids.add(attrs[key])
        ref = attrs.get("href") if tag in ("a", "link") else attrs.get("src") if tag in ("img", "script") else None
        if ref:
            self.refs.append(ref)


@functools.cache
def _parse(path: Path) -> _Page:
    page = _Page()
    page.feed(path.read_text(encoding="utf-8"))
    return page


def broken_links(root: Path) -> list[str]:
    """Every relative link of every page under ``root`` whose file or ``#anchor`` does not exist."""
    problems, root = [], root.resolve()
    for page in sorted(root.rglob("*.html")):
        for ref in _parse(page).refs:
            parts = urlsplit(ref)
            if parts.scheme or parts.netloc or ref.startswith(("mailto:", "javascript:")):
                continue
            target = (page.parent / unquote(parts.path)).resolve() if parts.path else page
            if target.is_dir():
                target = target / "index.html"
            where = f"{page.relative_to(root)}: {ref}"
            if not target.is_file():
                problems.append(f"{where}: no file {target}")
            elif parts.fragment and target.suffix == ".html" and unquote(parts.fragment) not in _parse(target).ids:
                problems.append(f"{where}: no anchor #{parts.fragment} in {target.relative_to(root)}")
    return problems


def test_link_checker_finds_a_missing_file_and_a_missing_anchor(tmp_path):
    (tmp_path / "a.html").write_text('<p id="here"><a href="a.html#here">ok</a> <a href="#gone">x</a>'
                                     '<img src="img/none.png"><a href="https://example.org/x">out</a></p>')
    assert sorted(broken_links(tmp_path)) == ["a.html: #gone: no anchor #gone in a.html",
                                              f"a.html: img/none.png: no file {tmp_path / 'img' / 'none.png'}"]


def test_a_change_note_links_to_the_site_pages_and_the_repository_files(tmp_path):
    """Notes in docs/changes/ link as in the checkout; on the site the links point at pages or copies."""
    site = _site_module()
    note = DOCS / "changes" / "issue-0.md"
    text = ("[r](../../README.md) [n](../../notebooks/02_framing_terms.ipynb#x) [g](../guide/statistics.md) "
            "[c](../../lib/termshift/counts.py) [w](https://example.org/a.md) [o](../../tests/fixtures/docs/"
            "README_before_site.md) [s](../../README.md#validating-a-dictionary) [u](../../README.md#gone)")
    staged = tmp_path / "changes" / "issue-0.md"
    assert site.relink(text, note, staged, tmp_path) == (
        "[r](../index.md) [n](../tutorials/02_framing_terms.ipynb#x) [g](../guide/statistics.md) "
        "[c](../_repo/lib/termshift/counts.py) [w](https://example.org/a.md) "
        "[o](../_repo/tests/fixtures/docs/README_before_site.md.txt) "
        "[s](../guide/statistics.md#validating-a-dictionary) [u](../index.md)")
    assert (tmp_path / "_repo" / "lib" / "termshift" / "counts.py").is_file()


def test_the_first_study_runs_as_printed(tmp_path, monkeypatch, capsys):
    """The Python of "A first study in ten minutes" runs from a checkout-like folder and says what it shows."""
    page = (DOCS / "getting-started.md").read_text(encoding="utf-8")
    study = page[page.index("## A first study in ten minutes"):]
    blocks = re.findall(r"```python\n(.*?)```", study, flags=re.S)
    assert len(blocks) == 4
    (tmp_path / "corpus").symlink_to(PROJ_ROOT / "corpus")
    monkeypatch.chdir(tmp_path)
    scope: dict = {}
    exec(compile("\n".join(blocks), "getting-started.md", "exec"), scope)
    assert "242 file(s) seen = 240 loaded + 0 skipped + 2 ignored" in capsys.readouterr().out
    result = scope["result"]
    shown = (result.change_period, result.change_period_low, result.change_period_high, result.p_value)
    assert f"# {shown}" in study.replace("\n", " ")
    assert sorted(p.name for p in (tmp_path / "my_figures").glob("my_first_shift.*")) == [
        "my_first_shift.pdf", "my_first_shift.png", "my_first_shift.svg"]


def _normal(text: str) -> str:
    """Markdown compared without its link targets (pages link from other folders) or line breaks."""
    return " ".join(re.sub(r"\]\([^)]*\)", "]", text).split())


def test_nothing_the_old_readme_said_is_lost():
    """Each paragraph of the README before it became a front page is in a page of docs/.

    The fixture is the README as it was; when a page of docs/ is rewritten on purpose, edit the
    paragraph in the fixture with it (so a paragraph is never dropped by accident).
    """
    pages = _normal("\n".join(p.read_text(encoding="utf-8") for p in sorted(DOCS.rglob("*.md"))))
    blocks = [b for b in re.split(r"\n\s*\n", OLD_README.read_text(encoding="utf-8"))
              if b.strip() and not re.fullmatch(r"#+ .*", b.strip())]
    assert len(blocks) > 50
    missing = [b.strip().splitlines()[0] for b in blocks if _normal(b) not in pages]
    assert not missing, f"paragraphs of the old README found in no page of docs/: {missing}"


def test_readme_is_a_front_page_that_states_the_environment_once():
    readme = (PROJ_ROOT / "README.md").read_text(encoding="utf-8")
    assert len(readme.splitlines()) < 100
    assert readme.count("source .venv/bin/activate") == 1
    assert "make all" in readme and "make test" in readme and "make docs" in readme
    for link in re.findall(r"\]\(([^)#]+)\)", readme):  # every relative link of the front page exists
        assert (PROJ_ROOT / link).exists(), link


@pytest.mark.notebooks
def test_every_public_name_has_its_api_anchor(site):
    ids = _parse(site / "api" / "termshift.html").ids
    missing = [name for name in termshift.__all__ if f"termshift.{name}" not in ids]
    assert not missing, f"no API entry (anchor termshift.NAME) for {missing}"
    count_terms = (site / "api" / "termshift.html").read_text(encoding="utf-8")
    assert "Parameters" in count_terms and "Examples" in count_terms  # numpydoc sections rendered


@pytest.mark.notebooks
def test_every_module_with_all_has_a_page(site):
    for name in _site_module().public_modules():
        assert (site / "api" / f"{name}.html").is_file(), name


@pytest.mark.notebooks
def test_every_notebook_is_a_page_and_the_executed_one_shows_its_figures(site):
    # git tracks the py:percent sources; every one is a page
    sources = sorted(NOTEBOOKS_DIR.glob("[0-9]*.py"))
    assert len(sources) >= 7
    for notebook in sources:
        assert (site / "tutorials" / f"{notebook.stem}.html").is_file(), notebook.name
    for notebook in sorted((NOTEBOOKS_DIR / "exercises").glob("[0-9]*.py")):
        assert (site / "classroom" / "exercises" / f"{notebook.stem}.html").is_file(), notebook.name
    page = site / "tutorials" / f"{EXECUTED[0]}.html"
    images = [r for r in _parse(page).refs if r.startswith("../_images/")]
    assert len(images) >= 2  # notebook 01 draws two figures
    assert all((page.parent / r).stat().st_size > 1000 for r in images)


@pytest.mark.notebooks
def test_no_internal_link_is_broken(site):
    assert broken_links(site) == []


@pytest.mark.notebooks
def test_search_index_version_and_sections(site):
    index = (site / "searchindex.js").read_text(encoding="utf-8")
    assert "count_terms" in index and "load_corpus" in index
    home = (site / "index.html").read_text(encoding="utf-8")
    assert f"v{termshift.__version__}" in home and f"termshift {termshift.__version__}" in home
    for page in ["getting-started", "guide/index", "guide/statistics", "inference", "tutorials/index",
                 "classroom/index", "classroom/instructor_guide", "api/index", "benchmarks", "changelog", "cite"]:
        assert (site / f"{page}.html").is_file(), page
    changelog = _parse(site / "changelog.html").refs
    for note in sorted((DOCS / "changes").glob("*.md")):
        assert f"changes/{note.stem}.html" in changelog, note.name
    cite = re.sub(r"<[^>]+>", "", (site / "cite.html").read_text(encoding="utf-8"))  # text without highlighting
    assert "@software{termshift" in cite and f"version = {{{termshift.__version__}}}" in cite


# ------------------------------------------------------------------------------------------------ browser
@pytest.fixture(scope="module")
def served(site):
    """The site over HTTP on a free port of 127.0.0.1, as a reader's browser gets it."""
    handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=str(site))
    handler.log_message = lambda *args: None
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


@pytest.fixture(scope="module")
def chromium(tmp_path_factory):
    from test_browser import CHROMIUM, CHROMIUM_ARGS, _require_browser

    _require_browser()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        context = p.chromium.launch_persistent_context(
            str(tmp_path_factory.mktemp("chromium-docs")), executable_path=CHROMIUM, headless=True,
            args=CHROMIUM_ARGS, viewport={"width": 1400, "height": 1000})
        context.set_default_timeout(30_000)
        yield context
        context.close()


@pytest.mark.browser
@pytest.mark.notebooks
def test_site_in_chromium(served, chromium):
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page = chromium.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))

    page.goto(f"{served}/index.html")
    assert page.locator(".ts-version").first.inner_text().strip() == f"v{termshift.__version__}"
    assert page.locator("nav").get_by_text("User guide").count() >= 1
    gallery = page.evaluate("Array.from(document.querySelectorAll('article img')).map(i => i.naturalWidth)")
    assert len(gallery) >= 8 and min(gallery) > 0
    page.screenshot(path=str(SCREENSHOTS / "index.png"))

    page.goto(f"{served}/api/termshift.html#termshift.count_terms")
    entry = page.locator('[id="termshift.count_terms"]')
    assert entry.is_visible() and "count_terms" in entry.inner_text()
    page.screenshot(path=str(SCREENSHOTS / "api_count_terms.png"))

    page.goto(f"{served}/tutorials/{EXECUTED[0]}.html")
    page.wait_for_load_state("load")
    widths = page.evaluate("Array.from(document.querySelectorAll('.cell_output img'))"
                           ".map(i => i.complete ? i.naturalWidth : 0)")
    assert len(widths) >= 2 and min(widths) > 0, widths
    page.screenshot(path=str(SCREENSHOTS / "notebook_01.png"), full_page=True)

    page.goto(f"{served}/search.html?q=count_terms")
    results = page.locator("#search-results ul.search li")
    results.first.wait_for()
    assert results.count() >= 1
    assert any("api/" in (results.nth(i).locator("a").first.get_attribute("href") or "")
               for i in range(results.count()))
    page.screenshot(path=str(SCREENSHOTS / "search.png"))
    assert not errors, errors
