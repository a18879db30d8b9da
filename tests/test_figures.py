"""Figures pipeline: deterministic save, notebooks run headless, manifest, --check, events file."""

import json
import os
import shutil
import textwrap
from pathlib import Path

import jupytext
import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
import pytest

import termshift
from termshift import ParameterError, TermSet, figures, paths, plots
from termshift.cli import main
from termshift.events import EventsError, load_events
from termshift.figures import execution
from termshift.figures import manifest as manifest_module

# A throwaway notebook in py:percent: one figure, params from the environment so
# that tests can change a parameter without changing the code.
NOTEBOOK = '''\
# %% [markdown]
# A tiny figure for the pipeline tests.

# %%
import os

import pandas as pd

from termshift import figures, from_frame, plots

NOTE = os.environ.get("TINY_NOTE", "first")
plots.use_style()

# %%
corpus = from_frame(pd.DataFrame({"date": ["2022-11-30", "2022-12-16"], "text": ["counterstrike", "preemptive"]}))
rates = pd.DataFrame({"period": ["2022-10", "2022-11", "2022-12"], "family": "f", "label": "F",
                      "per_10k": [1.0, float("nan"), 3.0]})
ax = plots.plot_trajectory(rates)
_ = figures.save(ax.figure, "tiny_trajectory", params={"note": NOTE, "value": "per_10k"}, corpus=corpus,
                 terms={"f": ["counterstrike"]})
'''

REAL_PACKAGE_FINGERPRINT = figures.package_fingerprint

FAILING = '''\
# %%
x = 1

# %% [markdown]
# then it breaks

# %%
y = x / 0
'''


@pytest.fixture(autouse=True)
def close_figures():
    yield
    plt.close("all")


@pytest.fixture(autouse=True)
def fixed_package_fingerprint(monkeypatch):
    """The package's code is fingerprinted too; hold it still while the tree is edited around the tests."""
    monkeypatch.setattr(execution, "package_fingerprint", lambda: "package")


def test_package_fingerprint_is_a_digest_of_the_sources():
    assert len(REAL_PACKAGE_FINGERPRINT()) == 64


def test_package_fingerprint_covers_every_module_of_every_subpackage(tmp_path):
    root = tmp_path / "pkg"
    (root / "sub" / "deeper").mkdir(parents=True)
    (root / "__pycache__").mkdir()
    (root / "__init__.py").write_text("")
    (root / "style.mplstyle").write_text("font.size: 8\n")
    (root / "sub" / "data.toml").write_text("[a]\n")
    module = root / "sub" / "deeper" / "mod.py"
    module.write_text("x = 1\n")
    (root / "__pycache__" / "mod.cpython.pyc").write_bytes(b"compiled")
    names = [p.relative_to(root).as_posix() for p in manifest_module.package_files(root)]
    assert names == ["__init__.py", "style.mplstyle", "sub/data.toml", "sub/deeper/mod.py"]
    before = REAL_PACKAGE_FINGERPRINT(root)
    assert REAL_PACKAGE_FINGERPRINT(root) == before  # stable
    module.write_text("x = 2\n")  # a file two levels down changes it
    assert REAL_PACKAGE_FINGERPRINT(root) != before
    module.write_text("x = 1\n")
    assert REAL_PACKAGE_FINGERPRINT(root) == before
    module.rename(root / "sub" / "mod.py")  # same bytes, another place: the path counts too
    assert REAL_PACKAGE_FINGERPRINT(root) != before
    package = Path(termshift.__file__).resolve().parent
    real = [p.relative_to(package).as_posix() for p in manifest_module.package_files()]
    assert {"plots.py", "termshift.mplstyle", "figures/manifest.py", "figures/saving.py"} <= set(real)


def trajectory_figure():
    rates = pd.DataFrame({"period": ["2022-09", "2022-10", "2022-11", "2022-12", "2023-01"], "family": "pre",
                          "label": "Preemptive", "per_10k": [5, 4, np.nan, 1, 2]})
    rates["per_10k_low"] = rates.per_10k * 0.8
    rates["per_10k_high"] = rates.per_10k * 1.2
    events = pd.DataFrame({"date": pd.to_datetime(["2022-11-22", "2022-12-16"]), "label": ["panel", "documents"]})
    return plots.plot_trajectory(rates, events=events).figure


def read_all(folder, name):
    return {fmt: (folder / f"{name}.{fmt}").read_bytes() for fmt in figures.FORMATS}


# ----------------------------------------------------------------------------- save


def test_save_writes_three_formats_and_a_record(tmp_path, monkeypatch):
    monkeypatch.setenv(figures.NOTEBOOK_ENV, "notebooks/x.py")
    fig = trajectory_figure()
    corpus = pd.DataFrame({"date": pd.to_datetime(["2022-11-30"]), "text": ["a"]})
    written = figures.save(fig, "framing_rates_by_month", params={"window": np.int64(3), "freq": "M"},
                           corpus=corpus, terms={"f": ["a"]}, outdir=tmp_path)
    assert [p.name for p in written] == ["framing_rates_by_month.pdf", "framing_rates_by_month.svg",
                                         "framing_rates_by_month.png"]
    record = json.loads((tmp_path / ".records" / "framing_rates_by_month.json").read_text())
    assert record["notebook"] == "notebooks/x.py"
    assert record["params"] == {"freq": "M", "window": 3}
    assert record["corpus"] == figures.corpus_fingerprint(corpus)
    assert record["terms"] == TermSet.from_dict({"f": ["a"]}).fingerprint()
    assert record["versions"]["matplotlib"] and record["versions"]["python"]
    assert plt.fignum_exists(fig.number)  # saving neither closes nor shows


