"""The Dask path gives the in-memory tables: partial counts add up, on a LocalCluster too."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from termshift import ParameterError, count_terms, document_counts, rates, synthetic, synthetic_terms
from termshift.cluster import count_terms_dask, document_counts_dask, finalize, partial_counts

dd = pytest.importorskip("dask.dataframe", reason="the cluster extra (dask) is part of make's environment")


@pytest.fixture(scope="module")
def corpus():
    frame = synthetic(n_docs=300, random_state=4)
    frame["outlet"] = np.array(["north", "east", "south"])[np.arange(len(frame)) * 7 % 3]  # groups to count by
    return frame


@pytest.fixture(scope="module")
def scheduler():
    """One LocalCluster for the module (two single-threaded worker processes): its address."""
    distributed = pytest.importorskip("distributed")
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=":0",
                                  scheduler_kwargs={"dashboard": False}, host="127.0.0.1") as cluster:
        yield cluster.scheduler_address


def _write_terms(terms, path):
    path.write_text("".join(f'[{fid}]\nlabel = "{terms[fid].label}"\nterms = {list(terms[fid].terms)!r}\n'
                            for fid in terms).replace("'", '"'), encoding="utf-8")
    return path


@pytest.mark.parametrize("freq", ["month", "quarter", "week"])
def test_partials_in_any_split_add_up_to_count_terms(corpus, freq):
    terms = synthetic_terms()
    expected = count_terms(corpus, terms, freq)
    rng = np.random.default_rng(0)
    shuffled = corpus.iloc[rng.permutation(len(corpus))]  # partitions need not be in date order
    cuts = np.sort(rng.choice(np.arange(1, len(corpus)), size=4, replace=False))
    bounds = [0, *cuts.tolist(), len(shuffled)]
    parts = [partial_counts(shuffled.iloc[a:b], terms, freq) for a, b in zip(bounds[:-1], bounds[1:])]
    pd.testing.assert_frame_equal(finalize(parts, terms, freq), expected)
    for level, by in (("term", None), ("family", "outlet"), ("term", ["outlet"])):  # the same sums, per term, per group
        parts = [partial_counts(shuffled.iloc[a:b], terms, freq, level=level, by=by)
                 for a, b in zip(bounds[:-1], bounds[1:])]
        pd.testing.assert_frame_equal(finalize(parts[::-1], terms, freq, level=level, by=by),
                                      count_terms(corpus, terms, freq, level=level, by=by))


def test_empty_partitions_are_harmless_and_all_empty_is_an_error(corpus):
    terms = synthetic_terms()
    empty = corpus.iloc[:0]
    parts = [partial_counts(empty, terms), partial_counts(corpus, terms), partial_counts(empty, terms)]
    pd.testing.assert_frame_equal(finalize(parts, terms), count_terms(corpus, terms))
    with pytest.raises(ParameterError, match="no documents"):
        finalize([partial_counts(empty, terms)], terms)


def test_local_cluster_gives_the_in_memory_table(corpus, tmp_path, scheduler):
    """Parquet shards on a LocalCluster: per family, per term and per group, the in-memory tables."""
    import distributed

    from termshift.cluster import read_shards

    terms = synthetic_terms()
    table = corpus[["doc_id", "date", "text", "outlet"]].copy()
    table.attrs = {}  # the load report is not a Parquet attribute
    for i, (a, b) in enumerate([(0, 100), (100, 220), (220, len(table))]):
        table.iloc[a:b].to_parquet(tmp_path / f"shard{i}.parquet")
    with distributed.Client(scheduler):
        ddf = dd.read_parquet(str(tmp_path / "shard*.parquet"))
        got = count_terms_dask(ddf, terms, "month")
        doc_counts = document_counts_dask(ddf, terms).compute()
        per_term = count_terms_dask(ddf, terms, "quarter", level="term")
        per_group = count_terms_dask(ddf, terms, "quarter", by="outlet")
        shards = read_shards(str(tmp_path / "shard*.parquet"), columns=["outlet"])
        both = count_terms_dask(shards, terms, "year", level="term", by=["outlet"])
        group_counts = document_counts_dask(ddf, terms, by="outlet").compute()
    pd.testing.assert_frame_equal(got, count_terms(corpus, terms, "month"))
    pd.testing.assert_frame_equal(per_term, count_terms(corpus, terms, "quarter", level="term"))
    pd.testing.assert_frame_equal(per_group, count_terms(corpus, terms, "quarter", by="outlet"))
    pd.testing.assert_frame_equal(both, count_terms(corpus, terms, "year", level="term", by="outlet"))
    assert per_term["term"].nunique() > len(terms) and per_group["outlet"].nunique() > 1
    expected_dc = document_counts(corpus, terms)
    assert doc_counts.reset_index(drop=True)[list(terms)].equals(expected_dc.reset_index(drop=True)[list(terms)])
    assert group_counts["outlet"].tolist() == corpus["outlet"].tolist()
    # the statistics take the computed document counts in place of the corpus
    pd.testing.assert_frame_equal(rates(doc_counts.reset_index(drop=True), terms, n_boot=20),
                                  rates(expected_dc.reset_index(drop=True), terms, n_boot=20))


def test_a_pandas_frame_is_refused_with_the_fix(corpus):
    with pytest.raises(ParameterError, match="termshift.count_terms"):
        count_terms_dask(corpus, synthetic_terms())


def test_cli_counts_parquet_shards_on_a_local_cluster(corpus, tmp_path, cli, scheduler):
    """``count --scheduler`` per family, and with --per-term and --by-group: the table counted in memory."""
    terms_file = _write_terms(synthetic_terms(), tmp_path / "terms.toml")
    table = corpus[["date", "text", "outlet"]].copy()
    table.attrs = {}
    (tmp_path / "shards").mkdir()
    table.iloc[:150].to_parquet(tmp_path / "shards" / "a.parquet")
    table.iloc[150:].to_parquet(tmp_path / "shards" / "b.parquet")
    table.to_parquet(tmp_path / "all.parquet")
    for options in ([], ["--per-term"], ["--by-group", "outlet"], ["--per-term", "--by-group", "outlet"]):
        code, distributed_out, err = cli(["count", tmp_path / "shards" / "*.parquet", "--terms", terms_file,
                                          "--scheduler", scheduler, *options, "-q"])
        assert code == 0, err
        code, local_out, err = cli(["count", tmp_path / "all.parquet", "--terms", terms_file, *options, "-q"])
        assert code == 0, err
        assert distributed_out == local_out and len(local_out.splitlines()) > 10
    code, _, err = cli(["count", tmp_path / "shards" / "*.parquet", "--terms", terms_file, "--scheduler", scheduler,
                        "--by-group", "nosuch", "-q"])
    assert code == 2 and "nosuch" in err


def test_count_terms_and_document_counts_take_a_dask_frame(corpus):
    """The library's own functions dispatch on a dask.dataframe: the same tables as in memory."""
    import dask

    terms = synthetic_terms()
    ddf = dd.from_pandas(corpus, npartitions=4)
    with dask.config.set(scheduler="synchronous"):
        pd.testing.assert_frame_equal(count_terms(ddf, terms, "quarter"), count_terms(corpus, terms, "quarter"))
        dc = document_counts(ddf, terms)
    expected = document_counts(corpus, terms)
    pd.testing.assert_frame_equal(dc.reset_index(drop=True), expected.reset_index(drop=True), check_dtype=False)
    pd.testing.assert_frame_equal(rates(dc, terms, "year"), rates(expected, terms, "year"))
    with dask.config.set(scheduler="synchronous"):
        pd.testing.assert_frame_equal(count_terms(ddf, terms, "quarter", level="term", by="outlet"),
                                      count_terms(corpus, terms, "quarter", level="term", by="outlet"))
        with pytest.raises(ParameterError, match="level='term'"):
            document_counts(ddf, terms, level="term")


