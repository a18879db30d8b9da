"""Loading: formats, encodings, bad input, boilerplate, duplicates, totals."""

import codecs
import json

import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from termshift import CorpusError, corpus_summary, from_frame, load_corpus, load_report
from termshift.corpus import decode_bytes, format_summary, is_boilerplate_line
from termshift.paths import CORPUS_DIR, SEEDS_DIR

ARTICLE = " date 2022-11-30 Japan’s efforts include counterstrike capabilities.\n\nSecond paragraph."


def write(folder, name, data):
    path = folder / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data if isinstance(data, bytes) else data.encode("utf-8"))
    return path


# The seed ---------------------------------------------------------------------------------------


def test_seed_is_byte_for_byte_the_shared_one():
    shared = SEEDS_DIR.parent.parent / "shared" / "seeds" / "000_82d2068b30810b37.txt"
    if not shared.exists():
        pytest.skip("../shared is not beside this checkout")
    assert (SEEDS_DIR / shared.name).read_bytes() == shared.read_bytes()
    assert (CORPUS_DIR / shared.name).read_bytes() == shared.read_bytes()


def test_seed_loads_with_boilerplate_removed_but_retrievable():
    df = load_corpus(SEEDS_DIR)
    assert list(df.columns[:8]) == ["doc_id", "date", "text", "source", "encoding", "n_boilerplate",
                                     "boilerplate", "duplicate_of"]
    row = df.iloc[0]
    assert row.date == pd.Timestamp("2022-11-30")
    assert row.text.startswith("Japan’s efforts to bolster")
    assert row.text.endswith("before they are launched.")
    assert row.n_boilerplate == 3
    assert "BALLISTIC MISSILE" not in row.text and "CLICK HERE" not in row.text
    assert row.boilerplate.splitlines() == [
        "NORTH KOREA TEST LAUNCHES BALLISTIC MISSILE CAPABLE OF STRIKING ANYWHERE IN US",
        "BIDEN VOWS TO AVOID CHINA CONFLICT AS JAPAN RAMPS UP ACCUSATIONS AGAINST XI JINPING",
        "CLICK HERE TO GET THE FOX NEWS APP",
    ]
    kept = load_corpus(SEEDS_DIR, boilerplate=None).iloc[0]
    assert "CLICK HERE TO GET THE FOX NEWS APP" in kept.text and kept.n_boilerplate == 0


# Formats ------------------------------------------------------------------------------------


@pytest.mark.parametrize("text,body", [
    (" date 2022-11-30 Body on the same line.", "Body on the same line."),
    ("date 2022-11-30\nBody on the next line.", "Body on the next line."),
    ("\n\n  date 2022-11-30  \n\n Indented body.\n", "Indented body."),
    ("Date: 2022-11-30 With a colon.", "With a colon."),
])
def test_header_variants(tmp_path, text, body):
    write(tmp_path, "a.txt", text)
    df = load_corpus(tmp_path)
    assert df.text.tolist() == [body]
    assert df.date.tolist() == [pd.Timestamp("2022-11-30")]


def test_folder_is_read_recursively_and_other_files_are_ignored(tmp_path):
    write(tmp_path, "2022/a.txt", ARTICLE)
    write(tmp_path, "2023/sub/b.txt", " date 2023-01-02 Another article.")
    write(tmp_path, "README.md", "# not an article")
    write(tmp_path, ".DS_Store", b"\x00\x01binary")
    write(tmp_path, "scan.pdf", b"%PDF-1.4")
    df = load_corpus(tmp_path)
    assert df.doc_id.tolist() == ["2022/a.txt", "2023/sub/b.txt"]
    rep = load_report(df)
    assert rep.ignored == [".DS_Store", "README.md", "scan.pdf"]
    assert rep.files_seen == 5 == len(rep.loaded) + rep.skipped_files + len(rep.ignored)
    assert rep.totals_line() == "5 file(s) seen = 2 loaded + 0 skipped + 3 ignored"