def test_save_same_figure_three_times_identical_bytes(tmp_path):
    fig = trajectory_figure()
    fig.savefig(tmp_path / "drawn_before.png", dpi=72)  # an earlier draw (e.g. inline display) must not matter
    runs = []
    for i in range(3):
        figures.save(fig, "framing_rates", outdir=tmp_path / str(i))
        runs.append(read_all(tmp_path / str(i), "framing_rates"))
    for fmt in figures.FORMATS:
        assert runs[0][fmt] == runs[1][fmt] == runs[2][fmt], fmt
    fresh = trajectory_figure()  # a new figure of the same data: the same bytes
    figures.save(fresh, "framing_rates", outdir=tmp_path / "fresh")
    assert read_all(tmp_path / "fresh", "framing_rates") == runs[0]


def test_saved_files_carry_no_dates_or_software_stamps(tmp_path):
    figures.save(trajectory_figure(), "stamps", outdir=tmp_path)
    pdf = (tmp_path / "stamps.pdf").read_bytes()
    assert b"/CreationDate" not in pdf and b"/ModDate" not in pdf
    svg = (tmp_path / "stamps.svg").read_text()
    assert "<dc:date>" not in svg
    png = (tmp_path / "stamps.png").read_bytes()
    assert b"tEXtSoftware" not in png
    assert b"pHYs" in png  # 300 dpi recorded
    from PIL import Image

    with Image.open(tmp_path / "stamps.png") as im:
        assert im.size == (1050, 651)  # 3.5 x 2.17 in at 300 dpi


def test_save_follows_the_environment_folder(tmp_path, monkeypatch):
    monkeypatch.setenv(figures.FIGURES_ENV, str(tmp_path / "redirected"))
    figures.save(trajectory_figure(), "redirected_figure")
    assert (tmp_path / "redirected" / "redirected_figure.svg").is_file()


@pytest.mark.parametrize("name, match", [
    ("Framing", "content name"), ("framing-share", "content name"), ("framing share", "content name"),
    ("_share", "content name"), ("share__by", "content name"), ("fig_3_a", "slot"), ("figure2", "slot"),
    ("", "content name"), (3, "content name"),
])
def test_save_rejects_names_that_are_not_content_names(tmp_path, name, match):
    with pytest.raises(ParameterError, match=match):
        figures.save(plt.figure(), name, outdir=tmp_path)
    assert not any(tmp_path.iterdir())


def test_save_rejects_bad_params_and_axes(tmp_path):
    fig, ax = plt.subplots()
    with pytest.raises(ParameterError, match="not NaN"):
        figures.save(fig, "nan_param", params={"x": float("nan")}, outdir=tmp_path)
    with pytest.raises(ParameterError, match="JSON-like|not NaN"):
        figures.save(fig, "object_param", params={"x": object()}, outdir=tmp_path)
    with pytest.raises(ParameterError, match="dict of parameter values"):
        figures.save(fig, "list_params", params=[1, 2], outdir=tmp_path)
    with pytest.raises(ParameterError, match="pass ax.figure"):
        figures.save(ax, "axes_given", outdir=tmp_path)


def test_one_figure_one_notebook(tmp_path, monkeypatch):
    monkeypatch.setenv(figures.NOTEBOOK_ENV, "notebooks/a.py")
    figures.save(plt.figure(), "shared_name", outdir=tmp_path)
    monkeypatch.setenv(figures.NOTEBOOK_ENV, "notebooks/b.py")
    with pytest.raises(ParameterError, match="made by both notebooks/a.py and notebooks/b.py"):
        figures.save(plt.figure(), "shared_name", outdir=tmp_path)


def test_fingerprints():
    df = pd.DataFrame({"doc_id": ["x", "y"], "date": pd.to_datetime(["2022-11-30", "2022-12-16"]),
                       "text": ["a", "b"]})
    fp = figures.corpus_fingerprint(df)
    assert fp == figures.corpus_fingerprint(df.iloc[::-1].assign(doc_id=["q", "r"]))
    assert fp != figures.corpus_fingerprint(df.assign(date=pd.to_datetime(["2022-11-30", "2022-12-17"])))
    assert len(fp) == 64
    assert figures.terms_fingerprint({"f": ["a"]}) == TermSet.from_dict({"f": ["a"]}).fingerprint()
    with pytest.raises(ParameterError, match="no column"):
        figures.corpus_fingerprint(df.drop(columns="text"))


# ----------------------------------------------------------------------------- notebooks (no kernel)


