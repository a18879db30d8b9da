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
def test_chunks_cut_at_line_ends_and_count_every_line_once(tmp_path, chunk_bytes):
    """Chunks found by seeking (not by reading the file) cover every line once; the sums are the loader's."""
    from termshift.stream import _chunks

    path = tmp_path / "c.jsonl"
    lines = [json.dumps({"date": f"2021-{i % 12 + 1:02d}-01", "text": TEXTS[i % len(TEXTS)] * (1 + 40 * (i == 7))})
             for i in range(30)]
    path.write_text("\n".join(lines[:10]) + "\n\n\n" + "\n".join(lines[10:]) + "\n\n", encoding="utf-8")
    chunks = _chunks(str(path), chunk_bytes)
    assert chunks[0][0] == 0 and sum(n for _, n in chunks) == path.stat().st_size
    assert all(a + n == b for (a, n), (b, _) in zip(chunks, chunks[1:]))
    data = path.read_bytes()
    assert all(data[a + n - 1:a + n] == b"\n" for a, n in chunks)
    for level in ("family", "term"):
        got = count_file(path, TERMS, "month", level=level, n_jobs=2, chunk_bytes=chunk_bytes)
        pd.testing.assert_frame_equal(got, ts.count_terms(ts.load_corpus(path), TERMS, "month", level=level))


def test_period_sums_added_in_any_order_equal_aggregate():
    """Chunks summed per period and added in any order give aggregate's table, for every period length."""
    import numpy as np

    from termshift.counts import period_table
    from termshift.matching import Matcher
    from termshift.period_sums import PeriodSums, period_sums

    rng = np.random.default_rng(2)
    n = 500
    dates = (np.datetime64("1969-06-01") + rng.integers(0, 4000, n).astype("timedelta64[D]")).astype("datetime64[ns]")
    texts = [TEXTS[i] for i in rng.integers(0, len(TEXTS), n)]
    corpus = ts.from_frame(pd.DataFrame({"date": dates, "text": texts}))
    matcher = Matcher(ts.TermSet.from_dict(TERMS))
    dc = ts.document_counts(corpus, TERMS)
    keys = [(f, None) for f in matcher.family_ids]
    for freq in ("day", "week", "month", "quarter", "year"):
        sums = PeriodSums(len(keys))
        cuts = np.sort(rng.choice(np.arange(1, n), 6, replace=False))
        parts = np.split(np.arange(n), cuts)
        for i in rng.permutation(len(parts)):
            part = parts[i]
            sums.add(period_sums(dc["date"].to_numpy()[part], dc[list(matcher.family_ids)].to_numpy()[part],
                                 dc["n_tokens"].to_numpy()[part], freq))
        pd.testing.assert_frame_equal(period_table(TERMS, keys, sums, freq), ts.aggregate(dc, TERMS, freq))


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


# The plain path: what the loader's functions give, without a DataFrame -----------------------------


def _loader_rows(text, utc=False):
    from termshift.corpus.tables import parse_jsonl, rows_from_table

    frame, numbers, problems, flags = parse_jsonl(text, "c.jsonl", 1)
    if problems or flags or frame.empty:
        return None
    rows, problems = rows_from_table(frame, "c.jsonl", date_col="date", text_col="text", id_col=None,
                                     source="c.jsonl", encoding="utf-8", numbers=numbers, utc=utc)
    if problems:
        return None
    return numbers, rows["text"].tolist(), rows["date"].to_numpy(dtype="datetime64[ns]")


PLAIN = ['{"date": "2022-11-30", "text": "A pre-emptive strike."}', '{"text": "  padded\\r\\nCRLF \\r end ", '
         '"date": "1679-01-01", "n": 3, "ok": true, "none": null}', '{"date": "2261-12-31", "text": "反撃能力", "é": "ü"}',
         "", "   ", '{"date": "2000-02-29", "text": "leap\\u2028day"}']
NOT_PLAIN = ['{"date": "2022-11-30T10:00", "text": "a time"}', '{"date": "2022-02-30", "text": "no such day"}',
             '{"date": "1678-12-31", "text": "too early"}', '{"date": "2262-01-01", "text": "too late"}',
             '{"date": " 2022-01-01", "text": "space"}', '{"date": "２０２２-01-01", "text": "wide digits"}',
             '{"date": "2022-01-01", "text": "   "}', '{"date": "2022-01-01"}', '{"text": "no date"}',
             '{"date": "2022-01-01", "text": "x", "f": 1.5}', '{"date": "2022-01-01", "text": "x", "d": {"a": 1}}',
             '{"date": "2022-01-01", "text": "lone \\ud800"}', '{"date": "2022-01-01", "text": 5}', "[1, 2]",
             "not json", '{"date": "2022-1-01", "text": "short month"}', '{"date": "2022-01-01", "text": "x", '
             '"big": 123456789012345678901234567890}', '{"date": "2022-01-01", "\\udc80": "key"}']


