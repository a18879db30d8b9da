"""Shared test set-up: the headless backend, the command-line helper, markers.

The library never chooses a matplotlib backend; the tests choose Agg here,
before anything imports pyplot (notebook kernels get ``MPLBACKEND=Agg`` from
:func:`termshift.figures.run_notebooks`).
"""

from __future__ import annotations

import os

os.environ.setdefault("MPLBACKEND", "Agg")

import matplotlib  # noqa: E402

matplotlib.use("Agg")

import pytest  # noqa: E402

from termshift.cli import main  # noqa: E402


def pytest_configure(config):
    config.addinivalue_line("markers", "notebooks: runs notebook kernels (slow); `make test-fast` skips them")
    config.addinivalue_line("markers", "browser: drives JupyterLab in Chromium; `make test-fast` skips them")


class CLIResult:
    """Exit status and captured streams of one ``termshift`` run."""

    def __init__(self, code, out, err):
        self.code, self.out, self.err = code, out, err

    def __iter__(self):  # code, out, err = cli([...])
        return iter((self.code, self.out, self.err))


@pytest.fixture
def cli(capsys):
    """Run ``termshift ARGS`` in-process: ``code, out, err = cli(["count", ...])``."""

    def run(args):
        capsys.readouterr()
        try:
            code = main([str(a) for a in args])
        except SystemExit as e:  # argparse usage errors
            code = e.code
        captured = capsys.readouterr()
        return CLIResult(code, captured.out, captured.err)

    return run
