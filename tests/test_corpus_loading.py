"""Loader redesign (issue 8) and hardening (issue 13): every case in a few lines.

Running as root, ``chmod 000`` does not stop reading, so unreadable folders are
simulated by monkeypatching ``os.access`` / ``os.scandir`` (both as root and not).
Special files (FIFOs, sockets) are skipped only where the OS cannot make them.
"""

import json
import os
import socket
import sys
import unicodedata

import numpy as np
import pandas as pd
import pytest

from termshift import CorpusError, LoadReport, corpus_summary, from_frame, load_corpus, load_report
from termshift.corpus import decode_bytes, format_summary, printable
from termshift.corpus.decode import decode_document
from termshift.corpus.finish import duplicates_of, nfkc_bounded

BODY = "Japan's government said the counterstrike capability stays within the exclusive defense policy."


def write(folder, name, data):
    path = folder / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data if isinstance(data, bytes) else data.encode("utf-8"))
    return path


def article(date="2022-11-30", body=BODY):
    return f"date {date} {body}"


def accounted(report):
    return report.files_seen == len(report.loaded) + report.skipped_files + len(report.ignored)


# Issue 8: the report's dependable home, one finishing path, periods --------------------------------


def test_return_report_gives_frame_and_report(tmp_path):
    write(tmp_path, "a.txt", article())
    frame, report = load_corpus(tmp_path, return_report=True)
    assert isinstance(report, LoadReport) and report.loaded == ["a.txt"] and report.n_docs == 1
    assert load_report(frame) is report  # attrs stays as a convenience
    frame, report = from_frame(pd.DataFrame({"date": ["2022-01-01", "x"], "text": ["a", "b"]}), on_error="skip",
                               return_report=True)
    assert report.totals_line() == "2 row(s) from a DataFrame = 1 loaded + 1 skipped"
    assert "0 files seen" not in report.totals_line() and len(frame) == 1


def test_report_survives_concat_via_combine(tmp_path):
    a, ra = from_frame(pd.DataFrame({"date": ["2022-01-01"], "text": ["a"]}), return_report=True)
    b, rb = from_frame(pd.DataFrame({"date": ["2022-01-02"], "text": ["b"]}), return_report=True)
    both = LoadReport.combine([ra, rb])
    assert both.n_docs == 2 and both.totals_line() == "2 row(s) from a DataFrame = 2 loaded + 0 skipped"


def test_from_frame_and_load_corpus_share_the_finishing(tmp_path):
    text = "Body.\nCLICK HERE TO GET THE FOX NEWS APP\nMore \ufb01ne text."
    write(tmp_path, "a.txt", f"date 2022-11-30 {text}")
    write(tmp_path, "b.txt", f"date 2022-12-01 {text}")
    loaded = load_corpus(tmp_path)
    built = from_frame(pd.DataFrame({"date": ["2022-12-01", "2022-11-30"], "text": [text, text],
                                     "doc_id": ["b.txt", "a.txt"]}), id_col="doc_id")
    cols = ["doc_id", "date", "text", "n_boilerplate", "boilerplate", "duplicate_of"]
    pd.testing.assert_frame_equal(loaded[cols], built[cols])


def test_summary_uses_periods_month_or_m(tmp_path):
    write(tmp_path, "a.txt", article("2022-11-30"))
    write(tmp_path, "b.txt", article("2023-02-01", "other"))
    df = load_corpus(tmp_path)
    assert corpus_summary(df, freq="month") == corpus_summary(df, freq="M")
    s = corpus_summary(df, freq="quarter")
    assert s["freq"] == "quarter" and s["docs_per_period"] == {"2022Q4": 1, "2023Q1": 1}
    assert "documents per quarter:" in format_summary(s)
    with pytest.raises(ValueError, match="fortnight"):
        corpus_summary(df, freq="fortnight")


def test_duplicates_by_dict_match_groupby():
    rng = np.random.default_rng(0)
    frame = pd.DataFrame({"doc_id": [f"d{i}" for i in range(500)],
                          "text": [f"t{k}" for k in rng.integers(0, 60, 500)]})
    first = frame.groupby("text", sort=False)["doc_id"].transform("first")
    expected = first.where(first != frame["doc_id"]).astype(object)
    assert duplicates_of(frame).where(lambda s: s.notna(), np.nan).equals(expected)