def test_find_notebooks_pairs_and_plain_scripts(tmp_path):
    (tmp_path / "a.py").write_text(NOTEBOOK)
    jupytext.write(jupytext.reads(NOTEBOOK, fmt="py:percent"), tmp_path / "a.ipynb")
    jupytext.write(jupytext.reads(FAILING, fmt="py:percent"), tmp_path / "b.ipynb")
    (tmp_path / "helpers.py").write_text("def f():\n    return 1\n")
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "c.py").write_text(NOTEBOOK)
    assert [p.name for p in figures.find_notebooks(tmp_path)] == ["a.py", "b.ipynb"]
    with pytest.raises(ParameterError, match="no such notebooks folder"):
        figures.find_notebooks(tmp_path / "missing")


def test_a_pair_that_disagrees_is_refused_before_running(tmp_path):
    (tmp_path / "a.py").write_text(NOTEBOOK)
    jupytext.write(jupytext.reads(FAILING, fmt="py:percent"), tmp_path / "a.ipynb")
    with pytest.raises(figures.NotebookError, match="hold different code; sync the pair"):
        figures.run_notebooks([tmp_path / "a.py"], tmp_path / "out", progress=None)
    assert not (tmp_path / "out").exists()


def test_bad_notebook_paths_are_listed(tmp_path):
    (tmp_path / "notes.txt").write_text("x")
    with pytest.raises(ParameterError) as err:
        figures.run_notebooks([tmp_path / "nope.py", tmp_path / "notes.txt"], tmp_path / "out", progress=None)
    assert "nope.py: no such notebook" in str(err.value) and "notes.txt: not a notebook" in str(err.value)
    assert main(["figures", "--notebooks", str(tmp_path / "nope.py"), "--out", str(tmp_path / "out")]) == 2


def test_compare_names_each_difference(tmp_path):
    a, b = tmp_path / "a", tmp_path / "b"
    for d in (a, b):
        d.mkdir()
        for name in ("kept", "changed"):
            for fmt in figures.FORMATS:
                (d / f"{name}.{fmt}").write_bytes(b"same")
    (b / "changed.png").write_bytes(b"other")
    (a / "stale.pdf").write_bytes(b"x")
    (a / "my_notes.png").write_bytes(b"x")
    (b / "new_one.svg").write_bytes(b"x")
    manifest = {"environments": {}, "figures": {n: {"params": {}} for n in ("kept", "changed", "stale")}}
    (a / figures.MANIFEST).write_text(json.dumps(manifest))
    del manifest["figures"]["stale"]
    manifest["figures"]["new_one"] = {"params": {}, "notebook": "nb.py"}
    manifest["figures"]["kept"]["params"] = {"x": 1}
    (b / figures.MANIFEST).write_text(json.dumps(manifest))
    assert figures.compare(a, b) == [
        "changed: changed.png differs",
        "kept: manifest entry differs (params)",
        f"my_notes: extra in {a} (no notebook makes it and MANIFEST.json does not list it); move it out of the "
        "figures folder",
        f"new_one: missing from {a} (made by nb.py); run termshift figures",
        f"stale: extra in {a} (no notebook makes it); run termshift figures to remove it",
    ]
    assert figures.compare(b, b) == []


# ----------------------------------------------------------------------------- notebooks (kernel)


@pytest.fixture(scope="module")
def pipeline(tmp_path_factory):
    """Run the tiny notebook twice into two folders (two kernel starts)."""
    root = tmp_path_factory.mktemp("pipeline")
    books = root / "notebooks"
    books.mkdir()
    (books / "tiny.py").write_text(NOTEBOOK)
    first, second = root / "first", root / "second"
    first.mkdir()
    (first / "old_figure.png").write_bytes(b"stale")  # listed, made by tiny.py no more: removed
    old = {"environments": {}, "figures": {"old_figure": {"files": {"old_figure.png": "0" * 64},
                                                          "notebook": "tiny.py"}}}
    (first / "MANIFEST.json").write_text(json.dumps(old))
    (first / "framing_counts_by_month.csv").write_text("period\n")  # not a figure file: kept
    (first / "my_sketch.png").write_bytes(b"mine")  # a figure-like file the manifest does not list: kept
    (first / ".records").mkdir()
    (first / ".records" / "my_notes.json").write_text("{}")  # not a record of a listed figure: kept
    lines = []
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(execution, "package_fingerprint", lambda: "package")
        manifest = figures.run_notebooks([books / "tiny.py"], first, progress=lines.append)
        figures.run_notebooks([books], second, progress=None)  # a folder: its notebooks
    return {"root": root, "books": books, "first": first, "second": second, "manifest": manifest, "lines": lines}


