"""News exports (Nexis, Nexis Uni, Factiva, ProQuest, web pages, zip archives) read as they come, loss-free.

The fixtures in ``tests/fixtures/exports/`` are invented text written in each layout
(cover pages, odd date lines, missing fields, CRLF, cp1252, a UTF-8 BOM, an empty
export, a truncated one, two overlapping downloads). The property tests write
generated articles with the export writers of ``tests/fuzzing.py`` and check that
every one comes back exactly once with its date, outlet, title, byline and body.
"""

from __future__ import annotations

import argparse
import inspect
import json
import re
import shutil
import zipfile
from pathlib import Path

import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from fuzzing import EXPORT_WRITERS, docx_bytes, nexis_text, nexis_uni_lines
from termshift import CorpusError, ParameterError, load_corpus
from termshift.cli.importing import add_import, import_sources
from termshift.corpus.dates import written_date
from termshift.corpus.near_duplicates import find_near_duplicates, jaccard, shingles

EXPORTS = Path(__file__).parent / "fixtures" / "exports"
GOOD, BAD, OVERLAP = EXPORTS / "good", EXPORTS / "bad", EXPORTS / "overlap"
META_LINE = re.compile(r"^(BYLINE|SECTION|LENGTH|LOAD-DATE|LANGUAGE|GRAPHIC|PUBLICATION-TYPE|DATELINE):|"
                       r"^(Length|Byline|Section|Load-Date|Language|Highlight|Copyright)\b|^End of Document$|^Body$|"
                       r"^(HD|BY|WC|PD|SN|SC|LA|CY|LP|TD|AN|NS|RE) |^Document [A-Z0-9]{16,}|"
                       r"^(Title|Author|Full text|Publication title|Publication date|ProQuest document ID|"
                       r"Document URL):|^\d+ of \d+ DOCUMENTS|Download Request|Job Number|Search Terms",
                       re.MULTILINE)


def load(*sources, **kw):
    return import_sources(list(sources), **kw)


# ----------------------------------------------------------------------------- every layout


def test_every_fixture_layout_loads_with_its_articles_dates_and_metadata():
    df, report = load(GOOD)
    assert report.formats() == {"factiva/html": 1, "factiva/rtf": 1, "factiva/text": 1, "nexis-uni/docx": 1,
                                "nexis-uni/rtf": 1, "nexis/text": 3, "proquest/text": 1, "web/html": 1}
    by_id = df.set_index("doc_id")
    expect = {  # doc_id: (date, outlet, title, byline)
        "nexis_classic_cp1252_crlf.TXT#1": ("2010-01-11", "The Daily Ledger (Portsmouth)",
                                            "Harbour budget delayed as “council” splits",
                                            "Jane Roe, Civic Affairs Correspondent"),
        "nexis_classic_cp1252_crlf.TXT#2": ("2010-01-08", "The Evening Crier", "Ferry fares frozen for winter", None),
        "nexis_classic_cp1252_crlf.TXT#3": ("2010-01-09", "The Evening Crier",
                                            "Lighthouse keeper retires after forty years", "Tom Smith"),
        "nexis_uni.DOCX#1": ("2019-07-01", "The Riverside Gazette", "Tram line to open in autumn", "Priya Natarajan"),
        "nexis_uni.DOCX#2": ("2019-06-28", "The Harbour Herald", "Ferry strike called off", None),
        "nexis_uni_form.rtf#1": ("2019-07-01", "The Riverside Gazette", "Bus lane to open in autumn",
                                 "Priya Natarajan"),
        "factiva_article_format.rtf#1": ("2010-01-11", "The Northern Courier",
                                         "Wind farm approved off the northern coast", "Oliver Grant"),
        "factiva_article_format.rtf#2": ("2010-01-12", "The Northern Courier",
                                         "School meals to include more local produce", None),
        "factiva_export.HTML#1": ("2010-01-11", "The Northern Courier", "Solar park approved off the northern coast",
                                  "Oliver Grant"),
        "factiva_plain_bom.txt#1": ("2010-01-14", "The Western Echo", "Coastal path reopens after storm repairs",
                                    "Mei Lin"),
        "factiva_plain_bom.txt#2": ("2010-01-15", "The Western Echo", "Museum wins lottery grant", None),
        "proquest.txt#1": ("2010-01-11", "The Campus Record", "Library hours extended during exams", "Okafor, Chidi"),
        "proquest.txt#2": ("2010-01-13", "The Campus Record", "Bicycle lanes painted on the high street", None),
        "web_story.htm#1": ("2021-05-14", "The Town Crier", "Night market returns to the square", "Rosa Alvarez"),
        "archive_of_exports.ZIP/exports/february.TXT#1": ("2010-02-02", "The Harbour Herald",
                                                          "Fish market moves indoors", "Ana Costa"),
        "archive_of_exports.ZIP/exports/february.TXT#2": ("2010-02-03", "The Harbour Herald",
                                                          "Ferry timetable changes", None),
    }
    for doc_id, (date, outlet, title, byline) in expect.items():
        row = by_id.loc[doc_id]
        assert (str(row.date.date()), row.outlet, row.title) == (date, outlet, title), doc_id
        assert (None if pd.isna(row.byline) else row.byline) == byline, doc_id
    assert len(df) == 19 and df.doc_id.is_unique
    assert by_id.loc["nexis_classic_cp1252_crlf.TXT#1", "section"] == "HOME NEWS; Pg. 5"
    assert by_id.loc["nexis_classic_cp1252_crlf.TXT#1", "length_words"] == 64
    assert by_id.loc["nexis_classic_cp1252_crlf.TXT#1", "encoding"] == "cp1252"
    assert by_id.loc["factiva_plain_bom.txt#1", "encoding"] == "utf-8-sig"
    assert by_id.loc["factiva_article_format.rtf#2", "section"] == "Education"
    assert by_id.loc["nexis_uni.DOCX#1", "stated_language"] == "English"