def test_single_txt_file(tmp_path):
    path = write(tmp_path, "a.txt", ARTICLE)
    assert load_corpus(path).doc_id.tolist() == ["a.txt"]


def test_crlf_and_cr_are_normalised(tmp_path):
    write(tmp_path, "a.txt", " date 2022-11-30 One.\r\nTwo.\rThree.")
    assert load_corpus(tmp_path).text[0] == "One.\nTwo.\nThree."


def test_text_is_nfkc_normalised(tmp_path):
    write(tmp_path, "a.txt", " date 2022-11-30 \ufb01ne \uff21\uff22 x\u00a0y")
    assert load_corpus(tmp_path).text[0] == "fine AB x y"


# Encodings ------------------------------------------------------------------------------------


@pytest.mark.parametrize("encoding,data", [
    ("utf-8", ARTICLE.encode("utf-8")),
    ("utf-8-sig", codecs.BOM_UTF8 + ARTICLE.encode("utf-8")),
    ("utf-16", ARTICLE.encode("utf-16")),  # Python writes a BOM
    ("utf-16", codecs.BOM_UTF16_BE + ARTICLE.encode("utf-16-be")),
    ("cp1252", ARTICLE.encode("cp1252")),
])
def test_encodings_are_read_and_recorded(tmp_path, encoding, data):
    write(tmp_path, "a.txt", data)
    df = load_corpus(tmp_path)
    assert df.encoding.tolist() == [encoding]
    assert "Japan’s efforts include counterstrike" in df.text[0]


def test_cp1252_smart_quotes_and_accents(tmp_path):
    write(tmp_path, "a.txt", " date 2022-11-30 “Café” – naïve".encode("cp1252"))
    assert load_corpus(tmp_path).text[0] == "“Café” – naïve"


def test_decode_bytes_rejects_nul_without_bom():
    with pytest.raises(CorpusError, match="binary file"):
        decode_bytes("date 2022-01-01 x".encode("utf-16-le"))


# Bad input -------------------------------------------------------------------------------------

BAD = {
    "nodate.txt": ("Just text without a header.", "no date header"),
    "impossible.txt": (" date 2022-02-30 Text.", "impossible date 2022-02-30"),
    "us.txt": (" date 11/12/2022 Text.", "'11/12/2022' is not ISO YYYY-MM-DD"),
    "empty.txt": ("", "empty file"),
    "blank.txt": ("  \n\n ", "empty file"),
    "headeronly.txt": (" date 2022-11-30  ", "no text after the date header"),
    "binary.txt": (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "binary file"),
}


def make_bad_folder(folder):
    write(folder, "good.txt", ARTICLE)
    for name, (data, _) in BAD.items():
        write(folder, name, data)


def test_bad_files_fail_with_one_error_listing_every_file(tmp_path):
    make_bad_folder(tmp_path)
    with pytest.raises(CorpusError) as info:
        load_corpus(tmp_path)
    err = info.value
    assert len(err.problems) == len(BAD)
    for name, (_, reason) in BAD.items():
        (line,) = [p for p in err.problems if p.startswith(name + ":")]
        assert reason in line
    assert "on_error='skip'" in str(err).splitlines()[0]


def test_skip_loads_the_rest_and_reports_each_reason(tmp_path):
    make_bad_folder(tmp_path)
    write(tmp_path, "notes.md", "ignored")
    df = load_corpus(tmp_path, on_error="skip")
    assert df.doc_id.tolist() == ["good.txt"]
    rep = load_report(df)
    assert sorted(w for w, _ in rep.skipped) == sorted(BAD)
    assert rep.files_seen == 1 + len(BAD) + 1
    assert len(rep.loaded) + rep.skipped_files + len(rep.ignored) == rep.files_seen
    summary = corpus_summary(df)
    assert summary["totals"] == f"{rep.files_seen} file(s) seen = 1 loaded + {len(BAD)} skipped + 1 ignored"