@pytest.mark.notebooks
def test_pipeline_writes_figures_manifest_and_removes_stale_files(pipeline):
    first = pipeline["first"]
    assert sorted(p.name for p in first.iterdir()) == [
        ".records", "MANIFEST.json", "framing_counts_by_month.csv", "my_sketch.png", "tiny_trajectory.pdf",
        "tiny_trajectory.png", "tiny_trajectory.svg"]
    assert (first / "my_sketch.png").read_bytes() == b"mine"
    assert [p.name for p in (first / ".records").iterdir()] == ["my_notes.json"]
    assert pipeline["lines"][0].startswith("tiny.py: 1 figure(s) in ")
    assert "removed 1 stale file(s)" in pipeline["lines"][-1] and "old_figure.png" in pipeline["lines"][-1]
    text = (first / "MANIFEST.json").read_text()
    assert text.endswith("}\n") and json.loads(text) == pipeline["manifest"]
    entry = pipeline["manifest"]["figures"]["tiny_trajectory"]
    assert entry["notebook"] == "tiny.py"
    assert entry["params"] == {"note": "first", "value": "per_10k"}
    assert entry["terms"] == TermSet.from_dict({"f": ["counterstrike"]}).fingerprint()
    assert len(entry["corpus"]) == len(entry["code"]) == 64
    assert sorted(entry["files"]) == ["tiny_trajectory.pdf", "tiny_trajectory.png", "tiny_trajectory.svg"]
    env = pipeline["manifest"]["environments"][entry["environment"]]
    assert {"python", "matplotlib", "numpy", "pandas", "scikit-learn", "scipy", "nltk", "termshift"} <= set(env)
    assert "time" not in text.lower() and "date" not in text.lower()


@pytest.mark.notebooks
def test_pipeline_twice_gives_identical_bytes(pipeline):
    first, second = pipeline["first"], pipeline["second"]
    for name in ("tiny_trajectory.pdf", "tiny_trajectory.svg", "tiny_trajectory.png", "MANIFEST.json"):
        assert (first / name).read_bytes() == (second / name).read_bytes(), name


@pytest.mark.notebooks
def test_check_passes_unchanged_and_names_an_altered_figure(pipeline, tmp_path, monkeypatch, capsys):
    monkeypatch.setattr(paths, "NOTEBOOKS_DIR", pipeline["books"])
    committed = tmp_path / "figures"
    shutil.copytree(pipeline["second"], committed)
    assert main(["figures", "--check", "--out", str(committed), "--quiet"]) == 0
    assert capsys.readouterr().out == ""
    png = committed / "tiny_trajectory.png"
    data = bytearray(png.read_bytes())
    data[-20] ^= 0xFF
    png.write_bytes(bytes(data))
    assert main(["figures", "--check", "--out", str(committed), "--quiet"]) == 1
    out, err = capsys.readouterr()
    assert out == "tiny_trajectory: tiny_trajectory.png differs\n"
    assert "run `termshift figures`" in err


@pytest.mark.notebooks
def test_manifest_changes_with_params_and_only_there(pipeline, tmp_path, monkeypatch):
    monkeypatch.setenv("TINY_NOTE", "second")
    figures.run_notebooks([pipeline["books"] / "tiny.py"], tmp_path, progress=None)
    old = json.loads((pipeline["second"] / "MANIFEST.json").read_text())
    new = json.loads((tmp_path / "MANIFEST.json").read_text())
    assert new != old
    assert new["figures"]["tiny_trajectory"]["params"]["note"] == "second"
    new["figures"]["tiny_trajectory"]["params"]["note"] = "first"
    assert new == old  # files, code, corpus, terms and versions unchanged
    assert figures.compare(pipeline["second"], tmp_path) == ["tiny_trajectory: manifest entry differs (params)"]


@pytest.mark.notebooks
def test_a_failing_cell_is_named_without_traceback(tmp_path, capsys):
    (tmp_path / "broken.py").write_text(FAILING)
    out = tmp_path / "out"
    out.mkdir()
    (out / "kept_figure.png").write_bytes(b"committed")
    listing = {"environments": {}, "figures": {"kept_figure": {"files": {"kept_figure.png": "0" * 64},
                                                               "notebook": "other.py"}}}
    (out / "MANIFEST.json").write_text(json.dumps(listing))
    assert main(["figures", "--notebooks", str(tmp_path / "broken.py"), "--out", str(out), "--quiet"]) == 2
    err = capsys.readouterr().err
    assert err.startswith("termshift figures: error: broken.py: cell 3 ('y = x / 0') failed: "
                          "ZeroDivisionError: division by zero")
    assert "Traceback" not in err
    assert sorted(p.name for p in out.iterdir()) == ["MANIFEST.json", "kept_figure.png"]  # left alone
    assert json.loads((out / "MANIFEST.json").read_text()) == listing


# ----------------------------------------------------------------------------- events


def test_shipped_events():
    events = load_events()
    assert events.columns.tolist()[:2] == ["date", "label"]
    assert str(events["date"].dtype) == "datetime64[ns]"
    got = dict(zip(events["date"].dt.strftime("%Y-%m-%d"), events["label"]))
    assert got["2022-11-22"] == "Government panel report"
    assert got["2022-12-16"] == "New security documents adopted"
    assert events["date"].is_monotonic_increasing


def test_events_accept_string_dates_and_sort(tmp_path):
    p = tmp_path / "events.toml"
    p.write_text(textwrap.dedent('''
        [[event]]
        date = "2023-01-02"
        label = "later"

        [[event]]
        date = 2022-12-16
        label = "earlier"
        note = "context"
    '''))
    events = load_events(p)
    assert events["label"].tolist() == ["earlier", "later"]
    assert events["note"].tolist() == ["context", ""]