# CSV quotes -------------------------------------------------------------------------------------


def test_unclosed_quote_names_the_row_and_the_fix(tmp_path):
    rows = ["date,text"] + [f"2022-01-{i % 28 + 1:02d},row {i}" for i in range(1, 1001)]
    rows[10] = '2022-01-10,"row 10 opens a quote'
    path = write(tmp_path, "a.csv", "\n".join(rows) + "\n")
    for mode in ("raise", "skip"):
        with pytest.raises(CorpusError, match=r"a.csv: a quote opened in row 10 is never closed.*written twice"):
            load_corpus(path, on_error=mode)


def test_stray_quotes_that_join_rows_are_named(tmp_path):
    rows = ["date,text,zip"] + [f"2022-01-{i % 28 + 1:02d},row {i},00501" for i in range(1, 21)]
    rows[5] = '2022-01-05,"row 5 opens,00501'
    rows[8] = '2022-01-08,row 8 closes",00501'
    path = write(tmp_path, "a.csv", "\n".join(rows) + "\n")
    with pytest.raises(CorpusError, match=r"a.csv row 5: its text holds 2 line\(s\) that look like rows"):
        load_corpus(path)
    df = load_corpus(path, on_error="skip")
    assert len(df) == 16 and df.zip.eq("00501").all()


# Folders: links, special files, hidden, unreadable, names ---------------------------------------


def test_symlinked_folder_is_reported_and_followed_on_request(tmp_path):
    root, elsewhere = tmp_path / "corpus", tmp_path / "elsewhere"
    write(root, "a.txt", article())
    for i in range(3):
        write(elsewhere, f"b{i}.txt", article("2022-12-01", f"linked {i}"))
    os.symlink(elsewhere, root / "more")
    df, rep = load_corpus(root, return_report=True)
    assert df.doc_id.tolist() == ["a.txt"] and rep.ignored == ["more"]
    assert rep.ignored_reasons["more"] == ("symbolic link to a folder; not followed "
                                           "(follow_links=True / --follow-links)")
    assert "more: symbolic link to a folder" in format_summary(corpus_summary(df))
    df, rep = load_corpus(root, follow_links=True, return_report=True)
    assert df.doc_id.tolist() == ["a.txt", "more/b0.txt", "more/b1.txt", "more/b2.txt"] and accounted(rep)


def test_link_cycles_never_loop(tmp_path):
    write(tmp_path, "sub/a.txt", article())
    os.symlink(tmp_path, tmp_path / "sub" / "up")  # sub/up -> root: a cycle
    os.symlink(tmp_path / "sub", tmp_path / "again")  # a second way into sub
    df, rep = load_corpus(tmp_path, follow_links=True, return_report=True)
    assert df.doc_id.tolist() == ["sub/a.txt"]
    assert "link cycle" in rep.ignored_reasons["sub/up"] and accounted(rep)


def test_link_leaving_the_root_is_skipped_and_its_text_never_echoed(tmp_path):
    root = tmp_path / "corpus"
    write(root, "a.txt", article())
    secret = write(tmp_path, "secret.txt", "TOP SECRET password=hunter2 no header here")
    os.symlink(secret, root / "b.txt")
    with pytest.raises(CorpusError, match="b.txt: symbolic link to a file outside the corpus folder") as info:
        load_corpus(root)
    assert "hunter2" not in str(info.value)
    with pytest.raises(CorpusError, match="b.txt: no date header") as info:  # followed: read, not echoed
        load_corpus(root, follow_links=True)
    assert "hunter2" not in str(info.value) and "SECRET" not in str(info.value)