def test_missing_path_and_empty_folder(tmp_path):
    with pytest.raises(CorpusError, match="no such file or folder"):
        load_corpus(tmp_path / "nope")
    write(tmp_path, "README.md", "x")
    with pytest.raises(CorpusError, match="no documents found"):
        load_corpus(tmp_path)


def test_bad_on_error_value(tmp_path):
    with pytest.raises(ValueError, match="use 'raise' or 'skip'"):
        load_corpus(tmp_path, on_error="ignore")


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.binary(max_size=200))
def test_arbitrary_bytes_load_or_raise_corpus_error(tmp_path, data):
    write(tmp_path, "x.txt", data)
    try:
        df = load_corpus(tmp_path)
    except CorpusError as err:
        assert err.problems and all(p.startswith(("x.txt:", str(tmp_path))) for p in err.problems)
    else:
        assert len(df) == 1 and df.text[0].strip()


# Duplicates ----------------------------------------------------------------------------------


def test_exact_duplicates_are_reported_and_kept_unless_dropped(tmp_path):
    write(tmp_path, "a.txt", ARTICLE)
    write(tmp_path, "b.txt", ARTICLE)
    write(tmp_path, "c.txt", " date 2022-12-01 Different.")
    df = load_corpus(tmp_path)
    assert df.duplicate_of.isna().tolist() == [True, False, True]
    assert df.set_index("doc_id").duplicate_of["b.txt"] == "a.txt"
    assert corpus_summary(df)["duplicates"] == [["b.txt", "a.txt"]]
    assert load_corpus(tmp_path, drop_duplicates=True).doc_id.tolist() == ["a.txt", "c.txt"]


# Boilerplate ----------------------------------------------------------------------------------


def test_boilerplate_detector():
    assert is_boilerplate_line("CLICK HERE TO GET THE FOX NEWS APP")
    assert is_boilerplate_line("  NORTH KOREA TEST LAUNCHES BALLISTIC MISSILE  ")
    assert not is_boilerplate_line("NATO SUMMIT")  # short capital lines stay
    assert not is_boilerplate_line("The JSDF AND THE US FORCES met.")


def test_all_capital_text_is_not_stripped(tmp_path):
    write(tmp_path, "a.txt", " date 1945-08-15\nTHE WAR IS OVER SAYS THE EMPEROR\nALL FORCES STAND DOWN NOW PLEASE")
    df = load_corpus(tmp_path)
    assert df.n_boilerplate[0] == 0 and "THE WAR IS OVER" in df.text[0]


def test_custom_boilerplate_detector(tmp_path):
    write(tmp_path, "a.txt", " date 2022-11-30 Keep me.\nRead more: elsewhere\nKeep too.")
    df = load_corpus(tmp_path, boilerplate=lambda line: line.startswith("Read more"))
    assert df.text[0] == "Keep me.\nKeep too." and df.boilerplate[0] == "Read more: elsewhere"


# Tables ---------------------------------------------------------------------------------------

ROWS = [
    {"date": "2022-11-30", "text": "Counterstrike capability.", "source_name": "AP"},
    {"date": "2022-12-16", "text": "Preemptive strike renamed.", "source_name": "Kyodo"},
]


@pytest.mark.parametrize("suffix", [".csv", ".tsv", ".jsonl", ".parquet"])
def test_tables_load_with_metadata(tmp_path, suffix):
    path = tmp_path / f"articles{suffix}"
    frame = pd.DataFrame(ROWS)
    if suffix == ".csv":
        frame.to_csv(path, index=False)
    elif suffix == ".tsv":
        frame.to_csv(path, index=False, sep="\t")
    elif suffix == ".jsonl":
        path.write_text("".join(json.dumps(r) + "\n" for r in ROWS))
    else:
        frame.to_parquet(path)
    df = load_corpus(path)
    assert df.doc_id.tolist() == [f"articles{suffix}:1", f"articles{suffix}:2"]
    assert df.date.tolist() == [pd.Timestamp("2022-11-30"), pd.Timestamp("2022-12-16")]
    assert df.source_name.tolist() == ["AP", "Kyodo"]
    assert str(df.date.dtype) == "datetime64[ns]"