def test_statistics_take_a_dask_corpus_or_dask_document_counts(corpus):
    """rates, share, shift and trend on a dask corpus (counted where it lives) or dask document counts
    (gathered: one row of numbers per document) equal the in-memory results."""
    import dask

    from termshift import share, shift, trend

    terms = synthetic_terms()
    a, b = list(terms)[:2]
    ddf = dd.from_pandas(corpus, npartitions=4)
    ddc = dd.from_pandas(document_counts(corpus, terms), npartitions=3)
    with dask.config.set(scheduler="synchronous"):
        for data in (ddf, ddc):
            pd.testing.assert_frame_equal(rates(data, terms, "quarter"), rates(corpus, terms, "quarter"))
            pd.testing.assert_frame_equal(share(data, terms, a, b, "quarter"), share(corpus, terms, a, b, "quarter"))
            # the other order of the families too (a worker keeps one TermSet per families *and* order)
            pd.testing.assert_frame_equal(share(data, terms, b, a, "quarter"), share(corpus, terms, b, a, "quarter"))
            got, expected = shift(data, terms, a, b, "quarter"), shift(corpus, terms, a, b, "quarter")
            pd.testing.assert_frame_equal(got.table, expected.table)
            pd.testing.assert_frame_equal(trend(data, terms, a), trend(corpus, terms, a))
        pd.testing.assert_frame_equal(rates(ddf, terms, "quarter", by="outlet"),
                                      rates(corpus, terms, "quarter", by="outlet"))