def test_bad_events_name_the_file_and_entry(tmp_path):
    p = tmp_path / "events.toml"
    p.write_text(textwrap.dedent('''
        [[event]]
        date = "2022-13-01"
        label = "Government panel report"

        [[event]]
        date = 2022-12-16

        [[event]]
        label = "no date"
        colour = "red"
    '''))
    with pytest.raises(EventsError) as err:
        load_events(p)
    text = str(err.value)
    assert f"{p}: event 1 ('Government panel report'): bad date '2022-13-01'" in text
    assert f"{p}: event 2: no label" in text
    assert f"{p}: event 3 ('no date'): no date" in text and "unknown key(s) colour" in text
    assert isinstance(err.value, ParameterError)
    p.write_text("[[event]\n")
    with pytest.raises(EventsError, match="not valid TOML"):
        load_events(p)
    with pytest.raises(EventsError, match="cannot be read"):
        load_events(tmp_path / "missing.toml")


def test_a_kernel_that_cannot_start_is_reported(tmp_path, monkeypatch):
    import nbclient

    def no_kernel(self, **kwargs):
        from jupyter_client.kernelspec import NoSuchKernel

        raise NoSuchKernel("python3")

    monkeypatch.setattr(nbclient.NotebookClient, "start_new_kernel", no_kernel)
    (tmp_path / "tiny.py").write_text(NOTEBOOK)
    with pytest.raises(figures.NotebookError, match="tiny.py: the python3 kernel did not start.*install ipykernel"):
        figures.run_notebooks([tmp_path / "tiny.py"], tmp_path / "out", progress=None)


def test_running_some_notebooks_keeps_the_figures_of_the_others(tmp_path, monkeypatch):
    """Pipeline bookkeeping without a kernel: a fake executor saves what each notebook 'makes'."""
    makes = {"a.py": ["alpha_share", "alpha_rates"], "b.py": ["beta_share"]}

    def fake_execute(nb, path, rel, outdir, timeout):
        for name in makes[rel]:
            monkeypatch.setenv(figures.NOTEBOOK_ENV, rel)
            fig, ax = plt.subplots()
            ax.plot([1, len(name)])
            figures.save(fig, name, outdir=outdir)
        monkeypatch.delenv(figures.NOTEBOOK_ENV)

    monkeypatch.setattr(execution, "execute_notebook", fake_execute)
    for name in makes:
        (tmp_path / name).write_text("# %%\nx = 1\n")
    out = tmp_path / "figures"
    figures.run_notebooks([tmp_path / "a.py", tmp_path / "b.py"], out, progress=None)
    assert sorted(json.loads((out / "MANIFEST.json").read_text())["figures"]) == ["alpha_rates", "alpha_share",
                                                                                "beta_share"]
    makes["a.py"] = ["alpha_share"]  # a.py no longer makes alpha_rates
    lines = []
    manifest = figures.run_notebooks([tmp_path / "a.py"], out, progress=lines.append)
    assert sorted(manifest["figures"]) == ["alpha_share", "beta_share"]
    assert manifest["figures"]["beta_share"]["notebook"] == "b.py"
    assert not (out / "alpha_rates.pdf").exists() and (out / "beta_share.pdf").exists()
    assert "alpha_rates.pdf, alpha_rates.png, alpha_rates.svg" in lines[-1]
    assert not (out / ".records").exists()
    makes["a.py"] = ["beta_share"]  # now a.py claims b.py's figure
    with pytest.raises(figures.NotebookError, match="'beta_share' is made by both b.py and a.py"):
        figures.run_notebooks([tmp_path / "a.py"], out, progress=None)


def test_a_paired_ipynb_runs_as_its_py(tmp_path):
    (tmp_path / "a.py").write_text(NOTEBOOK)
    jupytext.write(jupytext.reads(NOTEBOOK, fmt="py:percent"), tmp_path / "a.ipynb")
    assert execution.resolve_notebooks([tmp_path / "a.ipynb", tmp_path / "a.py"]) == [tmp_path / "a.py"]


# ----------------------------------------------------------------------------- the figures folder is never clobbered


@pytest.fixture
def must_not_run(monkeypatch):
    """Any notebook execution fails the test: the checks must come first."""

    def boom(*args, **kwargs):
        raise AssertionError("a notebook ran before the figures folder was checked")

    monkeypatch.setattr(execution, "execute_notebook", boom)


@pytest.fixture
def makes_tiny(monkeypatch):
    """A fake executor: each notebook 'makes' the figure tiny_trajectory (no kernel, quick)."""

    def fake_execute(nb, path, rel, outdir, timeout):
        monkeypatch.setenv(figures.NOTEBOOK_ENV, rel)
        fig, ax = plt.subplots()
        ax.plot([1, 2])
        figures.save(fig, "tiny_trajectory", outdir=outdir)
        monkeypatch.delenv(figures.NOTEBOOK_ENV)

    monkeypatch.setattr(execution, "execute_notebook", fake_execute)