def test_text_is_the_body_only():
    df, _ = load(GOOD)
    for doc_id, text in zip(df.doc_id, df.text):
        assert not META_LINE.search(text), (doc_id, META_LINE.search(text).group(0))
        assert "\r" not in text and text == text.strip()
    by_id = df.set_index("doc_id").text
    assert by_id["nexis_classic_cp1252_crlf.TXT#1"].startswith("The harbour council postponed")
    assert by_id["nexis_classic_cp1252_crlf.TXT#1"].endswith("supporters praised caution.")
    assert by_id["factiva_article_format.rtf#1"].endswith("IN 2011 the first turbines will be towed out from the "
                                                         "yard, the company said.")  # not an indexing code
    assert by_id["nexis_uni.DOCX#1"].endswith("roadworks and detours.")  # no Graphic, Classification
    assert "Amélie" in by_id["nexis_classic_cp1252_crlf.TXT#1"]


def test_numbering_is_not_trusted_and_upper_case_extensions_are_read(tmp_path):
    arts = [_article(i) for i in range(3)]
    (tmp_path / "EXPORT.TXT").write_text(nexis_text(arts, numbers=[8, 2, 2]))  # 8 of 383 among 2 of 10, twice
    df, report = load(tmp_path)
    assert df.doc_id.tolist() == ["EXPORT.TXT#1", "EXPORT.TXT#2", "EXPORT.TXT#3"]
    assert report.files == {"EXPORT.TXT": {"format": "nexis/text", "articles": 3}}


def test_format_found_from_content_not_the_name(tmp_path):
    shutil.copy(GOOD / "factiva_article_format.rtf", tmp_path / "factiva_saved_as.txt")
    shutil.copy(GOOD / "proquest.txt", tmp_path / "proquest.rtf")
    df, report = load(tmp_path)
    assert report.formats() == {"factiva/rtf": 1, "proquest/text": 1} and len(df) == 4


def test_format_can_be_forced_and_a_wrong_one_names_the_file(tmp_path):
    shutil.copy(GOOD / "factiva_plain_bom.txt", tmp_path / "f.txt")
    df, _ = load(tmp_path, format="factiva")
    assert len(df) == 2
    with pytest.raises(CorpusError, match=r"f\.txt: no articles found in this export: is it a Nexis/Factiva/ProQuest"):
        load(tmp_path, format="proquest")
    with pytest.raises(ParameterError, match="format='lexis'"):
        load(tmp_path, format="lexis")


# ----------------------------------------------------------------------------- bad input, named


def test_an_export_without_articles_is_bad_input_in_one_line():
    with pytest.raises(CorpusError) as info:
        load(BAD / "empty_export.txt")
    assert info.value.problems == ["empty_export.txt: no articles found in this export: is it a Nexis/Factiva/"
                                   "ProQuest export?; export the documents again with their full text, or remove "
                                   "the file"]
    assert info.value.header is None


def test_bad_dates_are_named_with_their_article_and_the_rest_loads():
    with pytest.raises(CorpusError) as info:
        load(BAD, date_from=None)
    lines = "\n".join(info.value.problems)
    assert "odd_dates.txt#1: article ('Market hall to be repainted'): date line 'Janvier 11, 2010' cannot be read" \
        in lines
    assert "odd_dates.txt#2: article ('Bus shelter replaced'): impossible date 'February 30, 2010'" in lines
    assert "web_undated.html: no publication date in the page's metadata" in lines
    assert "empty_export.txt: no articles found" in lines


def test_a_page_without_a_date_loads_with_a_date_from_rule(tmp_path):
    shutil.copy(BAD / "web_undated.html", tmp_path / "2020-03-04_opinion.html")
    with pytest.raises(CorpusError, match="date_from='name'"):
        load(tmp_path)
    df, _ = load(tmp_path, date_from="name")
    assert str(df.date[0].date()) == "2020-03-04" and df.title[0] == "Opinion: why the bridge matters"
    df, _ = load(tmp_path, date_from="2021-01-02")
    assert str(df.date[0].date()) == "2021-01-02"
    with pytest.raises(ParameterError, match="date_from='yesterday'"):
        load(tmp_path, date_from="yesterday")


def test_a_truncated_export_is_flagged():
    _, report = load(GOOD)
    assert report.flagged == [("nexis_truncated.txt#1", "body has 81 words but the export states 812 "
                                                         "(truncated export?)")]


