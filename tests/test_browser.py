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
NOTEBOOKS = sorted(NOTEBOOKS_DIR.glob("0[0-9]_*.ipynb"))
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
            if p.is_file():
                shutil.copy2(p, self.root / "notebooks" / p.name)
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
def browser(tmp_path_factory):
    _require_browser()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        profile = tmp_path_factory.mktemp("chromium-profile")  # a fresh --user-data-dir
        context = p.chromium.launch_persistent_context(
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
    expected = expected_images(notebook.with_suffix(".py") if notebook.with_suffix(".py").is_file() else notebook)
    assert sum(expected) >= 1, f"{notebook.name}: no figure cell found"
    from playwright.sync_api import TimeoutError as PlaywrightTimeout

    page = browser.new_page()
    try:
        page.goto(lab.page_url(notebook.name))
        page.wait_for_selector(".jp-NotebookPanel:not(.lm-mod-hidden) .jp-CodeCell")
        lab.wait_for_kernel(notebook.name)  # running a cell before the kernel is connected asks for one
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
    problems = late + _problems(notebook.name, state, expected)
    assert not problems, "\n".join(problems)


def test_figure_cells_are_counted_from_the_source():
    assert FIGURE_CALL.findall(_code("fig, ax = plots.subplots()\n# plots.figure()\nx = 1  # plt.figure(")) == [
        "plots.subplots("]
    assert _problems("nb", {"cells": [{"prompt": "[1]:", "images": 1, "stderr": []},
                                      {"prompt": "[ ]:", "images": 0, "stderr": ["NameError: x"]}]}, [1, 1]) == [
        "nb: code cell 2 did not run (prompt '[ ]:')",
        "nb: code cell 2 shows an error or warning: 'NameError: x'",
        "nb: code cell 2 shows 0 image(s), expected 1"]