def snapshot(folder):
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def test_a_folder_with_files_but_no_manifest_is_refused_before_any_notebook_runs(tmp_path, must_not_run, cli):
    (tmp_path / "tiny.py").write_text(NOTEBOOK)
    out = tmp_path / "paper"
    (out / ".records").mkdir(parents=True)
    (out / "draft_figure.pdf").write_bytes(b"my own figure")
    (out / ".records" / "mine.json").write_text("{}")
    before = snapshot(out)
    with pytest.raises(ParameterError) as err:
        figures.run_notebooks([tmp_path / "tiny.py"], out, progress=None)
    assert err.value.problems == [f"{out}: holds 2 file(s) (.records, draft_figure.pdf) but no MANIFEST.json, so "
                                  "none of them may be replaced; give an empty or new folder (--out)"]
    assert snapshot(out) == before
    code, stdout, stderr = cli(["figures", "--notebooks", tmp_path / "tiny.py", "--out", out])
    assert code == 2 and stdout == "" and len(stderr.strip().splitlines()) == 1 and "no MANIFEST.json" in stderr
    assert snapshot(out) == before


def test_an_empty_or_new_folder_is_fine(tmp_path, makes_tiny):
    (tmp_path / "tiny.py").write_text("# %%\nx = 1\n")
    (tmp_path / "empty").mkdir()
    for out in (tmp_path / "empty", tmp_path / "new" / "figures"):
        figures.run_notebooks([tmp_path / "tiny.py"], out, progress=None)
        assert sorted(p.name for p in out.iterdir()) == ["MANIFEST.json", "tiny_trajectory.pdf",
                                                          "tiny_trajectory.png", "tiny_trajectory.svg"]


def test_only_files_the_previous_manifest_lists_are_replaced_or_removed(tmp_path, makes_tiny):
    (tmp_path / "tiny.py").write_text("# %%\nx = 1\n")
    out = tmp_path / "figures"
    figures.run_notebooks([tmp_path / "tiny.py"], out, progress=None)
    (out / "user_plot.png").write_bytes(b"mine")  # looks like a figure, listed nowhere
    (out / "Notes.PDF").write_bytes(b"mine")
    (out / ".records").mkdir()
    (out / ".records" / "user.json").write_text("{}")
    (out / ".records" / "tiny_trajectory.json").write_text("{}")  # a record of a listed figure: the pipeline's
    old = json.loads((out / "MANIFEST.json").read_text())
    old["figures"]["gone_figure"] = {"files": {"gone_figure.svg": "0" * 64}, "notebook": "tiny.py"}
    (out / "MANIFEST.json").write_text(json.dumps(old))
    (out / "gone_figure.svg").write_bytes(b"stale")  # listed, no longer made: removed
    lines = []
    figures.run_notebooks([tmp_path / "tiny.py"], out, progress=lines.append)
    assert lines[-1] == f"removed 1 stale file(s) from {out}: gone_figure.svg"
    assert sorted(p.name for p in out.iterdir()) == [".records", "MANIFEST.json", "Notes.PDF", "tiny_trajectory.pdf",
                                                      "tiny_trajectory.png", "tiny_trajectory.svg", "user_plot.png"]
    assert (out / "user_plot.png").read_bytes() == b"mine" and (out / "Notes.PDF").read_bytes() == b"mine"
    assert [p.name for p in (out / ".records").iterdir()] == ["user.json"]


def test_a_new_figure_never_overwrites_a_file_the_manifest_does_not_list(tmp_path, makes_tiny):
    (tmp_path / "tiny.py").write_text("# %%\nx = 1\n")
    out = tmp_path / "figures"
    out.mkdir()
    (out / "MANIFEST.json").write_text(json.dumps({"environments": {}, "figures": {}}))
    (out / "tiny_trajectory.png").write_bytes(b"a file of yours that happens to share the name")
    before = snapshot(out)
    with pytest.raises(ParameterError) as err:
        figures.run_notebooks([tmp_path / "tiny.py"], out, progress=None)
    assert err.value.problems == [f"{out / 'tiny_trajectory.png'}: exists and is not listed in "
                                  f"{out / 'MANIFEST.json'}, so it is not replaced; move it away or give another "
                                  "folder (--out)"]
    assert snapshot(out) == before  # nothing written, not even the other two formats


def test_an_unwritable_out_is_reported_before_any_notebook_runs(tmp_path, must_not_run, cli):
    (tmp_path / "tiny.py").write_text(NOTEBOOK)
    (tmp_path / "a_file").write_text("x")
    for out, match in [(tmp_path / "a_file", "is a file"), (tmp_path / "a_file" / "figures", "cannot be created")]:
        with pytest.raises(ParameterError, match=match):
            figures.run_notebooks([tmp_path / "tiny.py"], out, progress=None)
        code, stdout, stderr = cli(["figures", "--notebooks", tmp_path / "tiny.py", "--out", out])
        assert code == 2 and len(stderr.strip().splitlines()) == 1 and str(tmp_path / "a_file") in stderr
    (tmp_path / "broken.json").mkdir()
    (tmp_path / "broken.json" / "MANIFEST.json").write_text("{not json")
    with pytest.raises(ParameterError, match="not a readable JSON manifest"):
        figures.run_notebooks([tmp_path / "tiny.py"], tmp_path / "broken.json", progress=None)