def test_skip_loads_the_rest_and_every_file_and_article_is_accounted_for(tmp_path):
    shutil.copytree(BAD, tmp_path / "pile")
    shutil.copy(GOOD / "proquest.txt", tmp_path / "pile")
    df, report = load(tmp_path / "pile", on_error="skip")
    assert report.files_seen == len(report.loaded) + report.skipped_files + len(report.ignored) == 4
    assert report.skipped_files == 2 and len(report.skipped) == 4 and len(df) == 2
    assert report.totals_line() == "4 file(s) seen = 2 loaded + 2 skipped + 0 ignored; 2 article(s) skipped"
    with pytest.raises(CorpusError, match="no documents loaded, every file or row was skipped"):
        load(BAD, on_error="skip")


def test_zip_archives_are_read_in_place_and_their_other_members_listed():
    _, report = load(GOOD)
    assert report.files["archive_of_exports.ZIP/exports/february.TXT"] == {"format": "nexis/text", "articles": 2}
    assert report.ignored_reasons == {
        "archive_of_exports.ZIP/README.md": "not an export or .txt article",
        "archive_of_exports.ZIP/__MACOSX/exports/._february.TXT": "hidden or macOS resource file in the archive"}


def test_broken_docx_and_zip_are_named(tmp_path):
    (tmp_path / "a.docx").write_bytes(b"PK\x03\x04 not really a zip")
    (tmp_path / "b.zip").write_bytes(b"PK\x05\x06" + b"\0" * 18)
    with zipfile.ZipFile(tmp_path / "c.zip", "w"):
        pass
    with pytest.raises(CorpusError) as info:
        load(tmp_path)
    assert [p.split(":")[0] for p in info.value.problems] == ["a.docx", "b.zip", "c.zip"]


# ----------------------------------------------------------------------------- duplicates


def test_overlapping_exports_mark_the_repeat_and_the_wire_reprint():
    df, _ = load(OVERLAP)
    dup = dict(zip(df.doc_id, zip(df.duplicate_of, df.similarity.round(3))))
    assert dup["download_part2.txt#1"] == ("download_part1.txt#3", 1.0)  # exported twice
    assert dup["download_part2.txt#3"][0] == "download_part1.txt#2"  # the wire story reprinted
    assert 0.8 <= dup["download_part2.txt#3"][1] < 1
    assert sum(d is not None for d in df.duplicate_of) == 2
    assert len(load(OVERLAP, drop_duplicates="exact")[0]) == 5
    kept, report = load(OVERLAP, drop_duplicates="near")
    assert len(kept) == 4 and len(report.dropped_duplicates) == 2


def _naive_shingles(text, k=5):
    words = text.casefold().split()
    return {tuple(words[i:i + k]) for i in range(max(len(words) - k + 1, 1))} if words else set()


@settings(max_examples=40, deadline=None)
@given(st.lists(st.lists(st.sampled_from("a b c d e f g h".split()), min_size=0, max_size=25).map(" ".join),
                min_size=1, max_size=12), st.sampled_from([0.3, 0.5, 0.8, 1.0]))
def test_near_duplicates_agree_with_brute_force_jaccard(texts, threshold):
    dup, sim, _ = find_near_duplicates(texts, threshold=threshold, random_state=3, containment=None, bands=64, rows=1)
    sets = [_naive_shingles(t) for t in texts]
    for i, (d, s) in enumerate(zip(dup, sim)):
        exact = [jaccard(sets[i], sets[j]) for j in range(i)]
        first = next((j for j, v in enumerate(exact) if v >= threshold), None)
        assert d == first, (i, exact)
        if d is not None:
            assert s == pytest.approx(exact[d])


def test_near_duplicates_are_deterministic_and_shingles_hash_alike_everywhere():
    texts = [f"story {i} " + "the council met on monday to discuss the harbour budget " * 3 for i in range(50)]
    assert find_near_duplicates(texts, random_state=7) == find_near_duplicates(texts, random_state=7)
    assert shingles("A b c d e").tolist() == shingles("a B c d e").tolist() == [1553390661]


@pytest.mark.parametrize(("line", "date"), [
    ("January 11, 2010 Monday", "2010-01-11"), ("January 8, 2010", "2010-01-08"),
    ("July 1, 2019 Monday 9:20 AM GMT", "2019-07-01"), ("11 January 2010", "2010-01-11"),
    ("  January 11, 2010 Monday  Final Edition", "2010-01-11"), ("Jan. 5, 2011", "2011-01-05"),
    ("Sunday, March 6, 2011", "2011-03-06"), ("June 3, 2019 Monday 12:01 AM GMT+1", "2019-06-03"),
    ("2010-01-11", "2010-01-11")])
def test_written_dates(line, date):
    assert str(written_date(line).date()) == date


@pytest.mark.parametrize("line", ["11/01/2010", "Harbour budget delayed", "May 2010", "January 11, 2010 says mayor"])
def test_written_dates_never_guessed(line):
    assert written_date(line) is None


# ----------------------------------------------------------------------------- property: every article once

