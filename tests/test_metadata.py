"""A metadata sheet joined onto a corpus: files, export files, urls to outlets, clashes, and rows or documents left over."""

from __future__ import annotations

import pandas as pd
import pytest

from termshift.corpus.metadata import join_sheet, outlet_from_url, read_sheet
from termshift.errors import CorpusError

DOCS = pd.DataFrame({"doc_id": ["2022/asahi.txt", "2022/ap.txt", "nexis/jan.txt#1", "nexis/jan.txt#2", "loose.txt"],
                     "text": ["a", "b", "c", "d", "e"], "outlet": [None, None, "Kyodo", "Kyodo", None]})


@pytest.mark.parametrize("suffix", [".csv", ".tsv", ".parquet", ".jsonl"])
def test_every_sheet_format_reads_alike(tmp_path, suffix):
    sheet = pd.DataFrame({"file": ["2022/asahi.txt", "./2022/ap.txt"], "url": ["https://www.asahi.com/a", None],
                          "date_found": ["byline", "url"]})
    path = tmp_path / f"sources{suffix}"
    if suffix == ".parquet":
        sheet.to_parquet(path)
    elif suffix == ".jsonl":
        sheet.to_json(path, orient="records", lines=True, force_ascii=False)
    else:
        sheet.to_csv(path, sep="\t" if suffix == ".tsv" else ",", index=False)
    got = read_sheet(path)
    assert got["file"].tolist() == ["2022/asahi.txt", "2022/ap.txt"]  # "./" and "\\" normalised
    assert got["url"].tolist() == ["https://www.asahi.com/a", None]


def test_join_by_file_by_export_file_and_outlet_clash_rule():
    sheet = pd.DataFrame({"file": ["2022/asahi.txt", "2022/ap.txt", "nexis/jan.txt", "gone.txt"],
                          "outlet": [None, "AP", "Kyodo News", "X"], "found": ["a", "b", "c", "d"]}, dtype=object)
    joined, notes = join_sheet(DOCS, sheet, name="sources.csv")
    # a row for an export file applies to each article read from it; the sheet's value wins where it has one
    assert joined["outlet"].tolist() == [None, "AP", "Kyodo News", "Kyodo News", None]
    assert joined["outlet_original"].tolist() == [None, None, "Kyodo", "Kyodo", None]
    assert joined["found"].tolist() == ["a", "b", "c", "c", None]
    assert "sources.csv: 1 row(s) name no loaded document: gone.txt" in notes
    assert "sources.csv: 1 document(s) have no row: loose.txt" in notes
    assert any("`outlet` was already there" in n and "(2 differ)" in n for n in notes)


def test_termshift_columns_are_never_replaced():
    sheet = pd.DataFrame({"file": ["loose.txt"], "date": ["2001-01-01"], "text": ["x"]})
    joined, notes = join_sheet(DOCS, sheet)
    assert joined["text"].tolist() == DOCS["text"].tolist()
    assert joined["sheet_date"].tolist() == [None, None, None, None, "2001-01-01"]
    assert sum("termshift's own" in n for n in notes) == 2


@pytest.mark.parametrize(("url", "outlet"), [
    ("https://www.japantimes.co.jp/news/2022/12/16/", "The Japan Times"), ("https://mainichi.jp/articles/x", "Mainichi Shimbun"),
    ("www3.nhk.or.jp/news/html/x.html", "NHK"), ("https://Digital.Asahi.com/x", "Asahi Shimbun"),
    ("https://blog.example.co.uk/post", "blog.example.co.uk"), ("not a url", None), (float("nan"), None)])
def test_outlet_from_url(url, outlet):
    assert outlet_from_url(url) == outlet