def test_dangling_and_looping_links_are_counted(tmp_path):
    write(tmp_path, "a.txt", article())
    os.symlink(tmp_path / "missing.txt", tmp_path / "dangling.txt")
    os.symlink(tmp_path / "loop2.txt", tmp_path / "loop1.txt")
    os.symlink(tmp_path / "loop1.txt", tmp_path / "loop2.txt")
    os.symlink(tmp_path / "nothing", tmp_path / "dangling.md")
    df, rep = load_corpus(tmp_path, on_error="skip", return_report=True)
    reasons = dict(rep.skipped)
    assert reasons["dangling.txt"].startswith("broken symbolic link")
    assert reasons["loop1.txt"].startswith("symbolic link loop") and "loop2.txt" in reasons
    assert rep.ignored == ["dangling.md"] and accounted(rep) and rep.files_seen == 5


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="this OS has no named pipes")
def test_fifo_and_socket_are_ignored_and_never_opened(tmp_path, monkeypatch):
    write(tmp_path, "a.txt", article())
    os.mkfifo(tmp_path / "pipe.txt")
    sock = socket.socket(socket.AF_UNIX)
    sock.bind(str(tmp_path / "sock.txt"))
    real_open = os.open

    def guarded_open(path, *args, **kwargs):
        assert os.path.basename(path) not in ("pipe.txt", "sock.txt"), f"opened {path}"
        return real_open(path, *args, **kwargs)

    monkeypatch.setattr(os, "open", guarded_open)
    try:
        df, rep = load_corpus(tmp_path, return_report=True)
    finally:
        sock.close()
    assert df.doc_id.tolist() == ["a.txt"]
    assert rep.ignored_reasons == {"pipe.txt": "a named pipe (FIFO), not a regular file; never opened",
                                   "sock.txt": "a socket, not a regular file; never opened"}
    assert accounted(rep) and rep.files_seen == 3


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="this OS has no named pipes")
def test_fifo_or_device_as_the_corpus_is_one_clear_error(tmp_path):
    os.mkfifo(tmp_path / "pipe.csv")
    with pytest.raises(CorpusError, match=r"pipe.csv: a named pipe \(FIFO\), not a file or folder"):
        load_corpus(tmp_path / "pipe.csv")
    if os.path.exists("/dev/zero"):
        with pytest.raises(CorpusError, match=r"/dev/zero: a character device, not a file or folder"):
            load_corpus("/dev/zero")


def test_hidden_and_checkpoint_entries_are_ignored_with_reasons(tmp_path):
    write(tmp_path, "a.txt", article())
    write(tmp_path, ".ipynb_checkpoints/a-checkpoint.txt", article())
    write(tmp_path, "sub/.ipynb_checkpoints/b-checkpoint.txt", article())
    write(tmp_path, ".git/HEAD", "ref")
    write(tmp_path, ".hidden.txt", article())
    df, rep = load_corpus(tmp_path, return_report=True)
    assert df.doc_id.tolist() == ["a.txt"] and df.duplicate_of.isna().all()
    assert rep.ignored_reasons == {
        ".git": "hidden (name starts with '.')", ".hidden.txt": "hidden (name starts with '.')",
        ".ipynb_checkpoints": "Jupyter checkpoint folder (copies of notebooks and files)",
        "sub/.ipynb_checkpoints": "Jupyter checkpoint folder (copies of notebooks and files)"}
    assert accounted(rep)


def test_unreadable_or_unsearchable_folder_is_skipped_with_its_reason(tmp_path, monkeypatch):
    # as root chmod 000 does not block reading: os.access and os.scandir are patched instead
    write(tmp_path, "a.txt", article())
    write(tmp_path, "locked/b.txt", article("2022-12-01", "other"))
    write(tmp_path, "nolist/c.txt", article("2022-12-02", "third"))
    real_access, real_scandir = os.access, os.scandir
    monkeypatch.setattr(os, "access", lambda p, mode, **kw: "locked" not in str(p) and real_access(p, mode, **kw))

    def scandir(path):
        if str(path).endswith("nolist"):
            raise PermissionError(13, "Permission denied")
        return real_scandir(path)

    monkeypatch.setattr(os, "scandir", scandir)
    with pytest.raises(CorpusError) as info:
        load_corpus(tmp_path)
    assert [p.split(":")[0] for p in info.value.problems] == ["locked", "nolist"]
    df, rep = load_corpus(tmp_path, on_error="skip", return_report=True)
    assert df.doc_id.tolist() == ["a.txt"] and rep.skipped_files == 2 and accounted(rep)
    assert dict(rep.skipped)["locked"].startswith("folder cannot be read or entered (permission denied)")
    assert dict(rep.skipped)["nolist"].startswith("folder cannot be read (Permission denied)")


