"""Importing several sources as one corpus (:mod:`termshift.corpus.imports`): ids unique across sources by
construction (the path relative to the sources' common folder, plus ``#k``), every file in the report,
and every import reloads with ``--id-col doc_id``."""

from __future__ import annotations

import json
import zipfile
from pathlib import Path

import pandas as pd
import pytest

from fuzzing import EXPORT_WRITERS, nexis_text
from termshift import CorpusError, ParameterError, load_corpus
from termshift.corpus.imports import import_sources

EXPORTS = Path(__file__).parent / "fixtures" / "exports"


def _articles(n, first=1, outlet="The Daily Ledger"):
    return [{"date": pd.Timestamp(2021, 1, first + k), "outlet": outlet, "title": f"Story number {first + k}",
             "byline": None, "section": None, "body": [f"Paragraph of story {first + k} about the harbour budget."]}
            for k in range(n)]


def _two_same_name_exports(root):
    """Two Nexis exports of ten articles each, both named export.txt, in two folders."""
    for folder, first in (("jan", 1), ("feb", 11)):
        (root / folder).mkdir(parents=True)
        (root / folder / "export.txt").write_text(nexis_text(_articles(10, first)), encoding="utf-8")
    return [root / "jan" / "export.txt", root / "feb" / "export.txt"]


def test_two_exports_with_the_same_name_in_different_folders_get_20_unique_ids_and_reload(tmp_path, cli):
    sources = _two_same_name_exports(tmp_path / "in")
    frame, report = import_sources(sources)
    assert len(frame) == 20 and frame["doc_id"].is_unique
    assert sorted(report.files) == ["feb/export.txt", "jan/export.txt"]
    assert all(info["articles"] == 10 for info in report.files.values())
    assert set(frame["doc_id"]) == {f"{m}/export.txt#{k}" for m in ("jan", "feb") for k in range(1, 11)}
    out = tmp_path / "c.parquet"
    code, _, err = cli(["import", *sources, "--out", out, "-q"])
    assert code == 0, err
    code, summary, err = cli(["corpus", out, "--id-col", "doc_id", "--format", "json", "-q"])
    assert code == 0, err
    assert json.loads(summary)["documents"] == 20
    again = load_corpus(out, id_col="doc_id", on_error="raise")
    assert sorted(again["doc_id"]) == sorted(frame["doc_id"])


def test_ids_are_relative_to_the_common_folder_of_the_sources(tmp_path):
    sources = _two_same_name_exports(tmp_path / "in")
    (tmp_path / "in" / "extra").mkdir()
    (tmp_path / "in" / "extra" / "a.txt").write_text("date 2021-03-01 A seed article.", encoding="utf-8")
    frame, _ = import_sources([sources[0], tmp_path / "in" / "extra"])
    assert sorted(frame["doc_id"])[:2] == ["extra/a.txt", "jan/export.txt#1"]
    # one source: ids relative to it (a folder) or to its folder (a file), as load_corpus names them
    assert import_sources([tmp_path / "in" / "jan"])[0]["doc_id"].iloc[0] == "export.txt#1"
    assert import_sources([sources[1]])[0]["doc_id"].iloc[0] == "export.txt#1"
    # sources in unrelated folders keep the folders that tell them apart
    (tmp_path / "x" / "nexis").mkdir(parents=True)
    (tmp_path / "y" / "nexis").mkdir(parents=True)
    for folder in ("x", "y"):
        (tmp_path / folder / "nexis" / "e.txt").write_text(nexis_text(_articles(2)), encoding="utf-8")
    frame, report = import_sources([tmp_path / "x" / "nexis", tmp_path / "y" / "nexis"])
    assert sorted(frame["doc_id"]) == ["x/nexis/e.txt#1", "x/nexis/e.txt#2", "y/nexis/e.txt#1", "y/nexis/e.txt#2"]
    assert len(report.files) == 2


def test_two_zip_members_with_the_same_name_get_distinct_ids_and_both_are_reported(tmp_path):
    suffix, write = EXPORT_WRITERS["nexis"]
    path = tmp_path / "pile.zip"
    with zipfile.ZipFile(path, "w") as z, pytest.warns(UserWarning, match="Duplicate name"):
        z.writestr("export" + suffix, write(_articles(3)))
        z.writestr("export" + suffix, write(_articles(2, first=20)))
        z.writestr("export" + suffix + "~2", b"not a source name, ignored")
    frame, report = import_sources([path])
    assert len(frame) == 5 and frame["doc_id"].is_unique
    assert report.files == {"pile.zip/export.TXT": {"format": "nexis/text", "articles": 3},
                            "pile.zip/export.TXT~2": {"format": "nexis/text", "articles": 2}}
    assert report.ignored == ["pile.zip/export.TXT~2~2"]  # a member of that very name: still its own entry
    assert report.totals_line() == "3 file(s) seen = 2 loaded + 0 skipped + 1 ignored"


def test_every_fixture_import_reloads_with_its_ids(tmp_path):
    """Any import -- one source or several, folders, exports, archives -- reloads with id_col="doc_id"."""
    cases = [[EXPORTS / "good"], [EXPORTS / "overlap"], [EXPORTS / "good", EXPORTS / "overlap"],
             [EXPORTS / "good" / "proquest.txt", EXPORTS / "overlap"], _two_same_name_exports(tmp_path / "in")]
    for i, sources in enumerate(cases):
        frame, _ = import_sources(sources)
        out = tmp_path / f"c{i}.parquet"
        table = frame.drop(columns=["n_boilerplate", "boilerplate"])
        table.attrs = {}  # the load report is no Parquet attribute
        table.to_parquet(out)
        again = load_corpus(out, id_col="doc_id")
        assert sorted(again["doc_id"]) == sorted(frame["doc_id"]), sources


def test_sources_that_overlap_or_cannot_be_imported_are_listed_at_once(tmp_path):
    sources = _two_same_name_exports(tmp_path / "in")
    table = tmp_path / "t.csv"
    table.write_text("date,text\n2021-01-01,x\n", encoding="utf-8")
    with pytest.raises(CorpusError) as err:
        import_sources([tmp_path / "in", sources[0], sources[1], sources[1], table, tmp_path / "missing"])
    lines = err.value.problems
    assert any("t.csv: a table is already one document per row" in line for line in lines)
    assert any("missing: no such file or folder" in line for line in lines)
    assert any(line.endswith("given twice; give each source once") for line in lines)
    assert sum("inside" in line and "which is also given" in line for line in lines) == 3
    with pytest.raises(ParameterError, match=r"^id_col='doc_id' \(--id-col doc_id\): an import reads news exports"):
        import_sources(sources, id_col="doc_id")
    with pytest.raises(ParameterError, match="drop_duplicates='nearly'"):
        import_sources(sources, drop_duplicates="nearly")


def test_drop_duplicates_exact_and_near_are_recorded_in_the_report(tmp_path):
    sources = _two_same_name_exports(tmp_path / "in")
    (tmp_path / "in" / "copy").mkdir()
    (tmp_path / "in" / "copy" / "export.txt").write_text(nexis_text(_articles(2)), encoding="utf-8")
    sources.append(tmp_path / "in" / "copy")
    for how in ("exact", True, "near"):
        frame, report = import_sources(sources, drop_duplicates=how)
        assert len(frame) == 20 and report.n_docs == 20
        assert sorted(d for d, _ in report.dropped_duplicates) == ["jan/export.txt#1", "jan/export.txt#2"]
    frame, report = import_sources(sources)
    assert len(frame) == 22 and frame["duplicate_of"].notna().sum() == 2 and not report.dropped_duplicates