_WORD = st.text(alphabet="abcdefghijklmnopqrstuvwxyz", min_size=2, max_size=9)
_TITLE = st.lists(_WORD, min_size=2, max_size=7).map(lambda ws: " ".join(ws).capitalize())
_NAME = st.tuples(_WORD, _WORD).map(lambda t: f"{t[0].capitalize()} {t[1].capitalize()}")
_PARA = st.lists(_WORD, min_size=3, max_size=40).map(lambda ws: " ".join(ws).capitalize() + ".")
_ARTICLE = st.fixed_dictionaries({
    "date": st.dates(min_value=pd.Timestamp("1990-01-01").date(), max_value=pd.Timestamp("2030-12-31").date())
              .map(pd.Timestamp),
    "outlet": _NAME.map(lambda n: f"The {n} Times"),
    "title": _TITLE,
    "byline": st.one_of(st.none(), _NAME),
    "section": st.one_of(st.none(), _WORD.map(str.upper)),
    "body": st.lists(_PARA, min_size=1, max_size=4),
})


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(articles=st.lists(_ARTICLE, min_size=1, max_size=6), layout=st.sampled_from(sorted(EXPORT_WRITERS)),
       zipped=st.booleans())
def test_every_article_written_into_an_export_comes_back_exactly_once(tmp_path_factory, articles, layout, zipped):
    folder = tmp_path_factory.mktemp("export")
    suffix, write = EXPORT_WRITERS[layout]
    data = write(articles)
    if zipped:
        with zipfile.ZipFile(folder / "pile.zip", "w") as z:
            z.writestr(zipfile.ZipInfo("export" + suffix, date_time=(2020, 1, 1, 0, 0, 0)), data)
        name = "pile.zip/export" + suffix
    else:
        (folder / ("export" + suffix)).write_bytes(data)
        name = "export" + suffix
    df, report = load(folder)
    assert report.files[name]["articles"] == len(articles)
    got = df.set_index("doc_id")
    for k, a in enumerate(articles, start=1):
        row = got.loc[f"{name}#{k}"]
        assert row.date == a["date"] and row.outlet == a["outlet"] and row.title == a["title"]
        assert (None if pd.isna(row.byline) else row.byline) == a["byline"]
        assert row.text.split() == " ".join(a["body"]).split()
    assert len(df) == len(articles) and not report.skipped and not report.flagged


# ----------------------------------------------------------------------------- the command and load_corpus


def _cli(argv):
    parser = argparse.ArgumentParser(prog="termshift")
    add_import(parser.add_subparsers(dest="command"))
    args = parser.parse_args(["import", *argv])
    return args.func(args)


def test_import_command_writes_the_table_and_its_report(tmp_path):
    out = tmp_path / "corpus.parquet"
    assert _cli([str(GOOD), str(OVERLAP), "--out", str(out), "--quiet"]) == 0
    table = pd.read_parquet(out)
    assert len(table) == 25 and table.doc_id.str.startswith(("good/", "overlap/")).all()
    assert {"outlet", "title", "byline", "section", "length_words", "stated_language", "format", "source",
            "duplicate_of", "similarity"} <= set(table.columns)
    report = json.loads((tmp_path / "corpus.parquet.report.json").read_text())
    assert report["files"]["good/proquest.txt"] == {"format": "proquest/text", "articles": 2}
    assert report["flagged"] == [["good/nexis_truncated.txt#1", "body has 81 words but the export states 812 "
                                                               "(truncated export?)"]]
    again = load_corpus(out, id_col="doc_id")
    assert sorted(again.doc_id) == sorted(table.doc_id)


def test_a_parquet_from_import_keeps_its_ids_when_loaded_with_no_option(tmp_path):
    """Issue 25: KWIC showed ``corpus.parquet:4`` instead of the import's ``...TXT#5``."""
    out = tmp_path / "my_corpus.parquet"
    assert _cli([str(GOOD), "--out", str(out), "--quiet"]) == 0
    table = pd.read_parquet(out)
    again = load_corpus(out)
    assert again.doc_id.tolist() == load_corpus(out, id_col="doc_id").doc_id.tolist()
    assert sorted(again.doc_id) == sorted(table.doc_id) and not again.doc_id.str.startswith("my_corpus").any()
    assert "meta_doc_id" not in again.columns
    from termshift.corpus.tables import parquet_bytes

    two = tmp_path / "two.parquet"  # an explicit id_col wins over the one the file names
    two.write_bytes(parquet_bytes(pd.DataFrame({"doc_id": ["a", "b"], "key": ["k1", "k2"], "date": "2022-12-16",
                                                "text": ["x", "y"]}), id_col="doc_id"))
    assert load_corpus(two).doc_id.tolist() == ["a", "b"]
    assert load_corpus(two, id_col="key").doc_id.tolist() == ["k1", "k2"]
    plain = tmp_path / "plain.parquet"  # a Parquet from elsewhere names no id column: row ids as before
    table.to_parquet(plain, index=False)
    assert load_corpus(plain).doc_id.str.startswith("plain.parquet:").all()


def test_import_command_refuses_an_output_inside_a_source(tmp_path):
    shutil.copytree(OVERLAP, tmp_path / "src")
    with pytest.raises(ParameterError, match="inside the source folder"):
        _cli([str(tmp_path / "src"), "--out", str(tmp_path / "src" / "c.parquet")])


@pytest.mark.skipif("format" not in inspect.signature(load_corpus).parameters,
                    reason="load_corpus does not read exports yet (corpus/__init__.py hook)")
