"""The notebooks as a user sees them: JupyterLab in Chromium, every figure shown, no error (issue 12).

JupyterLab runs on a free port of 127.0.0.1 with a random token, its own
runtime, config, data, settings and workspace folders, and a temporary copy
of ``notebooks/`` and ``corpus/`` as its root (nothing in the checkout is
written). Chromium (the Debian package, ``apt-get install chromium``) is
driven by Playwright for Python, headless, with a fresh profile and no
background networking. Each analysis notebook (``notebooks/0*.ipynb``) is
opened in the UI, run with *Run > Run All Cells* in a fresh kernel that has
the inline backend (``MPLBACKEND`` removed), and must show

* every code cell executed, no error or warning output (nothing on stderr);
* one image per figure cell and none elsewhere. The notebooks make every
  figure with ``plots.subplots()`` / ``plots.figure()`` (``test_notebooks.py``
  checks it), so a cell shows as many images as it has such calls; the inline
  backend shows each figure once, at the end of its cell.

* Japanese text drawn with real glyphs (issue 25): every distinct CJK
  character shown in the notebook is drawn on a canvas in the font of the
  element that holds it, and must neither match the drawing of a code point no
  font has (U+0378: the missing-glyph box, "tofu") nor be blank. Notebook 06
  must show Japanese at all. Chromium needs a CJK font for this
  (``apt-get install fonts-noto-cjk``; ``.ci/run`` installs it); without one,
  every Japanese heading, table cell and KWIC line is a row of boxes.
  ``document.fonts.check`` cannot tell: it answers true for system fonts
  whether or not they hold the glyphs. The check is proved able to fail by
  :func:`test_the_glyph_check_fails_without_a_cjk_font`, which runs it in a
  Chromium whose fontconfig rejects every ``*CJK*`` font.

The notebooks are the tracked py:percent sources; each ``.ipynb`` is built from
its ``.py`` in the temporary copy (as ``make notebooks`` does; git does not
track them).

A screenshot of each notebook goes to ``$TERMSHIFT_SCREENSHOTS`` (default: a
temporary folder, printed). Marked ``browser``: ``make test-fast`` skips it,
``make browser-test`` runs it alone. Without Chromium or Playwright it skips
with the reason, unless ``TERMSHIFT_REQUIRE_BROWSER=1`` (set by ``.ci/run``),
where it fails.
"""

from __future__ import annotations

import json
import os
import re
import secrets
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import jupytext
import pytest

from termshift.paths import NOTEBOOKS_DIR, PROJ_ROOT

pytestmark = pytest.mark.browser

CHROMIUM = os.environ.get("TERMSHIFT_CHROMIUM") or shutil.which("chromium") or "/usr/bin/chromium"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]
NOTEBOOKS = sorted(NOTEBOOKS_DIR.glob("0[0-9]_*.py"))  # the sources; Lab opens the .ipynb built from each
MUST_SHOW_JAPANESE = {"06_bilingual_comparison"}
NOTEBOOK_TIMEOUT = 240  # seconds per notebook, from opening to idle
FIGURE_CALL = re.compile(r"\b(?:plots|plt)\.(?:subplots|figure)\(")
# Lab settings: render every cell (no windowing: off-screen cells would have no DOM), no news or update checks
LAB_SETTINGS = {
    "@jupyterlab/notebook-extension/tracker.jupyterlab-settings": {"windowingMode": "none"},
    "@jupyterlab/apputils-extension/notification.jupyterlab-settings": {"fetchNews": "false",
                                                                      "checkForUpdates": False},
}


def _missing():
    problems = []
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        problems.append("Playwright for Python is not installed (pip install 'termshift[dev]')")
    if not (os.path.isfile(CHROMIUM) and os.access(CHROMIUM, os.X_OK)):
        problems.append(f"no Chromium at {CHROMIUM} (apt-get install chromium, or set TERMSHIFT_CHROMIUM)")
    return problems