def test_plain_rows_equal_the_loaders_rows_on_random_chunks():
    import numpy as np

    from termshift.stream import plain_rows

    rng = np.random.default_rng(11)
    opts = {"date_col": "date", "text_col": "text"}
    plain_seen = 0
    for _ in range(400):
        lines = [str(rng.choice(PLAIN)) for _ in range(int(rng.integers(1, 8)))]
        bad = None
        if rng.random() < 0.4:
            bad = str(rng.choice(NOT_PLAIN))
            lines.insert(int(rng.integers(0, len(lines) + 1)), bad)
        text = "\n".join(lines) + "\n"
        got = plain_rows(text, opts)
        if bad is not None:
            assert got is None, bad  # each kind of line it does not read sends the chunk to the loader
            continue
        expected = _loader_rows(text, utc=bool(rng.integers(0, 2)))
        if expected is None:  # blank lines only
            assert got is None or not got[0]
            continue
        plain_seen += 1
        assert got[0] == expected[0] and got[1] == expected[1], text
        assert got[2].dtype == expected[2].dtype and (got[2] == expected[2]).all(), text
    assert plain_seen > 100


def test_cli_count_forks_its_workers_before_pandas_is_loaded(tmp_path):
    """``termshift count`` starts counting without pandas (about 0.4 s of imports on one core), loads it
    while the workers count, and a worker reading plain lines never loads it."""
    import subprocess
    import sys
    import textwrap

    path = write_jsonl(tmp_path / "c.jsonl", n=200)
    terms = tmp_path / "t.toml"
    terms.write_text("".join(f'[{k}]\nterms = {json.dumps(v, ensure_ascii=False)}\n' for k, v in TERMS.items()),
                     encoding="utf-8")
    out = tmp_path / "out.csv"
    code = textwrap.dedent(f"""
        import os, sys
        from termshift import pool, stream
        from termshift.cli import main
        os.cpu_count = lambda: 2
        stream.count_file.__kwdefaults__["chunk_bytes"] = 2000
        init, worker = pool._initialize, stream._worker
        def say(line):  # one write per line: the forked workers share the pipe
            os.write(1, (line + "\\n").encode())
        def _initialize(m):
            say(f"fork {{'pandas' in sys.modules}}")
            init(m)
        def _worker(*args):
            r = worker(*args)
            say(f"worker {{'pandas' in sys.modules}}")
            return r
        pool._initialize, stream._worker = _initialize, _worker
        rc = main(["count", {str(path)!r}, "--terms", {str(terms)!r}, "--quiet", "--out", {str(out)!r}])
        sys.stdout.flush()
        say(f"main {{'pandas' in sys.modules}} {{rc}}")
    """)
    lines = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.split("\n")
    assert lines.count("fork False") == 2
    assert "worker False" in lines and "worker True" not in lines
    assert "main True 0" in lines
    expected = tmp_path / "expected.csv"
    assert main(["count", str(path), "--terms", str(terms), "--quiet", "--no-stream", "--out", str(expected)]) == 0
    assert out.read_bytes() == expected.read_bytes()


# A folder of articles: read, finished and counted in the workers ----------------------------------


def _articles(folder, n=40):
    import os

    (folder / "sub").mkdir(parents=True)
    for i in range(n):
        body = TEXTS[i % len(TEXTS)]
        header = [f"date 2021-0{i % 9 + 1}-1{i % 10}\n", "  Date: 2022-11-30 ", "date:2020-02-29\r\n"][i % 3]
        where = folder / "sub" if i % 4 == 0 else folder
        (where / f"a{i:03d}.txt").write_bytes((("\ufeff" if i % 5 == 0 else "") + header + body).encode("utf-8"))
    (folder / "README.md").write_text("not an article")  # ignored, as the loader ignores it
    (folder / ".hidden.txt").write_text("date 2022-01-01 hidden")
    # read by the loader without a note: a legacy encoding it recognises, a link inside the folder
    (folder / "legacy.txt").write_bytes("date 2022-01-01 caf\u00e9 \u2019pre-emptive\u2019".encode("cp1252"))
    os.symlink(folder / "a001.txt", folder / "link.txt")
    return folder


@pytest.mark.parametrize("level", ["family", "term"])
def test_folder_of_articles_streamed_equals_in_memory(tmp_path, level):
    from termshift import stream

    folder = _articles(tmp_path / "c")
    expected = ts.count_terms(ts.load_corpus(folder), TERMS, "month", level=level)
    assert stream._article_tasks(str(folder)) is not None  # streamed, not handed back to the loader
    for n_jobs in (1, 2):
        got = count_file(folder, TERMS, "month", level=level, n_jobs=n_jobs)
        pd.testing.assert_frame_equal(got, expected)


@pytest.mark.parametrize("case", ["empty", "no header", "bad date", "export", "zip", "link outside"])
def test_folder_with_anything_unusual_steps_aside(tmp_path, case):
    import os

    folder = _articles(tmp_path / "c", n=12)
    if case == "empty":
        (folder / "z.txt").write_text("  \n")
    elif case == "no header":
        (folder / "z.txt").write_text("Just a text.")
    elif case == "bad date":
        (folder / "z.txt").write_text("date 2022-13-01 Text.")
    elif case == "export":
        (folder / "z.txt").write_text("  1 of 1 DOCUMENT\n\nThe Times\n\nJanuary 5, 2010\n\nHeadline\n\nBody.\n")
    elif case == "link outside":
        (tmp_path / "out.txt").write_text("date 2022-01-01 Outside.")
        os.symlink(tmp_path / "out.txt", folder / "z.txt")
    else:
        import zipfile

        with zipfile.ZipFile(folder / "z.zip", "w") as z:
            z.writestr("in.txt", "date 2022-01-01 Zipped.")
    assert count_file(folder, TERMS, n_jobs=1) is None