@pytest.mark.skipif(os.name != "posix" or os.geteuid() == 0, reason="permissions do not bind root")
def test_a_read_only_out_is_reported_before_any_notebook_runs(tmp_path, must_not_run):
    (tmp_path / "tiny.py").write_text(NOTEBOOK)
    locked = tmp_path / "locked"
    locked.mkdir()
    locked.chmod(0o500)
    try:
        with pytest.raises(ParameterError, match="cannot write there"):
            figures.run_notebooks([tmp_path / "tiny.py"], locked / "figures", progress=None)
    finally:
        locked.chmod(0o700)


def test_a_read_only_out_is_reported_when_writing_fails(tmp_path, must_not_run, monkeypatch):
    """Root ignores permissions: simulate a folder where no file can be created."""
    import tempfile

    def refuse(*args, **kwargs):
        raise PermissionError(13, "Permission denied")

    (tmp_path / "tiny.py").write_text(NOTEBOOK)
    monkeypatch.setattr(tempfile, "mkstemp", refuse)
    with pytest.raises(ParameterError) as err:
        figures.run_notebooks([tmp_path / "tiny.py"], tmp_path / "figures", progress=None)
    assert err.value.problems == [f"{tmp_path / 'figures'}: cannot write there (Permission denied); give a "
                                  "writable folder for the figures (--out)"]


def test_files_are_written_atomically(tmp_path, monkeypatch):
    target = tmp_path / "MANIFEST.json"
    target.write_bytes(b"old")

    def disk_full(src, dst):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", disk_full)
    with pytest.raises(OSError):
        manifest_module.write_atomic(target, b"new")
    assert target.read_bytes() == b"old" and [p.name for p in tmp_path.iterdir()] == ["MANIFEST.json"]
    monkeypatch.undo()
    manifest_module.write_atomic(target, b"new")
    assert target.read_bytes() == b"new" and [p.name for p in tmp_path.iterdir()] == ["MANIFEST.json"]


# ----------------------------------------------------------------------------- tables beside the figures; where save writes


TINY_TABLE = pd.DataFrame({"period": pd.PeriodIndex(["2022-11", "2022-12"], freq="M"), "count_a": [1, 3],
                           "count_b": [3, 1], "share": [0.25, 0.75], "share_low": [0.0, 0.5],
                           "share_high": [0.5, 1.0], "n_docs": [4, 4]})


@pytest.fixture
def makes_figure_and_table(monkeypatch):
    """A fake executor: each notebook 'makes' a figure and a table (no kernel, quick)."""
    state = {"share": TINY_TABLE}

    def fake_execute(nb, path, rel, outdir, timeout):
        monkeypatch.setenv(figures.NOTEBOOK_ENV, rel)
        monkeypatch.setenv(figures.FIGURES_ENV, str(outdir))
        fig, ax = plt.subplots()
        ax.plot([1, 2])
        figures.save(fig, "tiny_trajectory", outdir="ignored_under_the_pipeline")
        figures.save_table(state["share"], "tiny_share", params={"freq": "month"}, outdir="ignored_too")
        plt.close(fig)
        monkeypatch.delenv(figures.NOTEBOOK_ENV)
        monkeypatch.delenv(figures.FIGURES_ENV)

    monkeypatch.setattr(execution, "execute_notebook", fake_execute)
    return state


def test_save_table_writes_deterministic_files_with_a_record(tmp_path):
    written = figures.save_table(TINY_TABLE, "tiny_share", params={"n": 2}, outdir=tmp_path)
    assert [p.name for p in written] == ["tiny_share.tex", "tiny_share.md", "tiny_share.csv"]
    first = snapshot(tmp_path)
    figures.save_table(TINY_TABLE, "tiny_share", params={"n": 2}, outdir=tmp_path)
    assert snapshot(tmp_path) == first
    assert first["tiny_share.csv"] == (b"Period,Mentions of A,Mentions of B,Share of A,Documents\n"
                                       b'2022-11,1,3,"0.25 [0.00, 0.50]",4\n2022-12,3,1,"0.75 [0.50, 1.00]",4\n')
    assert first["tiny_share.tex"].startswith(b"% Share of A") and b"\\toprule\n" in first["tiny_share.tex"]
    record = json.loads(first[".records/tiny_share.json"])
    assert record["kind"] == "table" and record["files"] == [p.name for p in written]
    assert [p.name for p in figures.save_table(TINY_TABLE, "only_md", formats="md", outdir=tmp_path)] == \
        ["only_md.md"]
    with pytest.raises(ParameterError, match="choose from tex, md, csv"):
        figures.save_table(TINY_TABLE, "bad_format", formats=("xlsx",), outdir=tmp_path)
    with pytest.raises(ParameterError, match="names both a table and a figure"):
        figures.save(plt.figure(), "tiny_share", outdir=tmp_path)