@pytest.mark.skipif(sys.platform == "win32", reason="bytes file names are a POSIX matter")
def test_file_names_that_are_not_utf8_load_flagged_and_escaped(tmp_path):
    os.makedirs(tmp_path, exist_ok=True)
    with open(os.fsencode(tmp_path) + b"/bad\xff\xfe.txt", "wb") as f:
        f.write(article().encode())
    write(tmp_path, "evil\x1b[31m\nfake: line.txt", article("2022-12-01", "other"))
    df, rep = load_corpus(tmp_path, return_report=True)
    assert df.doc_id.tolist() == ["bad\\xff\\xfe.txt", "evil\\x1b[31m\\nfake: line.txt"]
    assert rep.flagged == [("bad\\xff\\xfe.txt", "path is not valid UTF-8 (bytes shown as \\xNN); rename it in UTF-8")]
    text = format_summary(corpus_summary(df))
    assert "\x1b" not in text and "\udcff" not in text
    text.encode("utf-8")  # printable everywhere: no surrogate left to crash a terminal


def test_control_characters_in_names_are_escaped_in_errors(tmp_path):
    write(tmp_path, "x\x1b[2J\nforged.txt", "no header")
    with pytest.raises(CorpusError) as info:
        load_corpus(tmp_path)
    assert "\x1b" not in str(info.value) and info.value.problems[0].startswith("x\\x1b[2J\\nforged.txt: no date")
    assert printable(printable("a\nb")) == printable("a\nb") == "a\\nb"


def make_deep(root, name, levels):
    """Nest ``levels`` folders called ``name`` under ``root`` (through folder descriptors: any depth)."""
    fd = os.open(root, os.O_RDONLY)
    try:
        for _ in range(levels):
            os.mkdir(name, dir_fd=fd)
            new = os.open(name, os.O_RDONLY, dir_fd=fd)
            os.close(fd)
            fd = new
        with open(os.open("deep.txt", os.O_WRONLY | os.O_CREAT, 0o644, dir_fd=fd), "w") as f:
            f.write(article())
    finally:
        os.close(fd)


def remove_deep(root, name, levels):
    """Undo :func:`make_deep` without recursion (pytest's clean-up recurses, and would fail at 1,000 levels)."""
    fds = [os.open(root, os.O_RDONLY)]
    try:
        for _ in range(levels):
            fds.append(os.open(name, os.O_RDONLY, dir_fd=fds[-1]))
            if len(fds) > 2:
                os.close(fds.pop(-2))  # keep two folders open at most
        os.unlink("deep.txt", dir_fd=fds[-1])
        for _ in range(levels):
            parent = os.open("..", os.O_RDONLY, dir_fd=fds[-1])
            os.rmdir(name, dir_fd=parent)
            os.close(fds.pop())
            fds.append(parent)
    finally:
        for fd in fds:
            os.close(fd)


@pytest.fixture
def deep_tree(tmp_path):
    made = []

    def make(name, levels):
        made.append((name, levels))
        make_deep(tmp_path, name, levels)

    yield make
    for name, levels in made:
        remove_deep(tmp_path, name, levels)


def test_deep_nesting_loads(tmp_path, deep_tree):
    deep_tree("d", 1100)  # 1,100 levels, 2,200 characters: under PATH_MAX
    df = load_corpus(tmp_path)
    assert df.doc_id.tolist() == ["d/" * 1100 + "deep.txt"]


def test_paths_beyond_path_max_are_skipped_not_crashed(tmp_path, deep_tree):
    write(tmp_path, "a.txt", article())
    deep_tree("n" * 200, 25)  # 25 x 201 characters: beyond PATH_MAX (4096)
    df, rep = load_corpus(tmp_path, on_error="skip", return_report=True)
    assert df.doc_id.tolist() == ["a.txt"]
    (where, why), = rep.skipped
    assert "PATH_MAX" in why and accounted(rep)
    with pytest.raises(CorpusError, match="PATH_MAX"):
        load_corpus(tmp_path)