def test_load_corpus_reads_a_folder_of_exports():
    df, report = load_corpus(GOOD, return_report=True)
    assert len(df) == 19 and report.formats()["nexis/text"] == 3
    assert report.totals_line() == "12 file(s) seen = 10 loaded + 0 skipped + 2 ignored; 1 flagged"


def _article(i):
    return {"date": pd.Timestamp(2010, 1, i + 1), "outlet": "The Fixture Times", "title": f"Story number {i}",
            "byline": None, "section": None, "body": [f"Paragraph of story {i} with words."]}


def test_docx_writer_round_trip(tmp_path):
    (tmp_path / "x.docx").write_bytes(docx_bytes(nexis_uni_lines([_article(0), _article(1)])))
    df, _ = load(tmp_path)
    assert df.title.tolist() == ["Story number 0", "Story number 1"]


# ----------------------------------------------------------------------------- hardening round 2 (issue 20)

JA_SENTENCE = "政府は反撃能力の保有を決めたが、専守防衛の原則は変わらないと説明した。"
EN_SENTENCE = "The council said the counterstrike capability stays within the exclusive defense policy."


def load_skip(folder):
    """Load with skip, beside one good article (a load in which every file is skipped is an error)."""
    (folder / "ok.txt").write_bytes(b"date 2022-01-01 Fine.")
    df, report = load_corpus(folder, on_error="skip", return_report=True, progress=False)
    assert "ok.txt" in report.loaded
    return df[df["doc_id"] != "ok.txt"].reset_index(drop=True), report


def _story(body, title="Harbour budget", words=None):
    a = {"date": pd.Timestamp("2019-07-01"), "outlet": "The Daily Ledger", "title": title, "byline": "Jane Roe",
         "body": body}
    if words is not None:
        a["words"] = words
    return a


def test_rtf_emoji_is_kept_and_a_lone_half_is_replaced_and_flagged(tmp_path):
    """Word writes 😀 as two \\uN escapes (its UTF-16 halves); read one by one they aborted the import."""
    from fuzzing import rtf_bytes

    smile = [_story(["The council 😀 delayed the harbour budget.", "Fans cheered 👍🏽 loudly."], title="Smile 😀")]
    (tmp_path / "emoji.rtf").write_bytes(rtf_bytes(nexis_uni_lines(smile)))
    lone = rtf_bytes(nexis_uni_lines([_story(["A cut emoji here.", "Second paragraph."])]))
    (tmp_path / "lone.rtf").write_bytes(lone.replace(b"cut emoji", b"cut \\u-10179?emoji"))
    df, report = load_skip(tmp_path)
    got = df.set_index("doc_id")
    assert got.loc["emoji.rtf#1", "text"] == "The council 😀 delayed the harbour budget.\nFans cheered 👍🏽 loudly."
    assert got.loc["emoji.rtf#1", "title"] == "Smile 😀"
    assert got.loc["lone.rtf#1", "text"].startswith("A cut \ufffdemoji here.")
    assert [f for f in report.flagged if f[0] == "lone.rtf"] == [
        ("lone.rtf", "1 lone UTF-16 surrogate(s) (half a character, such as an emoji cut in two) replaced by U+FFFD")]
    assert not report.skipped
    for text in df["text"]:
        text.encode("utf-8")  # nothing unwritable is left (kwic and Parquet write these)
    out = df.copy()
    out.attrs = {}
    out.to_parquet(tmp_path / "out.parquet")


def test_rtf_with_binary_data_is_read_past_the_blob(tmp_path):
    from fuzzing import rtf_bytes

    data = rtf_bytes(nexis_uni_lines([_story([EN_SENTENCE])]), blob=b"\x00\x01PK\x00}{\\" * 200)
    (tmp_path / "blob.rtf").write_bytes(data)
    df, report = load_skip(tmp_path)
    assert df["text"].tolist() == [EN_SENTENCE] and not report.skipped


def _zip(path, members):
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in members.items():
            z.writestr(zipfile.ZipInfo(name, date_time=(2020, 1, 1, 0, 0, 0)), data, compress_type=zipfile.ZIP_DEFLATED)


def test_zip_members_past_the_bound_are_refused_before_they_are_read(tmp_path, monkeypatch):
    """4 members of 300 MB in a 2.4 MB zip ran out of memory; here the same with the bound lowered to 1 MB."""
    import termshift.corpus.importers.archive as archive

    monkeypatch.setenv("TERMSHIFT_MAX_SOURCE_MB", "1")
    big = b"date 2022-01-01 " + b"word " * 300_000  # 1.5 MB unpacked, a few KB packed
    _zip(tmp_path / "bomb.zip", {f"m{k}.txt": big for k in range(4)} | {"fine.txt": b"date 2022-01-01 Fine."})
    opened = []
    real_open = zipfile.ZipFile.open
    monkeypatch.setattr(zipfile.ZipFile, "open", lambda self, name, *a, **k: opened.append(
        getattr(name, "filename", name)) or real_open(self, name, *a, **k))
    df, report = load_skip(tmp_path)
    assert df["text"].tolist() == ["Fine."]
    skipped = {s[0]: s[-1] for s in report.skipped}
    assert sorted(skipped) == [f"bomb.zip/m{k}.txt" for k in range(4)]
    assert all("past the bound of 1 MB (source_bytes)" in why and "TERMSHIFT_MAX_SOURCE_MB" in why
               and "\n" not in why for why in skipped.values())
    assert opened == ["fine.txt"]  # refused by the declared size: never opened
    assert archive.read_member  # the streamed read: see the next test