def test_table_custom_columns_and_ids(tmp_path):
    path = tmp_path / "a.csv"
    pd.DataFrame({"when": ["2022-11-30"], "body": ["x y"], "id": ["art-7"]}).to_csv(path, index=False)
    df = load_corpus(path, date_col="when", text_col="body", id_col="id")
    assert df.doc_id.tolist() == ["art-7"] and df.text.tolist() == ["x y"]


def test_table_missing_column_names_the_file_and_the_fix(tmp_path):
    path = tmp_path / "a.csv"
    pd.DataFrame({"when": ["2022-11-30"], "body": ["x"]}).to_csv(path, index=False)
    with pytest.raises(CorpusError, match=r"a.csv: no column\(s\) 'date', 'text'.*date_col="):
        load_corpus(path)


def test_table_bad_rows_are_listed_by_row(tmp_path):
    path = tmp_path / "a.csv"
    pd.DataFrame({"date": ["2022-11-30", "2022-02-30", "11/12/2022", "2022-12-01"],
                  "text": ["ok", "x", "y", ""]}).to_csv(path, index=False)
    with pytest.raises(CorpusError) as info:
        load_corpus(path)
    assert [p.split(":")[0] for p in info.value.problems] == ["a.csv row 2", "a.csv row 3", "a.csv row 4"]
    df = load_corpus(path, on_error="skip")
    assert df.text.tolist() == ["ok"] and len(load_report(df).skipped) == 3


def test_table_datetimes_and_unparseable_file(tmp_path):
    path = tmp_path / "a.csv"
    path.write_text("date,text\n2022-11-30T09:30:00,x\n")
    assert load_corpus(path).date[0] == pd.Timestamp("2022-11-30 09:30")
    bad = tmp_path / "b.jsonl"
    bad.write_text('{"date": "2022-11-30", "text": "x"}\n{not json\n')
    # issue 13: one bad JSONL line is named by its row, not the whole file rejected
    with pytest.raises(CorpusError, match="b.jsonl row 2: not valid JSON"):
        load_corpus(bad)


def test_from_frame_matches_load_corpus(tmp_path):
    write(tmp_path, "a.txt", ARTICLE)
    loaded = load_corpus(tmp_path)
    built = from_frame(pd.DataFrame({"date": ["2022-11-30"], "text": [ARTICLE.split(" ", 3)[3]]}))
    assert built.text.tolist() == loaded.text.tolist()


def test_summary_text_lists_everything(tmp_path):
    make_bad_folder(tmp_path)
    text = format_summary(corpus_summary(load_corpus(tmp_path, on_error="skip")))
    for needle in ["documents: 1", "date range: 2022-11-30 .. 2022-11-30", "2022-11: 1", "encodings: utf-8 1",
                   "exact duplicates: 0", "boilerplate lines removed: 0", "skipped: 7", "impossible.txt",
                   "files: 8 file(s) seen = 1 loaded + 7 skipped + 0 ignored"]:
        assert needle in text


# Review findings: nothing dropped or mangled silently ------------------------------------------


def test_dropped_duplicates_stay_in_the_report(tmp_path):
    write(tmp_path, "a.txt", " date 2022-01-01 same text")
    write(tmp_path, "b.txt", " date 2022-01-02 same text")
    write(tmp_path, "c.txt", " date 2022-01-02 other")
    df = load_corpus(tmp_path, drop_duplicates=True)
    assert df.doc_id.tolist() == ["a.txt", "c.txt"]
    summary = corpus_summary(df)
    assert summary["duplicates"] == [["b.txt", "a.txt"]] and summary["dropped_duplicates"] == 1
    assert load_report(df).totals_line().endswith("; 1 duplicate document(s) dropped")
    assert "b.txt repeats a.txt" in format_summary(summary)