# Encodings ------------------------------------------------------------------------------------

SAMPLES = {
    'euc_jp': (
        '日本政府は十二月、国家安全保障戦略を改定し、反撃能力の保有を明記した。これまで「敵基地攻撃'
        '能力」と呼ばれてきた能力であり、専守防衛の原則は変わらないと説明している。防衛費は五年間で'
        '四十三兆円に増やす計画で、財源の確保が課題となっている。野党は、憲法との整合性について国会'
        'で十分な議論が必要だと主張した。'
    ),
    'shift_jis': (
        '岸田首相は記者会見で、周辺国のミサイル能力が急速に向上していると述べた。政府は反撃能力につ'
        'いて、相手のミサイル発射を防ぐための必要最小限の措置だと位置づけている。一方で、専門家から'
        'は抑止力の強化が地域の緊張を高めるおそれがあるとの指摘も出ている。与党内でも慎重な意見が聞'
        'かれた。'
    ),
    'gbk': (
        '日本政府近日通过了新的国家安全战略，明确提出拥有反击能力。分析人士认为，这标志着日本防卫政'
        '策的重大转变。中国外交部发言人表示，日本应当深刻反省历史，在军事安全领域谨言慎行。韩国方面'
        '则表示将密切关注事态发展，并希望日本保持透明。'
    ),
    'big5': (
        '日本政府近日通過新的國家安全戰略，明確提出擁有反擊能力。分析人士認為，這標誌著日本防衛政策'
        '的重大轉變。台灣學者指出，區域安全情勢日益複雜，各國都在重新檢討防衛預算。美國國務院對此表'
        '示歡迎，並重申美日同盟的重要性。'
    ),
    'cp1251': (
        'Правительство Японии утвердило новую стратегию национальной безопасности, в которой впервы'
        'е говорится о возможности нанесения ответного удара. Эксперты считают, что это серьёзный п'
        'оворот в оборонной политике страны. Министр обороны заявил, что расходы на оборону будут у'
        'величены в течение пяти лет.'
    ),
    'koi8_r': (
        'Японские власти объявили о планах приобрести крылатые ракеты большой дальности. По словам '
        'премьер-министра, это необходимо для сдерживания угроз. Оппозиция требует подробного обсуж'
        'дения в парламенте, поскольку конституция страны ограничивает применение силы. Соседние го'
        'сударства выразили обеспокоенность.'
    ),
    'iso8859_2': (
        'Japoński rząd przyjął nową strategię bezpieczeństwa narodowego, która po raz pierwszy prze'
        'widuje zdolność do kontrataku. Według ekspertów oznacza to poważną zmianę w polityce obron'
        'nej kraju. Wydatki na obronność mają wzrosnąć w ciągu pięciu lat, a źródła finansowania wc'
        'iąż budzą spór.'
    ),
    'iso8859_2 cs': (
        'Japonská vláda uvedla, že schopnost protiúderu zůstane v rámci obranné politiky. Kritici t'
        'vrdí, že jde o preventivní úder pod jiným jménem; ministr řekl, že výdaje porostou pět let'
        '.'
    ),
    'iso8859_7': (
        'Η ιαπωνική κυβέρνηση ενέκρινε νέα στρατηγική εθνικής ασφάλειας, η οποία για πρώτη φορά προ'
        'βλέπει ικανότητα αντεπίθεσης. Σύμφωνα με αναλυτές, πρόκειται για σημαντική αλλαγή στην αμυ'
        'ντική πολιτική της χώρας. Οι αμυντικές δαπάνες θα αυξηθούν μέσα στα επόμενα πέντε χρόνια.'
    ),
    'cp1252': (
        'Le gouvernement japonais a adopté une nouvelle stratégie de sécurité nationale, qui prévoi'
        't pour la première fois une « capacité de contre-attaque ». Selon les experts, c’est un to'
        'urnant majeur — même si Tokyo insiste sur le caractère défensif de sa politique.'
    ),
}