def test_sheet_errors_name_the_file_and_row_and_say_what_to_do(tmp_path):
    bad = tmp_path / "s.csv"
    bad.write_text("path,url\na.txt,x\n")
    with pytest.raises(CorpusError, match=r"s\.csv: no `file` column .* name the column"):
        read_sheet(bad)
    dup = tmp_path / "d.csv"
    dup.write_text("file,url\na.txt,x\n,y\na.txt,z\n")
    with pytest.raises(CorpusError) as err:
        read_sheet(dup)
    assert err.value.problems == [f"{dup} row 3: empty `file`; name the article or delete the row",
                                  f"{dup} row 4: `a.txt` is named again (first at row 2); keep one row per article"
                                  ]
    with pytest.raises(CorpusError, match="no such metadata sheet"):
        read_sheet(tmp_path / "missing.csv")
    with pytest.raises(CorpusError, match="not a metadata sheet"):
        read_sheet(tmp_path / "s.xlsx")


def _folder(tmp_path):
    root = tmp_path / "saved"
    root.mkdir()
    arts = {"a.txt": ("2017-05-01", "The preemptive strike debate."),
            "b.txt": ("2022-04-10", "A counterstrike capability was proposed."),
            "c.txt": ("2022-06-10", "政府は反撃能力の保有を決めた。"), "d.txt": ("2025-01-01", "Later counterstrike talk.")}
    for name, (day, body) in arts.items():
        (root / name).write_text(f"date {day} {body}", encoding="utf-8")
    (root / "sources.csv").write_text("file,url\na.txt,https://www.asahi.com/x\nb.txt,https://apnews.com/y\n"
                                      "c.txt,https://www.sankei.com/z\ngone.txt,\n", encoding="utf-8")
    return root


def test_load_corpus_joins_the_sheet_and_keeps_the_window(tmp_path):
    import termshift as ts

    root = _folder(tmp_path)
    df, report = ts.load_corpus(root, metadata=root / "sources.csv", start="2022-01-01", end="2022-12-31",
                                return_report=True)
    assert df["doc_id"].tolist() == ["b.txt", "c.txt"] and df["outlet"].tolist() == ["AP", "Sankei Shimbun"]
    assert report.outside_window == 2 and report.n_docs == 2
    assert report.ignored_reasons["sources.csv"] == "the metadata sheet (--metadata)"
    assert any("1 row(s) name no loaded document: gone.txt" in n for n in report.notes)
    assert any("outside the window 2022-01-01 to 2022-12-31: 2 document(s) (1 before, 1 after)" == n
               for n in report.notes)
    table = ts.count_terms(df, ts.example_terms(), "quarter")  # the periods are the window's, empty ones too
    assert sorted(table["period"].astype(str).unique()) == ["2022Q1", "2022Q2", "2022Q3", "2022Q4"]


def test_cli_count_by_outlet_from_the_sheet_within_the_window(tmp_path, cli):
    root = _folder(tmp_path)
    code, out, err = cli(["count", root, "--terms", "corpus/framing_terms.toml", "--freq", "quarter", "--metadata",
                          root / "sources.csv", "--start", "2022-01-01", "--end", "2022-12-31", "--by", "outlet"])
    assert code == 0, err
    table = pd.read_csv(__import__("io").StringIO(out))
    assert sorted(table["outlet"].unique()) == ["AP", "Sankei Shimbun"]
    assert sorted(table["period"].unique()) == ["2022Q1", "2022Q2", "2022Q3", "2022Q4"]
    assert table["n_docs"].sum() == 2 * table["family"].nunique()
    assert "outside the window 2022-01-01 to 2022-12-31: 2 document(s)" in err


def test_bad_window_and_sheet_options_are_listed_at_once():
    from termshift.corpus.options import LoadOptions
    from termshift.errors import ParameterError

    with pytest.raises(ParameterError) as err:
        LoadOptions(start="2022-13-01", end="yesterday", metadata=3)
    assert len(err.value.problems) == 3
    with pytest.raises(ParameterError, match="is after"):
        LoadOptions(start="2023-01-01", end="2022-01-01")