def test_save_without_outdir_writes_to_termshift_output_never_the_gallery(tmp_path, monkeypatch):
    monkeypatch.delenv(figures.FIGURES_ENV, raising=False)
    gallery = tmp_path / "checkout" / "figures"
    gallery.mkdir(parents=True)
    monkeypatch.setattr(paths, "FIGURES_DIR", gallery)
    monkeypatch.chdir(tmp_path)
    fig, ax = plt.subplots()
    ax.plot([1, 2])
    assert figures.save(fig, "my_line")[0] == tmp_path / "termshift-output" / "my_line.pdf"
    assert figures.save_table(TINY_TABLE, "my_share")[0] == tmp_path / "termshift-output" / "my_share.tex"
    for call in (lambda: figures.save(fig, "my_line", outdir=gallery),
                 lambda: figures.save_table(TINY_TABLE, "my_share", outdir=tmp_path / "checkout" / "." / "figures")):
        with pytest.raises(ParameterError, match=r"committed gallery, written only by termshift figures "
                                                 r"\(make figures\); pass another outdir="):
            call()
    monkeypatch.chdir(gallery.parent)  # run from the checkout: still not into figures/
    figures.save(fig, "my_line")
    assert list(gallery.iterdir()) == [] and (gallery.parent / "termshift-output" / "my_line.png").is_file()
    monkeypatch.setenv(figures.FIGURES_ENV, str(tmp_path / "stage"))  # under termshift figures the stage wins
    assert figures.save(fig, "my_line", outdir=tmp_path / "mine")[0].parent == tmp_path / "stage"
    plt.close(fig)


def test_tables_are_listed_in_the_manifest_checked_and_protected(tmp_path, makes_figure_and_table):
    (tmp_path / "tiny.py").write_text("# %%\nx = 1\n")
    out = tmp_path / "figures"
    out.mkdir()
    manifest = figures.run_notebooks([tmp_path / "tiny.py"], out, progress=None)
    entry = manifest["figures"]["tiny_share"]
    assert entry["kind"] == "table" and entry["params"] == {"freq": "month"} and entry["notebook"] == "tiny.py"
    assert sorted(entry["files"]) == ["tiny_share.csv", "tiny_share.md", "tiny_share.tex"]
    assert all(entry["files"][f] == manifest_module.sha256((out / f).read_bytes()) for f in entry["files"])
    assert "kind" not in manifest["figures"]["tiny_trajectory"]
    assert not (tmp_path / "ignored_under_the_pipeline").exists() and not Path("ignored_too").exists()
    (out / "framing_counts_by_month.csv").write_text("period\n")  # a CSV the manifest does not list: not ours
    assert figures.check(out, [tmp_path / "tiny.py"], progress=None) == []
    (out / "tiny_share.md").write_text("edited by hand\n")
    assert figures.check(out, [tmp_path / "tiny.py"], progress=None) == ["tiny_share: tiny_share.md differs"]
    figures.run_notebooks([tmp_path / "tiny.py"], out, progress=None)  # listed: replaced
    assert figures.check(out, [tmp_path / "tiny.py"], progress=None) == []
    assert (out / "framing_counts_by_month.csv").read_text() == "period\n"
    (out / "tiny_share.csv").unlink()
    assert figures.check(out, [tmp_path / "tiny.py"], progress=None) == ["tiny_share: tiny_share.csv missing"]

    fresh = tmp_path / "other"
    fresh.mkdir()
    (fresh / "MANIFEST.json").write_text('{"environments": {}, "figures": {}}')
    (fresh / "tiny_share.tex").write_text("my own table\n")  # not listed: never replaced
    with pytest.raises(ParameterError, match="tiny_share.tex: exists and is not listed"):
        figures.run_notebooks([tmp_path / "tiny.py"], fresh, progress=None)
    assert (fresh / "tiny_share.tex").read_text() == "my own table\n"


# ----------------------------------------------------------------------------- make all leaves git clean (issue 25)


def test_committed_counts_csv_is_what_make_counts_writes(tmp_path, monkeypatch, capsys):
    """``make counts`` (part of ``make all``) must not rewrite the committed CSV: run its recipe into tmp and compare.

    The recipe's arguments are read from the Makefile, so the test follows it. (``make all`` = figures + counts;
    the figures are checked byte for byte by ``test_notebooks.py::test_committed_figures_are_exactly_what_the_
    notebooks_make``.)
    """
    import re
    import shlex

    makefile = (paths.PROJ_ROOT / "Makefile").read_text(encoding="utf-8")
    recipe = re.search(r"^counts:.*\n((?:\t.*\n)+)", makefile, re.M).group(1).replace("\\\n", " ")
    argv = shlex.split(recipe)
    assert argv[0] == "$(BIN)/termshift" and "--out" in argv
    committed = paths.PROJ_ROOT / argv[argv.index("--out") + 1]
    argv = argv[1:]
    argv[argv.index("--out") + 1] = str(tmp_path / "counts.csv")
    monkeypatch.chdir(paths.PROJ_ROOT)
    assert main(argv) == 0, capsys.readouterr().err
    assert (tmp_path / "counts.csv").read_bytes() == committed.read_bytes(), \
        f"{committed.name} is stale: run `make counts` and commit it"