@pytest.mark.parametrize("key", sorted(SAMPLES))
def test_legacy_encodings_decode_to_the_right_text(tmp_path, key):
    encoding, text = key.split()[0], SAMPLES[key]
    write(tmp_path, "a.txt", f"date 2022-12-16\n{text}".encode(encoding))
    df, rep = load_corpus(tmp_path, return_report=True)
    assert df.text[0] == unicodedata.normalize("NFKC", text)  # the loader's text is NFKC (，becomes ,)
    assert df.encoding[0] in {encoding.replace("_", "-").replace("iso8859-", "iso8859-"),
                              {"iso8859_2": "iso8859-2", "iso8859_7": "iso8859-7", "koi8_r": "koi8-r"}.get(
                                  encoding, encoding), "cp1253" if encoding == "iso8859_7" else encoding}
    assert rep.flagged == []


def test_low_confidence_guess_is_flagged(tmp_path):
    write(tmp_path, "a.txt", article(body="Café, naïve").encode("cp1252"))
    df, rep = load_corpus(tmp_path, return_report=True)
    assert df.text[0] == "Café, naïve" and df.encoding[0] == "cp1252"
    (where, why), = rep.flagged
    assert where == "a.txt" and "low confidence" in why and "would fit as well" in why


def test_utf8_with_a_few_bad_bytes_stays_utf8_and_is_flagged(tmp_path):
    write(tmp_path, "a.txt", article(body="Café naïve résumé").encode() + b" \xff tail")
    df, rep = load_corpus(tmp_path, return_report=True)
    assert df.text[0] == "Café naïve résumé \ufffd tail" and df.encoding[0] == "utf-8"
    assert rep.flagged == [("a.txt", "1 byte sequence(s) not valid UTF-8, replaced by U+FFFD")]
    assert "1 flagged" in rep.totals_line()
    truncated = decode_document("date 2022-01-01 反撃".encode()[:-1])
    assert truncated.encoding == "utf-8" and "truncated" in truncated.note


def test_western_cp1252_still_works():
    assert decode_bytes("“Café” – naïve".encode("cp1252")) == ("“Café” – naïve", "cp1252")


# JSONL ---------------------------------------------------------------------------------------------


def test_jsonl_odd_lines_are_named_never_crash(tmp_path):
    path = write(tmp_path, "a.jsonl", "\n".join([
        json.dumps({"date": "2022-01-01", "text": "one"}), "null", "[1, 2]", "42", '"text"', "{broken",
        "[" * 100000 + "]" * 100000, json.dumps({"date": "2022-01-02", "text": 12345}),
        '{"date": "2022-01-03", "text": "lone \\ud800 surrogate"}']))
    with pytest.raises(CorpusError) as info:
        load_corpus(path)
    assert [p.split(":")[0] for p in info.value.problems] == [f"a.jsonl row {n}" for n in range(2, 8)]
    assert "holds null, not a JSON object" in info.value.problems[0]
    df, rep = load_corpus(path, on_error="skip", return_report=True)
    assert df.text.tolist() == ["one", "12345", "lone \ufffd surrogate"]
    assert rep.flagged == [("a.jsonl row 9", "lone UTF-16 surrogate escape(s) replaced by U+FFFD")]
    only_null = write(tmp_path, "n.jsonl", "null")
    with pytest.raises(CorpusError, match="n.jsonl row 1: holds null"):
        load_corpus(only_null)


def test_parquet_that_is_not_parquet(tmp_path):
    with pytest.raises(CorpusError, match="a.parquet: not a Parquet file"):
        load_corpus(write(tmp_path, "a.parquet", b"date,text\n2022-01-01,x\n"))


# Dates ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize("mode", ["raise", "skip"])
def test_table_dates_pandas_cannot_hold_are_bad_rows(tmp_path, mode):
    path = write(tmp_path, "a.csv", "date,text\n9999-12-31,a\n0000-01-01,b\n2022-01-01,c\n1500-06-01T10:00Z,d\n")
    expected = ["a.csv row 1: date 9999-12-31 is outside the range pandas can hold (1678-01-01 to 2262-04-11); check the year",
                "a.csv row 2: date 0000-01-01 is outside the range pandas can hold (1678-01-01 to 2262-04-11); check the year",
                "a.csv row 4: date 1500-06-01T10:00Z is outside the range pandas can hold (1678-01-01 to 2262-04-11); check the year"]
    if mode == "raise":
        with pytest.raises(CorpusError) as info:
            load_corpus(path)
        assert info.value.problems == expected
    else:
        df, rep = load_corpus(path, on_error="skip", return_report=True)
        assert df.text.tolist() == ["c"] and [f"{w}: {r}" for w, r in rep.skipped] == expected