def test_functions_that_need_the_texts_refuse_a_dask_corpus_with_the_fix(corpus):
    """Keyness, TF-IDF and the context functions need every text in memory: a clear refusal, not a crash."""
    import termshift as ts

    terms = synthetic_terms()
    ddf = dd.from_pandas(corpus, npartitions=2)
    calls = [lambda: ts.keyness(ddf, corpus["date"] > corpus["date"].median()),
             lambda: ts.tfidf_by_period(ddf, "year"), lambda: ts.family_tfidf(ddf, terms),
             lambda: ts.document_tfidf(ddf), lambda: ts.kwic(ddf, terms, "preemptive"),
             lambda: ts.cooccurrence(ddf, terms)]
    for call in calls:
        with pytest.raises(ParameterError, match=r"corpus\.compute\(\)"):
            call()


def test_duplicates_across_partitions_dropped_as_the_loader_drops_them(corpus, tmp_path, cli, scheduler):
    """Copies of a text in other shards, dated later or earlier, are dropped by a hash shuffle: the table
    equals load_corpus(..., drop_duplicates=True) counted in memory, and the CLI takes --drop-duplicates."""
    import dask

    from termshift import load_corpus
    from termshift.cluster import drop_duplicates, read_shards

    terms = synthetic_terms()
    table = corpus[["date", "text"]].copy().reset_index(drop=True)
    table.attrs = {}
    copies = table.iloc[::7].copy()
    copies["date"] = copies["date"] + pd.to_timedelta(np.where(np.arange(len(copies)) % 2, 400, -400), unit="D")
    (tmp_path / "shards").mkdir()
    table.iloc[:150].to_parquet(tmp_path / "shards" / "a.parquet")
    pd.concat([table.iloc[150:], copies]).to_parquet(tmp_path / "shards" / "b.parquet")
    expected = count_terms(load_corpus(tmp_path / "shards", drop_duplicates=True), terms, "quarter")
    assert expected["n_docs"].sum() < count_terms(load_corpus(tmp_path / "shards"), terms, "quarter")["n_docs"].sum()
    with dask.config.set(scheduler="synchronous"):
        shards = read_shards(str(tmp_path / "shards" / "*.parquet"))
        got = count_terms_dask(drop_duplicates(shards.repartition(npartitions=5)), terms, "quarter")
    pd.testing.assert_frame_equal(got, expected)
    terms_file = _write_terms(terms, tmp_path / "terms.toml")
    code, out, err = cli(["count", tmp_path / "shards" / "*.parquet", "--terms", terms_file, "--by", "quarter",
                          "--scheduler", scheduler, "--drop-duplicates", "-q"])
    assert code == 0, err
    code, local, err = cli(["count", tmp_path / "shards", "--terms", terms_file, "--by", "quarter",
                            "--drop-duplicates", "-q"])
    assert code == 0, err
    assert out == local
    # the loader's options reach the partitions; one that would skip rows silently is refused
    options = ["--keep-boilerplate", "--language", "en"]
    code, out, err = cli(["count", tmp_path / "shards" / "*.parquet", "--terms", terms_file, "--scheduler", scheduler,
                          *options, "-q"])
    assert code == 0, err
    assert out == cli(["count", tmp_path / "shards", "--terms", terms_file, *options, "-q"]).out
    code, _, err = cli(["count", tmp_path / "shards" / "*.parquet", "--terms", terms_file, "--scheduler", scheduler,
                        "--on-error", "skip", "-q"])
    assert code == 2 and "--on-error skip" in err


def test_drop_duplicates_keeps_a_metadata_column_named_like_its_key():
    import dask

    from termshift.cluster import drop_duplicates

    frame = pd.DataFrame({"doc_id": ["a", "b", "c"], "date": pd.to_datetime(["2022-03-01", "2022-01-05", "2022-02-01"]),
                          "text": ["Same.", "Same.", "Other."], "_text_hash": ["x", "y", "z"]})
    with dask.config.set(scheduler="synchronous"):
        kept = drop_duplicates(dd.from_pandas(frame, npartitions=2)).compute()
    assert sorted(zip(kept["doc_id"], kept["_text_hash"])) == [("b", "y"), ("c", "z")]