def test_a_member_that_lies_about_its_size_never_unpacks_past_it(tmp_path, monkeypatch):
    """Declared small: the read stops at the declared size (zipfile) and the member is skipped (bad CRC);
    declared large: refused unread. (read_member also counts the bytes as it streams them, a last guard
    that zipfile's own stop at the declared size leaves nothing to catch.)"""
    import termshift.corpus.importers.archive as archive

    buf = tmp_path / "liar.zip"
    _zip(buf, {"a.txt": b"date 2022-01-01 " + b"word " * 300_000})
    z = zipfile.ZipFile(buf)
    info = z.getinfo("a.txt")
    info.file_size = 100
    monkeypatch.setenv("TERMSHIFT_MAX_SOURCE_MB", "1")
    with pytest.raises(archive.BadInput, match="archive member cannot be read"):
        archive.read_member(z, info, "source_bytes", "archive member")
    info.file_size = 2_000_000
    with pytest.raises(archive.BadInput, match=r"\(declared size\) of 2,000,000 bytes is past the bound of 1 MB"):
        archive.read_member(z, info, "source_bytes", "archive member")


def test_archive_total_and_member_count_bounds(tmp_path, monkeypatch):
    _zip(tmp_path / "many.zip", {f"a{k}.txt": b"date 2022-01-01 Fine." for k in range(5)})
    monkeypatch.setenv("TERMSHIFT_MAX_ARCHIVE_MEMBERS", "4")
    df, report = load_skip(tmp_path)
    assert len(df) == 0 and report.skipped[0][0] == "many.zip"
    assert "5 members is past the bound of 4 members (archive_members)" in report.skipped[0][-1]
    monkeypatch.delenv("TERMSHIFT_MAX_ARCHIVE_MEMBERS")
    monkeypatch.setenv("TERMSHIFT_MAX_SOURCE_MB", "1")
    monkeypatch.setenv("TERMSHIFT_MAX_ARCHIVE_MB", "1")
    _zip(tmp_path / "many.zip", {f"a{k}.txt": b"date 2022-01-01 " + b"w " * 200_000 for k in range(5)})
    df, report = load_skip(tmp_path)
    assert len(df) + len(report.skipped) == 5  # each member loaded or skipped by name
    assert any("(archive_bytes)" in s[-1] for s in report.skipped)


def test_a_source_file_past_the_bound_is_refused_unread(tmp_path, monkeypatch):
    monkeypatch.setenv("TERMSHIFT_MAX_SOURCE_MB", "1")
    (tmp_path / "big.txt").write_bytes(b"date 2022-01-01 " + b"word " * 300_000)
    df, report = load_skip(tmp_path)
    assert len(df) == 0
    assert report.skipped[0][0] == "big.txt" and "(source_bytes)" in report.skipped[0][-1]


@pytest.mark.parametrize("main", ["word/document2.xml", "content/main.xml", "doc.xml"])
def test_a_docx_is_found_by_its_package_relationships(tmp_path, main):
    (tmp_path / "uni.docx").write_bytes(docx_bytes(nexis_uni_lines([_story([EN_SENTENCE])]), main=main))
    (tmp_path / "strict.docx").write_bytes(docx_bytes(nexis_uni_lines([_story([EN_SENTENCE])]), main=main,
                                                      strict=True))
    df, report = load_skip(tmp_path)
    assert df["text"].tolist() == [EN_SENTENCE, EN_SENTENCE] and not report.skipped and not report.ignored


@pytest.mark.parametrize("suffix", [".docx", ".zip"])
def test_a_zip_that_looks_like_a_docx_but_is_not_one_is_skipped_with_its_reason(tmp_path, suffix):
    lines = nexis_uni_lines([_story([EN_SENTENCE])])
    (tmp_path / f"norels{suffix}").write_bytes(docx_bytes(lines, rels=False))
    broken = io_zip({"[Content_Types].xml": b"<Types/>", "_rels/.rels": b"<Relationships><oops",
                     "word/document.xml": b"<x/>", "story.txt": b"date 2022-01-01 Inner."})
    (tmp_path / f"broken{suffix}").write_bytes(broken)
    missing = docx_bytes(lines, main="word/gone.xml")
    with zipfile.ZipFile(tmp_path / f"missing{suffix}", "w") as z:
        with zipfile.ZipFile(__import__("io").BytesIO(missing)) as src:
            for n in src.namelist():
                if n != "word/gone.xml":
                    z.writestr(n, src.read(n))
    df, report = load_skip(tmp_path)
    assert len(df) == 0 and not report.ignored and report.loaded == ["ok.txt"]  # never taken apart
    why = {s[0]: s[-1] for s in report.skipped}
    assert set(why) == {f"norels{suffix}", f"broken{suffix}", f"missing{suffix}"}
    assert "no package relationships" in why[f"norels{suffix}"]
    assert "not a readable DOCX file" in why[f"broken{suffix}"]
    assert "'word/gone.xml' (named in _rels/.rels) is missing" in why[f"missing{suffix}"]