def test_article_year_zero_is_out_of_range(tmp_path):
    write(tmp_path, "a.txt", "date 0000-01-01 body")
    with pytest.raises(CorpusError, match="a.txt: date 0000-01-01 is outside the range pandas can hold"):
        load_corpus(tmp_path)


def test_timezone_aware_dates_keep_the_local_date_unless_utc(tmp_path):
    path = write(tmp_path, "a.csv", "date,text\n2022-01-31T23:30-05:00,x\n2022-02-01T08:00+09:00,y\n")
    assert load_corpus(path).date.tolist() == [pd.Timestamp("2022-01-31 23:30"), pd.Timestamp("2022-02-01 08:00")]
    assert load_corpus(path, utc=True).date.tolist() == [pd.Timestamp("2022-01-31 23:00"),
                                                         pd.Timestamp("2022-02-01 04:30")]
    aware = pd.DataFrame({"date": pd.to_datetime(["2022-01-31T23:30-05:00"]), "text": ["x"]})
    assert from_frame(aware).date[0] == pd.Timestamp("2022-01-31 23:30")
    assert from_frame(aware, utc=True).date[0] == pd.Timestamp("2022-02-01 04:30")
    assert corpus_summary(load_corpus(path))["docs_per_period"] == {"2022-01": 1, "2022-02": 1}


def test_date_colon_without_space_and_unicode_digits(tmp_path):
    write(tmp_path, "a.txt", "date:2022-01-01 colon")
    write(tmp_path, "b.txt", "date \u0662\u0660\u0662\u0662-\u0660\u0661-\u0660\u0668 arabic-indic")
    write(tmp_path, "c.txt", "Date:\u0968\u0966\u0968\u0968-\u0966\u0967-\u0966\u096f devanagari")
    assert load_corpus(tmp_path).date.tolist() == pd.to_datetime(["2022-01-01", "2022-01-08", "2022-01-09"]).tolist()
    path = write(tmp_path, "t.csv", "date,text\n\u0662\u0660\u0662\u0662-\u0660\u0661-\u0660\u0668,x\n")
    assert load_corpus(path).date[0] == pd.Timestamp("2022-01-08")


def test_table_cells_stay_text_as_written(tmp_path):
    path = write(tmp_path, "a.csv", "date,text,zip,doc_id,meta_doc_id\n2022-01-01,12345,00501,p,q\n")
    df = load_corpus(path)
    assert df.text[0] == "12345" and df.zip[0] == "00501"
    assert df.meta_doc_id[0] == "q" and df.meta_meta_doc_id[0] == "p" and df.doc_id[0] == "a.csv:1"
    jsonl = write(tmp_path, "b.jsonl", json.dumps({"date": "2022-01-01", "text": 12345, "zip": "00501", "n": 7}))
    df = load_corpus(jsonl)
    assert df.text[0] == "12345" and df.zip[0] == "00501" and df.n[0] == "7"


# NFKC expansion ------------------------------------------------------------------------------


def test_nfkc_expansion_is_bounded(tmp_path):
    write(tmp_path, "bomb.txt", "date 2022-01-01 " + "\ufdfa" * 200_000)
    write(tmp_path, "ok.txt", article())
    with pytest.raises(CorpusError, match="bomb.txt: NFKC normalisation would make the text 18 times longer"):
        load_corpus(tmp_path)
    assert load_corpus(tmp_path, on_error="skip").doc_id.tolist() == ["ok.txt"]
    assert nfkc_bounded("\ufdfa") == "صلى الله عليه وسلم"  # short texts may grow
    frame = pd.DataFrame({"date": ["2022-01-01"], "text": ["\ufdfa" * 100_000]})
    with pytest.raises(CorpusError, match="<DataFrame> row 1: NFKC normalisation"):
        from_frame(frame)