@pytest.mark.parametrize("date", ["1500-01-15", "9999-12-31"])
def test_dates_pandas_cannot_hold_are_a_clear_error(tmp_path, date):
    write(tmp_path, "old.txt", f" date {date} body")
    write(tmp_path, "ok.txt", " date 2000-01-01 body")
    with pytest.raises(CorpusError, match=f"old.txt: date {date} is outside the range pandas can hold"):
        load_corpus(tmp_path)
    assert load_corpus(tmp_path, on_error="skip").doc_id.tolist() == ["ok.txt"]


def test_fullwidth_digits_in_the_date_are_read(tmp_path):
    write(tmp_path, "a.txt", " date \uff12\uff10\uff12\uff12-01-08 body")
    assert load_corpus(tmp_path).date[0] == pd.Timestamp("2022-01-08")


def test_everything_skipped_still_lists_each_reason(tmp_path):
    path = tmp_path / "e.csv"
    path.write_text("date,text\n11/12/2022,a\n,b\n")
    with pytest.raises(CorpusError) as info:
        load_corpus(path, on_error="skip")
    assert "no documents loaded, every file or row was skipped" in str(info.value).splitlines()[0]
    assert [p.split(":")[0] for p in info.value.problems] == ["e.csv row 1", "e.csv row 2"]


def test_table_ids_keep_leading_zeros_and_reserved_names_are_kept_aside(tmp_path):
    path = tmp_path / "a.csv"
    path.write_text("id,date,text,duplicate_of,boilerplate\n007,2022-01-01,x,p,q\n7,2022-01-02,y,r,s\n")
    df = load_corpus(path, id_col="id")
    assert df.doc_id.tolist() == ["007", "7"]
    assert df.meta_duplicate_of.tolist() == ["p", "r"] and df.meta_boilerplate.tolist() == ["q", "s"]
    assert df.duplicate_of.isna().all()


def test_table_timezones_are_converted_to_utc(tmp_path):
    path = tmp_path / "a.csv"
    path.write_text("date,text\n2022-01-01T10:00:00Z,x\n2022-01-01T10:00:00+09:00,y\n")
    # issue 13: UTC on request (utc=True); the default keeps the local time (test_corpus_loading)
    assert load_corpus(path, utc=True).date.tolist() == [pd.Timestamp("2022-01-01 01:00"),
                                                         pd.Timestamp("2022-01-01 10:00")]


# One options object for every reader -------------------------------------------------------------

#: A value other than the default for every loader option (a new option needs one here).
OTHER_VALUES = {"on_error": "skip", "date_col": "day", "text_col": "body", "id_col": "doc", "boilerplate": None,
                "drop_duplicates": True, "follow_links": True, "utc": True, "language": "en", "format": "seed",
                "date_from": "name", "metadata": "<a sheet written by the test>", "start": "2022-01-15",
                "end": "2022-02-28"}


def _shards(folder):
    """Two Parquet shards with the default columns, other ones for date_col=/text_col=/id_col=, a repeat."""
    rows = pd.DataFrame({"date": ["2022-01-03T23:30-05:00", "2022-02-01", "2022-02-03", "2022-03-01"],
                         "text": ["A preemptive strike.", "Counterstrike!\nCLICK HERE TO GET THE FOX NEWS APP",
                                  "A preemptive strike.", "Preemptive, again."],
                         "day": ["2021-01-03", "2021-02-01", "2021-02-05", "2021-03-01"],
                         "body": ["preemptive", "counterstrike", "preemptive", "x"], "doc": ["a", "b", "c", "d"]})
    folder.mkdir()
    rows.iloc[:2].to_parquet(folder / "part-0.parquet")
    rows.iloc[2:].to_parquet(folder / "part-1.parquet")
    return folder


