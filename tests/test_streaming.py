"""The streamed count of a JSONL file (termshift.stream) gives the in-memory table, or steps aside."""

import json

import pandas as pd
import pytest

import termshift as ts
from termshift.cli import main
from termshift.stream import count_file

TERMS = {"pre": ["pre-emptive strike*", "pre-emptive"], "counter": ["counter-strike", "counter*-strike"],
         "defense": ["self-defense", "defen*"], "ja": ["反撃能力"]}
TEXTS = ["A pre-emptive strike, or a preemptive strikes?", "Counter-strike counterstrike COUNTER\u2010STRIKE.",
         "Self defense and defenses.\nCLICK HERE TO GET THE APP NOW\nMore defence.", "反撃能力を保有する。反撃\n能力",
         "Nothing here.", "ﬁne pre\u2011emptive café"]


def write_jsonl(path, n=60, extra=""):
    with path.open("w", encoding="utf-8") as f:
        for i in range(n):
            f.write(json.dumps({"date": f"20{20 + i % 3}-{i % 12 + 1:02d}-0{i % 9 + 1}", "text": TEXTS[i % len(TEXTS)],
                                "outlet": "ab"[i % 2]}, ensure_ascii=i % 2 == 0) + "\n")
        f.write(extra)
    return path


@pytest.mark.parametrize("n_jobs", [1, 2])
@pytest.mark.parametrize("level", ["family", "term"])
def test_streamed_equals_in_memory(tmp_path, n_jobs, level):
    path = write_jsonl(tmp_path / "c.jsonl")
    expected = ts.count_terms(ts.load_corpus(path), TERMS, "quarter", level=level)
    got = count_file(path, TERMS, "quarter", level=level, n_jobs=n_jobs, chunk_bytes=500)
    pd.testing.assert_frame_equal(got, expected)


def test_streamed_options_equal_in_memory(tmp_path):
    path = write_jsonl(tmp_path / "c.ndjson")
    expected = ts.count_terms(ts.load_corpus(path, boilerplate=None, language="en"), TERMS, "month")
    got = count_file(path, TERMS, "month", boilerplate=None, language="en", chunk_bytes=1000)
    pd.testing.assert_frame_equal(got, expected)


@pytest.mark.parametrize("extra", ['not json\n', '{"date": "2022-13-01", "text": "x"}\n', '{"date": "2022-01-01"}\n',
                                   '{"date": "2022-01-01", "text": "a\\r\\nb"}\r\n', '{"text": "\\ud800", "date": '
                                   '"2022-01-01"}\n', b"\xff\n".decode("latin-1")])
def test_anything_unusual_steps_aside(tmp_path, extra):
    path = write_jsonl(tmp_path / "c.jsonl", extra=extra)
    if extra.startswith("\xff"):
        path.write_bytes(path.read_bytes().replace("\xff".encode(), b"\xff"))
    assert count_file(path, TERMS, chunk_bytes=500) is None


def test_not_jsonl_steps_aside(tmp_path):
    path = tmp_path / "c.csv"
    path.write_text("date,text\n2022-01-01,pre-emptive\n")
    assert count_file(path, TERMS) is None
    (tmp_path / "bom.jsonl").write_bytes(b"\xef\xbb\xbf" + write_jsonl(tmp_path / "x.jsonl").read_bytes())
    assert count_file(tmp_path / "bom.jsonl", TERMS) is None


def test_cli_count_same_bytes_streamed_or_not(tmp_path, capsys):
    path = write_jsonl(tmp_path / "c.jsonl", n=40)
    terms = tmp_path / "t.toml"
    terms.write_text("".join(f'[{k}]\nterms = {json.dumps(v, ensure_ascii=False)}\n' for k, v in TERMS.items()),
                     encoding="utf-8")
    outs = []
    for extra in ([], ["--no-stream"]):
        out = tmp_path / f"out{len(outs)}.csv"
        assert main(["count", str(path), "--terms", str(terms), "--quiet", "--per-term", "--out", str(out), *extra]) == 0
        outs.append(out.read_bytes())
    assert outs[0] == outs[1]


@pytest.mark.parametrize("chunk_bytes", [40, 333, 1 << 20])
def test_chunks_cut_at_line_ends_and_number_lines_as_the_loader(tmp_path, chunk_bytes):
    """Chunks found by seeking (not by reading the file) cover every line once; ids and dates match the loader."""
    from termshift.stream import _chunks, _stream
    from termshift.terms import TermSet

    path = tmp_path / "c.jsonl"
    lines = [json.dumps({"date": f"2021-{i % 12 + 1:02d}-01", "text": TEXTS[i % len(TEXTS)] * (1 + 40 * (i == 7))})
             for i in range(30)]
    path.write_text("\n".join(lines[:10]) + "\n\n\n" + "\n".join(lines[10:]) + "\n\n", encoding="utf-8")
    chunks = _chunks(str(path), chunk_bytes)
    assert chunks[0][0] == 0 and sum(n for _, n in chunks) == path.stat().st_size
    assert all(a + n == b for (a, n), (b, _) in zip(chunks, chunks[1:]))
    data = path.read_bytes()
    assert all(data[a + n - 1:a + n] == b"\n" for a, n in chunks)
    frame, _ = _stream(str(path), TermSet.from_dict(TERMS), "family", 2, chunk_bytes,
                       dict(date_col="date", text_col="text", utc=False, boilerplate="caps", language=None))
    corpus = ts.load_corpus(path)
    assert len(frame) == 30 and frame["doc_id"].is_unique  # the loader sorts by date: compare as a mapping
    assert dict(zip(frame["doc_id"], frame["date"])) == dict(zip(corpus["doc_id"], corpus["date"]))


