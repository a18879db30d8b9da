"""termshift.folding: the case folding of the fast path is str.casefold, window by window, with its offsets."""

from termshift.folding import WINDOW, casefold_windowed, has_marks, offset_map, prepare_text


def test_windowed_casefold_equals_casefold_across_window_edges():
    text = ("Straße İstanbul ÉCOLE ǅ " * (WINDOW // 10))[: WINDOW * 2 + 7]
    assert len(text) > WINDOW * 2
    assert casefold_windowed(text) == text.casefold()
    assert casefold_windowed("Short ẞ") == "short ss"


def test_prepare_text_folds_joins_cjk_lines_and_reports_marks_and_cjk():
    assert prepare_text("Counter-Strike") == ("counter-strike", False, False)
    assert prepare_text("Straße") == ("strasse", False, False)
    assert prepare_text("反撃\n能力 Ability") == ("反撃能力 ability", False, True)
    folded, marks, cjk = prepare_text("cafe\u0301 ÉCOLE")  # a combining acute accent
    assert folded == "cafe\u0301 école" and marks and not cjk
    assert has_marks("cafe\u0301") and not has_marks("café") and not has_marks("plain")


def test_offset_map_points_folded_positions_back_into_the_text():
    assert offset_map("plain ascii") is None and offset_map("école") is None  # folding keeps the length
    text = "Maße und Straße"
    folded = text.casefold()
    to_text = offset_map(text)
    for word in ("und", "strasse"):
        f = folded.index(word)
        assert text[to_text(f):].casefold().startswith(word)