def io_zip(members) -> bytes:
    import io

    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        for name, data in members.items():
            z.writestr(name, data)
    return buf.getvalue()


_HOSTILE_HEADERS = """
import sys, time
from fuzzing import nexis_text, proquest_text
import pandas as pd
from termshift.corpus.importers import parse_nexis, parse_proquest
from termshift.corpus.importers.common import stated_words
art = [{"date": pd.Timestamp("2010-01-11"), "outlet": "Ledger", "title": "T", "body": ["Body text."]}]
line = "1 " * 20_000 + "x"  # 40 KB: the old expression tried every digit, minutes
nexis = nexis_text(art).replace("LENGTH: 2 words", "LENGTH: " + line)
proquest = proquest_text(art).replace("Word count: 2", "Word count: " + line)
assert parse_nexis(nexis)[0].length_words is None and parse_proquest(proquest)[0].length_words is None
assert stated_words(line + " 12 words") == 12
print("ok")
"""


def test_hostile_length_and_word_count_lines_are_read_in_linear_time():
    """A 40 KB ``LENGTH: 1 1 1 ... x`` line (Nexis) and ``Word count:`` line (ProQuest) hung for minutes.

    Run in a child with a generous timeout: it must finish (a fraction of a second), never hang.
    """
    import os
    import subprocess
    import sys

    tests = str(Path(__file__).parent)
    run = subprocess.run([sys.executable, "-c", _HOSTILE_HEADERS], capture_output=True, timeout=120,
                         env={**os.environ, "PYTHONPATH": tests}, cwd=tests)
    assert run.returncode == 0, run.stderr.decode()[-2000:]
    assert run.stdout.decode().strip() == "ok"


def test_factiva_one_tag_per_line_without_blank_lines_keeps_bodies_apart(tmp_path):
    from fuzzing import factiva_tagged

    arts = [_story([f"Lead {k} about the capability.", f"Rest {k} of the story.", "Third paragraph."])
            for k in range(3)]
    text = factiva_tagged(arts, blank_lines=False)
    assert "\n\n" not in text
    (tmp_path / "factiva.txt").write_text(text)
    df, report = load_skip(tmp_path)
    assert df["text"].tolist() == [f"Lead {k} about the capability.\n\nRest {k} of the story.\nThird paragraph."
                                   for k in range(3)]
    assert not report.flagged and not report.skipped


def test_factiva_index_codes_end_the_text_but_a_paragraph_starting_with_a_code_stays():
    from termshift.corpus.importers import parse_factiva

    text = ("HD Budget\nWC 12 words\nPD 11 January 2010\nSN Ledger\nLP The council met.\n"
            "IN 2010, the harbour budget was delayed again.\nNS gpol : Domestic Politics\n"
            "AN Document LEDGER0020100111e61b0002g\n")
    (art,) = parse_factiva(text)
    assert art.text == "The council met.\nIN 2010, the harbour budget was delayed again."


def _writers():
    """Every importer's writer, each given the stated word count of its article (Japanese in its own words)."""
    from fuzzing import factiva_tagged, proquest_text, rtf_bytes

    return {
        "nexis.txt": lambda arts: nexis_text(arts).encode(),
        "nexis_uni.docx": lambda arts: docx_bytes(nexis_uni_lines(arts)),
        "nexis_uni.rtf": lambda arts: rtf_bytes(nexis_uni_lines(arts)),
        "factiva.txt": lambda arts: factiva_tagged(arts).encode(),
        "factiva_one_per_line.txt": lambda arts: factiva_tagged(arts, blank_lines=False).encode(),
        "factiva_plain.txt": lambda arts: _factiva_plain(arts).encode(),
        "proquest.txt": lambda arts: proquest_text(arts).encode(),
    }


def _factiva_plain(arts):
    out = []
    for k, a in enumerate(arts):
        out += [a["title"], f"By {a['byline']}", f"{a['words']} words", f"{a['date'].day} {a['date']:%B} {a['date'].year}",
                a["outlet"], "Japanese" if not a["body"][0].isascii() else "English", "", *a["body"], "",
                f"Document FIXT000020100111e61b{k:06d}", ""]
    return "\n".join(out)


@pytest.mark.parametrize("language", ["ja", "en"])
@pytest.mark.parametrize("name", sorted(_writers()))
def test_truncation_check_counts_words_in_the_languages_own_words(tmp_path, name, language):
    """A Japanese article of 79 words was flagged "body has 3 words" (counted by spaces): every importer now
    counts with termshift.tokens.count_tokens, and still flags a real truncation in both languages."""
    from termshift.tokens import count_tokens

    sentence = JA_SENTENCE if language == "ja" else EN_SENTENCE
    body = [sentence * 2, sentence * 3]
    words = count_tokens("\n".join(body))
    whole = _story(body, title="反撃能力" if language == "ja" else "Budget", words=words)
    cut = _story(body[:1], title="反撃能力の保有" if language == "ja" else "Budget row", words=words * 3)
    (tmp_path / name).write_bytes(_writers()[name]([whole, cut]))
    df, report = load_skip(tmp_path)
    assert len(df) == 2 and not report.skipped, report.skipped
    assert df["length_words"].tolist() == [words, words * 3]
    assert [f[0] for f in report.flagged] == [f"{name}#2"], report.flagged
    assert f"body has {count_tokens(sentence * 2)} words but the export states {words * 3}" in report.flagged[0][1]