def _require_browser():
    problems = _missing()
    if problems:
        reason = "browser test: " + "; ".join(problems)
        if os.environ.get("TERMSHIFT_REQUIRE_BROWSER") == "1":
            pytest.fail(reason + " (TERMSHIFT_REQUIRE_BROWSER=1)")
        pytest.skip(reason)


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _api(url, method="GET"):
    req = urllib.request.Request(url, method=method)
    with urllib.request.urlopen(req, timeout=10) as r:  # noqa: S310 - 127.0.0.1 only
        body = r.read()
    return json.loads(body) if body else None


class Lab:
    """A JupyterLab server on 127.0.0.1 with a token, isolated in ``home``."""

    def __init__(self, home: Path):
        self.root = home / "root"
        (self.root / "notebooks").mkdir(parents=True)
        for p in NOTEBOOKS_DIR.iterdir():
            if p.is_file() and p.suffix != ".ipynb":  # a local .ipynb may hold outputs from Lab: built afresh
                shutil.copy2(p, self.root / "notebooks" / p.name)
        for source in NOTEBOOKS:  # the pair Lab opens, as `make notebooks` builds it from the tracked .py
            jupytext.write(jupytext.read(source), self.root / "notebooks" / f"{source.stem}.ipynb")
        shutil.copytree(PROJ_ROOT / "corpus", self.root / "corpus")
        shutil.copy2(PROJ_ROOT / "jupytext.toml", self.root / "jupytext.toml")  # as `make lab` sees it
        settings = home / "settings"
        for rel, values in LAB_SETTINGS.items():
            (settings / rel).parent.mkdir(parents=True, exist_ok=True)
            (settings / rel).write_text(json.dumps(values), encoding="utf-8")
        env = {k: v for k, v in os.environ.items() if k not in ("MPLBACKEND", "TERMSHIFT_FIGURES_DIR")}
        for var, sub in [("JUPYTER_RUNTIME_DIR", "runtime"), ("JUPYTER_CONFIG_DIR", "config"),
                         ("JUPYTER_DATA_DIR", "data"), ("JUPYTERLAB_WORKSPACES_DIR", "workspaces"),
                         ("IPYTHONDIR", "ipython")]:
            (home / sub).mkdir()
            env[var] = str(home / sub)
        env["JUPYTERLAB_SETTINGS_DIR"] = str(settings)
        env["PYDEVD_DISABLE_FILE_VALIDATION"] = "1"
        self.port, self.token = _free_port(), secrets.token_hex(16)
        self.url = f"http://127.0.0.1:{self.port}"
        cmd = [sys.executable, "-m", "jupyter", "lab", "--no-browser", "--ServerApp.ip=127.0.0.1",
               f"--ServerApp.port={self.port}", "--ServerApp.port_retries=0",
               f"--IdentityProvider.token={self.token}", f"--ServerApp.root_dir={self.root}",
               "--LabApp.news_url=None", "--LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate"]
        if hasattr(os, "geteuid") and os.geteuid() == 0:
            cmd.append("--allow-root")
        self.log = home / "lab.log"
        with open(self.log, "wb") as log:
            self.proc = subprocess.Popen(cmd, cwd=self.root, env=env, stdout=log, stderr=subprocess.STDOUT)
        deadline = time.monotonic() + 90
        while True:
            try:
                _api(f"{self.url}/api/status?token={self.token}")
                return
            except OSError:
                if self.proc.poll() is not None or time.monotonic() > deadline:
                    self.stop()
                    raise RuntimeError(f"JupyterLab did not start:\n{self.log.read_text(errors='replace')[-3000:]}") from None
                time.sleep(0.5)

    def page_url(self, notebook: str) -> str:
        return f"{self.url}/lab/tree/notebooks/{notebook}?reset&token={self.token}"

    def wait_for_kernel(self, notebook: str, timeout: float = 90):
        """Wait until the notebook's session has a kernel that is idle."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            sessions = _api(f"{self.url}/api/sessions?token={self.token}") or []
            states = [s["kernel"].get("execution_state") for s in sessions
                      if s.get("path", "").endswith(notebook) and s.get("kernel")]
            if "idle" in states:
                return
            time.sleep(0.5)
        raise AssertionError(f"{notebook}: no idle kernel after {timeout} s")

    def shutdown_kernels(self):
        for kernel in _api(f"{self.url}/api/kernels?token={self.token}") or []:
            _api(f"{self.url}/api/kernels/{kernel['id']}?token={self.token}", method="DELETE")

    def stop(self):
        if self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()


@pytest.fixture(scope="module")
def lab(tmp_path_factory):
    _require_browser()
    server = Lab(tmp_path_factory.mktemp("lab"))
    yield server
    server.stop()


@pytest.fixture(scope="module")
def playwright_session():
    """One Playwright for the module: its sync API cannot be started twice in one thread at a time."""
    _require_browser()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        yield p


@pytest.fixture(scope="module")
def browser(tmp_path_factory, playwright_session):
    profile = tmp_path_factory.mktemp("chromium-profile")  # a fresh --user-data-dir
    context = playwright_session.chromium.launch_persistent_context(
        str(profile), executable_path=CHROMIUM, headless=True,
        args=CHROMIUM_ARGS, viewport={"width": 1280, "height": 2400})
    context.set_default_timeout(60_000)
    yield context
    context.close()


@pytest.fixture(scope="module")
def screenshots(tmp_path_factory):
    folder = Path(os.environ.get("TERMSHIFT_SCREENSHOTS") or tmp_path_factory.mktemp("screenshots"))
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def expected_images(notebook: Path) -> list[int]:
    """Images each code cell must show: one per figure it makes (plots.subplots / plots.figure)."""
    nb = jupytext.read(notebook)
    return [len(FIGURE_CALL.findall(_code(c.source))) for c in nb.cells if c.cell_type == "code"]


def _code(source: str) -> str:
    """The source without full-line and trailing (two-space) comments."""
    return "\n".join(line.split("  #")[0] for line in source.splitlines() if not line.lstrip().startswith("#"))


# Runs in the page: the state of the notebook that is shown (prompts, outputs, kernel status).
STATE_JS = """() => {
  const panel = document.querySelector('.jp-NotebookPanel:not(.lm-mod-hidden)');
  if (!panel) return null;
  const cells = [...panel.querySelectorAll('.jp-Notebook .jp-CodeCell')].map(cell => ({
    prompt: (cell.querySelector('.jp-InputPrompt') || {textContent: ''}).textContent.trim(),
    images: cell.querySelectorAll('.jp-OutputArea-output img').length,
    stderr: [...cell.querySelectorAll('.jp-OutputArea-output[data-mime-type="application/vnd.jupyter.stderr"]')]
              .map(o => o.textContent.slice(0, 400)),
  }));
  const indicator = panel.querySelector('.jp-Notebook-ExecutionIndicator');
  return {cells, status: indicator ? indicator.getAttribute('data-status') : null};
}"""
DONE_JS = f"""() => {{
  const s = ({STATE_JS})();
  if (!s || !s.cells.length || s.status !== 'idle') return false;
  if (s.cells.some(c => c.prompt === '[*]:')) return false;
  return s.cells.every(c => /^\\[\\d+\\]:$/.test(c.prompt)) || s.cells.some(c => c.stderr.length);
}}"""


# Runs in the page: the CJK characters shown under `root` that are drawn as missing glyphs (tofu) or not at all.
# Each character is drawn on a canvas in the computed font of the element holding it and compared, pixel for
# pixel, with U+0378 (unassigned: no font has it, so it is the missing-glyph box of that font stack).
GLYPHS_JS = r"""(rootSelector) => {
  const root = document.querySelector(rootSelector);
  if (!root) return null;
  const cjk = /[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uff66-\uff9f]/g;
  const fonts = new Map();  // char -> the font of the first element showing it
  const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const chars = node.textContent.match(cjk);
    if (!chars || !node.parentElement) continue;
    const style = getComputedStyle(node.parentElement);
    if (style.visibility === 'hidden' || style.display === 'none') continue;
    for (const ch of chars) if (!fonts.has(ch)) fonts.set(ch, style.fontStyle + ' ' + style.fontWeight + ' 40px ' + style.fontFamily);
  }
  const canvas = document.createElement('canvas');
  canvas.width = canvas.height = 64;
  const g = canvas.getContext('2d', {willReadFrequently: true});
  const draw = (ch, font) => {
    g.clearRect(0, 0, 64, 64); g.font = font; g.fillStyle = '#000'; g.textBaseline = 'top'; g.fillText(ch, 4, 4);
    const d = g.getImageData(0, 0, 64, 64).data;
    let bits = '', ink = 0;
    for (let i = 3; i < d.length; i += 4) { const on = d[i] > 127; bits += on ? '1' : '0'; ink += on; }
    return {bits, ink};
  };
  const tofu = new Map(), missing = [];
  for (const [ch, font] of fonts) {
    if (!tofu.has(font)) tofu.set(font, draw('\u0378', font).bits);
    const got = draw(ch, font);
    if (got.ink === 0 || got.bits === tofu.get(font)) missing.push([ch, font]);
  }
  return {shown: fonts.size, missing};
}"""


def _glyph_problems(name: str, glyphs, must_show: bool) -> list[str]:
    """One line per font whose CJK characters show as missing glyphs; a notebook that must show Japanese and does
    not says so."""
    if glyphs is None:
        return [f"{name}: the notebook panel was not found for the glyph check"]
    problems = []
    if must_show and glyphs["shown"] == 0:
        problems.append(f"{name}: no Japanese text in the page (the notebook shows Japanese headings and tables)")
    by_font: dict[str, list[str]] = {}
    for ch, font in glyphs["missing"]:
        by_font.setdefault(font, []).append(ch)
    for font, chars in by_font.items():
        problems.append(f"{name}: {len(chars)} of {glyphs['shown']} Japanese characters render as missing-glyph "
                        f"boxes (tofu) in {font!r}, e.g. {''.join(chars[:12])}: install a CJK font "
                        "(apt-get install fonts-noto-cjk)")
    return problems


def _problems(name: str, state: dict, expected: list[int]) -> list[str]:
    cells = state["cells"]
    if len(cells) != len(expected):
        return [f"{name}: {len(cells)} code cells in the page, {len(expected)} in the file"]
    problems = []
    for i, (cell, want) in enumerate(zip(cells, expected), start=1):
        if not re.fullmatch(r"\[\d+\]:", cell["prompt"]):
            problems.append(f"{name}: code cell {i} did not run (prompt {cell['prompt']!r})")
        for text in cell["stderr"]:
            problems.append(f"{name}: code cell {i} shows an error or warning: {text.strip()[:300]!r}")
        if cell["images"] != want:
            problems.append(f"{name}: code cell {i} shows {cell['images']} image(s), expected {want}")
    return problems


@pytest.mark.parametrize("notebook", NOTEBOOKS, ids=lambda p: p.stem)
def test_notebook_runs_in_jupyterlab_and_shows_every_figure(notebook, lab, browser, screenshots):
    expected = expected_images(notebook)
    assert sum(expected) >= 1, f"{notebook.name}: no figure cell found"
    from playwright.sync_api import TimeoutError as PlaywrightTimeout

    page = browser.new_page()
    try:
        page.goto(lab.page_url(f"{notebook.stem}.ipynb"))
        page.wait_for_selector(".jp-NotebookPanel:not(.lm-mod-hidden) .jp-CodeCell")
        lab.wait_for_kernel(f"{notebook.stem}.ipynb")  # running a cell before the kernel is connected asks for one
        page.wait_for_selector(".jp-NotebookPanel:not(.lm-mod-hidden) .jp-Notebook-ExecutionIndicator"
                               "[data-status='idle']")
        page.click("li.lm-MenuBar-item:has-text('Run')")
        page.click("li.lm-Menu-item:has-text('Run All Cells')")
        try:  # should Lab still ask, take the notebook's own kernel (python3), as a user would
            page.click(".jp-Dialog:has-text('Select Kernel') .jp-mod-accept", timeout=3000)
        except PlaywrightTimeout:
            pass
        started = time.monotonic()
        try:
            page.wait_for_function(DONE_JS, timeout=NOTEBOOK_TIMEOUT * 1000, polling=500)
            late = []
        except PlaywrightTimeout:
            late = [f"{notebook.name}: not finished after {NOTEBOOK_TIMEOUT} s"]
        print(f"{notebook.name}: {time.monotonic() - started:.0f} s")
        state = page.evaluate(STATE_JS)
        glyphs = page.evaluate(GLYPHS_JS, ".jp-NotebookPanel:not(.lm-mod-hidden)")
        height = page.evaluate("() => (document.querySelector('.jp-NotebookPanel:not(.lm-mod-hidden) "
                               ".jp-WindowedPanel-outer') || {scrollHeight: 0}).scrollHeight")
        page.set_viewport_size({"width": 1280, "height": max(800, min(int(height) + 150, 20000))})
        page.wait_for_timeout(500)  # the whole notebook in one screenshot
        shot = screenshots / f"{notebook.stem}.png"
        page.screenshot(path=str(shot))
        print(f"screenshot: {shot}")
    finally:
        page.close()
        lab.shutdown_kernels()
    problems = late + _problems(notebook.name, state, expected) + _glyph_problems(
        notebook.name, glyphs, notebook.stem in MUST_SHOW_JAPANESE)
    assert not problems, "\n".join(problems)


def test_figure_cells_are_counted_from_the_source():
    assert FIGURE_CALL.findall(_code("fig, ax = plots.subplots()\n# plots.figure()\nx = 1  # plt.figure(")) == [
        "plots.subplots("]
    assert _problems("nb", {"cells": [{"prompt": "[1]:", "images": 1, "stderr": []},
                                      {"prompt": "[ ]:", "images": 0, "stderr": ["NameError: x"]}]}, [1, 1]) == [
        "nb: code cell 2 did not run (prompt '[ ]:')",
        "nb: code cell 2 shows an error or warning: 'NameError: x'",
        "nb: code cell 2 shows 0 image(s), expected 1"]


JAPANESE_PAGE = ("<html><body style='font-family: var(--jp-content-font-family, system-ui), sans-serif'>"
                 "<h2>反撃能力と敵基地攻撃能力</h2><table><tr><td>専守防衛</td><td>ミサイル</td></tr></table>"
                 "<pre style='font-family: monospace'>…政府は反撃能力の保有を決定した…</pre></body></html>")


def _glyphs_in_chromium(p, env=None):
    """The glyph check on a small page of Japanese (a heading, a table cell, a KWIC line) in a fresh Chromium."""
    browser = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS, env=env)
    try:
        page = browser.new_page()
        page.set_content(JAPANESE_PAGE)
        return page.evaluate(GLYPHS_JS, "body")
    finally:
        browser.close()


def test_japanese_text_renders_with_real_glyphs(playwright_session):
    """The machine's Chromium draws Japanese (fonts-noto-cjk installed), checked without starting Lab."""
    glyphs = _glyphs_in_chromium(playwright_session)
    assert glyphs["shown"] >= 20
    assert _glyph_problems("page", glyphs, must_show=True) == []


