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