def test_a_written_date_in_2262_agrees_with_the_stated_range():
    from termshift.corpus.dates import MAX_DATE, RANGE
    from termshift.corpus.report import BadInput

    assert written_date("January 11, 2262") == pd.Timestamp("2262-01-11")
    assert written_date("April 11, 2262") == MAX_DATE
    with pytest.raises(BadInput, match=f"outside the range pandas can hold \\({RANGE}\\)"):
        written_date("April 12, 2262")
    with pytest.raises(BadInput, match="1678-01-01 to 2262-04-11"):
        written_date("December 31, 1677")


def test_a_saved_web_page_past_its_bounds_is_refused_in_one_line(tmp_path, monkeypatch):
    head = ('<html><head><title>Budget</title><meta property="article:published_time" content="2019-07-01">'
            '</head><body><article>')
    page = head + "".join(f"<p>Paragraph {i} about the harbour budget.</p>" for i in range(60)) + "</article></body></html>"
    (tmp_path / "page.html").write_text(page)
    df, report = load_skip(tmp_path)
    assert len(df) == 1  # within the default bounds
    monkeypatch.setenv("TERMSHIFT_MAX_WEB_PAGE_TAGS", "50")
    df, report = load_skip(tmp_path)
    assert len(df) == 0
    why = report.skipped[0][-1]
    assert "past the bound of 50 tags (web_page_tags)" in why and "TERMSHIFT_MAX_WEB_PAGE_TAGS" in why
    monkeypatch.delenv("TERMSHIFT_MAX_WEB_PAGE_TAGS")
    (tmp_path / "page.html").write_text(head + "<p>" + "word " * 500_000 + "</p></article></body></html>")
    df, report = load_skip(tmp_path)
    assert len(df) == 0 and "(web_page_bytes)" in report.skipped[0][-1]


@pytest.mark.parametrize("on_error", ["raise", "skip"])
def test_import_and_kwic_of_an_rtf_with_emoji(tmp_path, cli, on_error):
    """The emoji RTF aborted `termshift import` (exit 3, even with --on-error skip) and `kwic`."""
    from fuzzing import rtf_bytes

    src = tmp_path / "src"
    src.mkdir()
    (src / "emoji.rtf").write_bytes(rtf_bytes(nexis_uni_lines([_story(["The counterstrike 😀 plan was delayed.",
                                                                        "Fans 👍 cheered."])])))
    terms = Path(__file__).parents[1] / "corpus" / "framing_terms.toml"
    out = tmp_path / "c.parquet"
    code, _, err = cli(["import", src, "--out", out, "--on-error", on_error, "--quiet"])
    assert code == 0, err
    assert pd.read_parquet(out)["text"].tolist() == ["The counterstrike 😀 plan was delayed.\nFans 👍 cheered."]
    for corpus in (out, src):
        code, table, err = cli(["kwic", corpus, "--terms", terms, "--family", "counterstrike", "--on-error", on_error])
        assert code == 0 and "Traceback" not in err, err
        assert " 😀 plan was delayed." in table


def test_a_docx_main_part_named_as_a_uri_is_found(tmp_path):
    """OPC part names are URIs: ``/word/./a%20b.xml`` names the member ``word/a b.xml``."""
    data = docx_bytes(nexis_uni_lines([_story([EN_SENTENCE])]), main="word/a b.xml")
    with zipfile.ZipFile(__import__("io").BytesIO(data)) as z:
        parts = {n: z.read(n) for n in z.namelist()}
    parts["_rels/.rels"] = parts["_rels/.rels"].replace(b'Target="word/a b.xml"', b'Target="/word/./a%20b.xml"')
    (tmp_path / "uri.docx").write_bytes(io_zip(parts))
    df, report = load_skip(tmp_path)
    assert df["text"].tolist() == [EN_SENTENCE] and not report.skipped


def test_the_web_page_tag_bound_holds_for_a_utf16_page(tmp_path, monkeypatch):
    import codecs

    page = ('<html><head><title>Budget</title><meta property="article:published_time" content="2019-07-01">'
            '</head><body><article>' + "".join(f"<p>Paragraph {i} about the harbour budget.</p>" for i in range(60))
            + "</article></body></html>")
    (tmp_path / "page.html").write_bytes(codecs.BOM_UTF16_LE + page.encode("utf-16-le"))
    monkeypatch.setenv("TERMSHIFT_MAX_WEB_PAGE_TAGS", "50")
    df, report = load_skip(tmp_path)
    assert len(df) == 0 and "(web_page_tags)" in report.skipped[0][-1]
def test_near_duplicates_take_random_state_and_the_old_seed():
    story = "a storm closed the coastal road between the two villages on friday as waves threw stones"
    texts = [story, story + " police said", "another text entirely about the harbour crane"]
    new = find_near_duplicates(texts, random_state=2)
    with pytest.warns(FutureWarning, match=r"find_near_duplicates\(seed=\.\.\.\) is deprecated"):
        assert find_near_duplicates(texts, seed=2) == new
    assert new[0] == [None, 0, None]