def test_the_glyph_check_fails_without_a_cjk_font(tmp_path, playwright_session):
    """The same page in a Chromium whose fontconfig rejects every CJK font: the check must report tofu."""
    conf = tmp_path / "fonts.conf"
    conf.write_text('<?xml version="1.0"?>\n<!DOCTYPE fontconfig SYSTEM "urn:fontconfig:fonts.dtd">\n<fontconfig>\n'
                    '  <include ignore_missing="yes">/etc/fonts/fonts.conf</include>\n'
                    "  <selectfont><rejectfont><glob>*CJK*</glob><glob>*cjk*</glob></rejectfont></selectfont>\n"
                    "  <cachedir>" + str(tmp_path / "cache") + "</cachedir>\n</fontconfig>\n", encoding="utf-8")
    visible = subprocess.run(["fc-list", ":lang=ja"], capture_output=True, text=True,
                             env={**os.environ, "FONTCONFIG_FILE": str(conf)}) if shutil.which("fc-list") else None
    if visible is not None and visible.stdout.strip():
        pytest.skip(f"a Japanese font outside the *CJK* names stays visible: {visible.stdout.splitlines()[0]}")
    glyphs = _glyphs_in_chromium(playwright_session, env={**os.environ, "FONTCONFIG_FILE": str(conf)})
    problems = _glyph_problems("page", glyphs, must_show=True)
    assert glyphs["shown"] >= 20 and len(glyphs["missing"]) == glyphs["shown"], glyphs["missing"][:3]
    assert problems and "render as missing-glyph boxes (tofu)" in problems[0] and "fonts-noto-cjk" in problems[0]
