"""Tables the corpus views draw: what dispersion_table and overview_table count."""

import pandas as pd
import pytest

from termshift import ParameterError, TermSet, document_counts, from_frame
from termshift.tables import DISPERSION_COLUMNS, OVERVIEW_COLUMNS, dispersion_table, overview_table

TERMS = TermSet.from_dict({"pre": {"label": "Preemptive", "terms": ["preemptive"]},
                           "counter": {"label": "Counterstrike", "terms": ["counterstrike"]}})

CORPUS = from_frame(pd.DataFrame({
    "date": ["2022-01-05", "2022-03-01", "2022-03-20"],
    "text": ["A preemptive strike, preemptive.", "Counterstrike and preemptive.", "Nothing here."],
}))


def test_dispersion_table_one_row_per_family_and_document():
    table = dispersion_table(CORPUS, TERMS)
    assert table.columns.tolist() == DISPERSION_COLUMNS
    assert table["family"].tolist() == ["pre"] * 3 + ["counter"] * 3
    assert table["label"].tolist() == ["Preemptive"] * 3 + ["Counterstrike"] * 3
    assert table["doc_id"].tolist() == CORPUS["doc_id"].tolist() * 2
    assert table["count"].tolist() == [2, 1, 0, 0, 1, 0]  # documents without a match keep the date range
    assert table["date"].tolist() == pd.to_datetime(CORPUS["date"]).tolist() * 2


def test_dispersion_table_families_in_the_order_asked():
    table = dispersion_table(CORPUS, TERMS.to_dict(), families=["counter"])
    assert table["family"].unique().tolist() == ["counter"] and table["count"].sum() == 1
    assert dispersion_table(CORPUS, TERMS, families="pre")["count"].sum() == 3
    with pytest.raises(ParameterError, match="no family 'nope'; families: pre, counter"):
        dispersion_table(CORPUS, TERMS, families=["nope"])


def test_dispersion_table_from_document_counts_counts_nothing_again():
    dc = document_counts(CORPUS, TERMS)
    pd.testing.assert_frame_equal(dispersion_table(dc, TERMS), dispersion_table(CORPUS, TERMS))
    with pytest.raises(ParameterError, match="no column for family 'counter'"):
        dispersion_table(dc[["doc_id", "date", "n_tokens", "pre"]], TERMS, families=["pre", "counter"])
    with pytest.raises(ParameterError, match="per term"):
        dispersion_table(document_counts(CORPUS, TERMS, level="term"), TERMS)


def test_dispersion_table_bad_corpus():
    with pytest.raises(ParameterError, match="no documents"):
        dispersion_table(CORPUS.iloc[:0], TERMS)
    with pytest.raises(ParameterError, match="no column"):
        dispersion_table(CORPUS.drop(columns=["text"]), TERMS)


def test_overview_table_every_period_with_period_dtype():
    table = overview_table(CORPUS, "month")
    assert table.columns.tolist() == OVERVIEW_COLUMNS
    assert str(table["period"].dtype) == "period[M]"
    assert table["period"].astype(str).tolist() == ["2022-01", "2022-02", "2022-03"]
    assert table["documents"].tolist() == [1, 0, 2]  # February is empty but present
    assert table["tokens"].tolist() == [4, 0, 5]


def test_overview_table_other_periods_and_document_counts():
    assert overview_table(CORPUS, "quarter")["documents"].tolist() == [3]
    assert overview_table(CORPUS, "Y")["period"].astype(str).tolist() == ["2022"]
    pd.testing.assert_frame_equal(overview_table(document_counts(CORPUS, TERMS)), overview_table(CORPUS))
    with pytest.raises(ParameterError, match="freq='fortnight'"):
        overview_table(CORPUS, "fortnight")
    with pytest.raises(ParameterError, match="no documents"):
        overview_table(CORPUS.iloc[:0])