# Parquet: one file read a few row groups at a time, or a folder of shards ----------------------------


def _frame(n=60, start=0):
    return pd.DataFrame({"date": [f"20{20 + i % 3}-{i % 12 + 1:02d}-0{i % 9 + 1}" for i in range(start, start + n)],
                         "text": [TEXTS[i % len(TEXTS)] for i in range(start, start + n)],
                         "outlet": ["ab"[i % 2] for i in range(start, start + n)]})


@pytest.mark.parametrize("n_jobs", [1, 2])
def test_parquet_file_streamed_by_row_groups_equals_in_memory(tmp_path, n_jobs):
    path = tmp_path / "c.parquet"
    _frame(90).to_parquet(path, row_group_size=7)
    import pyarrow.parquet as pq

    assert pq.ParquetFile(path).metadata.num_row_groups == 13
    for level in ("family", "term"):
        expected = ts.count_terms(ts.load_corpus(path), TERMS, "quarter", level=level)
        got = count_file(path, TERMS, "quarter", level=level, n_jobs=n_jobs, chunk_bytes=200)
        pd.testing.assert_frame_equal(got, expected)


def test_parquet_folder_of_shards_equals_in_memory(tmp_path):
    (tmp_path / "shards" / "2021").mkdir(parents=True)
    _frame(40).to_parquet(tmp_path / "shards" / "a.parquet", row_group_size=9)
    _frame(25, 40).to_parquet(tmp_path / "shards" / "2021" / "b.parquet")
    timestamps = _frame(30, 65)
    timestamps["date"] = pd.to_datetime(timestamps["date"])  # a timestamp column, not text
    timestamps.to_parquet(tmp_path / "shards" / "c.parquet", row_group_size=4)
    folder = tmp_path / "shards"
    expected = ts.count_terms(ts.load_corpus(folder), TERMS, "month")
    got = count_file(folder, TERMS, "month", n_jobs=2, chunk_bytes=100)
    pd.testing.assert_frame_equal(got, expected)
    assert got.groupby("period")["n_docs"].first().sum() == 95  # every row of every shard
    out = tmp_path / "streamed.csv"
    assert main(["count", str(folder), "--terms", str(_terms_file(tmp_path)), "--quiet", "--out", str(out)]) == 0
    assert main(["count", str(folder), "--terms", str(_terms_file(tmp_path)), "--quiet", "--no-stream",
                 "--out", str(tmp_path / "loaded.csv")]) == 0
    assert out.read_bytes() == (tmp_path / "loaded.csv").read_bytes()


def _terms_file(tmp_path):
    terms = tmp_path / "t.toml"
    terms.write_text("".join(f'[{k}]\nterms = {json.dumps(v, ensure_ascii=False)}\n' for k, v in TERMS.items()),
                     encoding="utf-8")
    return terms


@pytest.mark.parametrize("case", ["other file", "hidden file", "no text column", "bad date", "no rows", "not parquet"])
def test_parquet_anything_unusual_steps_aside(tmp_path, case):
    folder = tmp_path / "shards"
    folder.mkdir()
    _frame(20).to_parquet(folder / "a.parquet")
    frame = _frame(5)
    if case == "other file":
        (folder / "notes.txt").write_text("2022-01-01 a note")
    elif case == "hidden file":
        _frame(3).to_parquet(folder / ".hidden.parquet")
    elif case == "no text column":
        frame.drop(columns="text").to_parquet(folder / "b.parquet")
    elif case == "bad date":
        frame.loc[2, "date"] = "2022-13-40"
        frame.to_parquet(folder / "b.parquet")
    elif case == "no rows":
        frame.iloc[:0].to_parquet(folder / "b.parquet")
    else:
        (folder / "b.parquet").write_bytes(b"PAR1 not really PAR1")
    assert count_file(folder, TERMS, chunk_bytes=100) is None


def test_loader_reads_a_folder_of_parquet_shards_as_one_table(tmp_path):
    folder = tmp_path / "shards"
    (folder / "part").mkdir(parents=True)
    _frame(10).to_parquet(folder / "a.parquet")
    bad = _frame(4, 10)
    bad.loc[1, "date"] = "someday"
    bad.to_parquet(folder / "part" / "b.parquet")
    df, report = ts.load_corpus(folder, on_error="skip", return_report=True)
    assert len(df) == 13 and report.totals_line().startswith("2 file(s) seen = 2 loaded + 0 skipped + 0 ignored")
    assert [w for w, _ in report.skipped] == ["part/b.parquet row 2"]
    assert set(df["doc_id"]) == {f"a.parquet:{i}" for i in range(1, 11)} | {"part/b.parquet:1", "part/b.parquet:3",
                                                                            "part/b.parquet:4"}
    with pytest.raises(ts.CorpusError, match="part/b.parquet row 2"):
        ts.load_corpus(folder)