def test_every_loader_option_is_taken_by_the_loader_the_stream_and_the_cluster_or_refused_by_name(tmp_path):
    """Each field of LoadOptions is a keyword of load_corpus (and from_frame's keywords are fields); the
    streamed count and the cluster either give the loader's table with it or step aside / refuse it,
    naming the option and its command-line flag; the import of exports takes it or refuses it by name."""
    import dataclasses
    import inspect

    import dask

    from termshift import ParameterError, count_terms
    from termshift.cluster import count_terms_dask, read_shards
    from termshift.corpus.imports import import_sources
    from termshift.corpus.options import LoadOptions
    from termshift.stream import count_file

    names = [f.name for f in dataclasses.fields(LoadOptions)]
    assert sorted(OTHER_VALUES) == sorted(names)
    assert set(names) <= set(inspect.signature(load_corpus).parameters)
    assert set(inspect.signature(from_frame).parameters) - {"frame", "source", "return_report"} <= set(names)
    folder = _shards(tmp_path / "shards")
    sheet = tmp_path / "sheet.csv"
    sheet.write_text("file,outlet\n" + "".join(f"{d},Outlet {i}\n" for i, d in enumerate(load_corpus(folder)["doc_id"])))
    values = dict(OTHER_VALUES, metadata=str(sheet))
    terms = {"pre": ["preemptive"], "counter": ["counterstrike"]}
    for name in names:
        given = {name: values[name]}
        options = LoadOptions(**given)
        expected = count_terms(load_corpus(folder, **given), terms, "month")
        streamed = count_file(folder, terms, "month", **given)
        if "stream" in _refusers(options):
            assert streamed is None, name
        else:
            pd.testing.assert_frame_equal(streamed, expected, obj=name)
        if "cluster" in _refusers(options):
            with pytest.raises(ParameterError, match=rf"^{name}=.*\(--") as err:
                read_shards(str(folder / "*.parquet"), **given)
            assert len(str(err.value).splitlines()) == 1
        else:
            with dask.config.set(scheduler="synchronous"):
                got = count_terms_dask(read_shards(str(folder / "*.parquet"), options=options), terms, "month")
            pd.testing.assert_frame_equal(got, expected, obj=name)
        if "import" in _refusers(options):
            with pytest.raises(ParameterError, match=rf"^{name}=.*\(--"):
                import_sources([SEEDS_DIR], **given)
        else:
            assert len(import_sources([SEEDS_DIR], **given)[0]) == 1
    assert not _refusers(LoadOptions())


def _refusers(options):
    return [reader for reader in ("stream", "cluster", "import") if options.unsupported(reader)]


def test_loader_options_are_checked_once_with_every_problem_listed():
    from termshift import ParameterError
    from termshift.corpus.options import LoadOptions
    from termshift.stream import count_file

    with pytest.raises(ParameterError) as err:
        LoadOptions(on_error="ignore", date_col=None, drop_duplicates="nearly", utc=1, language="English",
                    format="lexis", date_from="yesterday", boilerplate="upper")
    lines = str(err.value).splitlines()
    assert lines[0] == "8 bad loader option(s):"
    for name in ("on_error=", "date_col=", "drop_duplicates=", "utc=", "language=", "format=", "date_from=",
                 "boilerplate="):
        assert sum(line.strip().startswith(name) for line in lines) == 1, name
    with pytest.raises(ParameterError, match="dates='x': not a loader option"):
        count_file(SEEDS_DIR, {"a": ["a"]}, dates="x")
    with pytest.raises(ParameterError, match="utc: give the loader options as keywords or as options="):
        load_corpus(SEEDS_DIR, options=LoadOptions(), utc=True)
    assert load_corpus(SEEDS_DIR, options=LoadOptions(boilerplate=None))["n_boilerplate"].tolist() == [0]
