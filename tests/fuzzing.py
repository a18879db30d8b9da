"""A seeded generator of hostile corpus folders, with its own bookkeeping.

:func:`make_folder` writes ``n`` entries under a folder: good articles in
every encoding the loader reads, random bytes, truncated UTF-8, UTF-16/32 with
and without a byte-order mark, legacy and CJK encodings, NUL bytes, huge
lines, odd and impossible dates, odd file names (spaces, control characters,
non-UTF-8 bytes), deep nesting, hidden and checkpoint folders, symbolic links
(to files, to folders, dangling, looping, leaving the root) and special files
(FIFOs, sockets). Every entry's name carries its number (``e00042``), and the
generator records what must happen to it:

* ``"load"`` -- a well-formed article: it must be loaded;
* ``"out"`` -- it must not be loaded, and must be listed as skipped or ignored;
* ``"any"`` -- loaded, skipped or ignored, but listed exactly once (links
  inside the root, whose treatment is a policy choice).

:func:`check_report` compares a :class:`termshift.LoadReport` with that
bookkeeping. Used by ``tests/test_fuzz.py`` (a bounded run in ``make test``)
and ``make fuzz`` (``TERMSHIFT_FUZZ_ENTRIES=10000``).
"""

from __future__ import annotations

import codecs
import os
import re
import socket
import stat
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

BODY = ("Japan's government said the counterstrike capability would stay within the exclusive "
        "defense-oriented policy, while critics called it a preemptive strike by another name.")
JAPANESE = "政府は反撃能力の保有を決めたが、専守防衛の原則は変わらないと説明した。敵基地攻撃能力との違いが議論された。" * 3
RUSSIAN = "Правительство Японии заявило, что способность нанести ответный удар сохранится. " * 3
GREEK = "Η κυβέρνηση της Ιαπωνίας δήλωσε ότι η ικανότητα αντεπίθεσης παραμένει αμυντική. " * 3
CZECH = "Japonská vláda uvedla, že schopnost protiúderu zůstane v rámci obranné politiky. " * 3
CHINESE_S = "日本政府表示，反击能力将保持在专守防卫政策范围内。批评者称之为先发制人的打击。" * 3
CHINESE_T = "日本政府表示，反擊能力將保持在專守防衛政策範圍內。批評者稱之為先發制人的打擊。" * 3
_NUMBER = re.compile(r"e(\d{5})")


@dataclass
class Folder:
    root: Path
    expect: dict = field(default_factory=dict)  # entry number -> "load" | "out" | "any"
    kinds: dict = field(default_factory=dict)  # entry number -> kind name


def _date(rng) -> str:
    return f"{rng.integers(1990, 2030)}-{rng.integers(1, 13):02d}-{rng.integers(1, 29):02d}"


def _article(rng, body=BODY) -> str:
    return f"date {_date(rng)}\n{body}\n"


def _kinds():
    """(kind, expectation, maker(rng) -> bytes or a special marker) for regular files."""
    good = lambda enc, body=BODY, bom=b"": (lambda rng: bom + _article(rng, body).encode(enc))  # noqa: E731
    return [
        ("utf8", "load", good("utf-8")),
        ("utf8_bom", "load", good("utf-8", bom=codecs.BOM_UTF8)),
        ("utf16_bom", "load", good("utf-16")),
        ("utf32_bom", "load", good("utf-32")),
        ("cp1252", "load", good("cp1252", BODY + " Café, naïve, “quoted” — 50 €.")),
        ("euc_jp", "load", good("euc_jp", JAPANESE)),
        ("shift_jis", "load", good("shift_jis", JAPANESE)),
        ("gbk", "load", good("gbk", CHINESE_S)),
        ("big5", "load", good("big5", CHINESE_T)),
        ("cp1251", "load", good("cp1251", RUSSIAN)),
        ("koi8_r", "load", good("koi8_r", RUSSIAN)),
        ("iso8859_2", "load", good("iso8859_2", CZECH)),
        ("iso8859_7", "load", good("iso8859_7", GREEK)),
        ("date_colon", "load", lambda rng: f"date:{_date(rng)} {BODY}".encode()),
        ("indic_digits", "load", lambda rng: ("date " + _date(rng).translate(str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩"))
                                              + " " + BODY).encode()),
        ("huge_line", "load", lambda rng: (f"date {_date(rng)} " + "word " * int(rng.integers(50_000, 200_000))).encode()),
        ("utf8_few_bad_bytes", "load", lambda rng: _article(rng, BODY + " Café ").encode() + b"\xff\xfe tail"),
        ("truncated_utf8", "load", lambda rng: _article(rng, JAPANESE).encode()[:-2]),
        ("utf16_no_bom", "out", lambda rng: _article(rng).encode("utf-16-le")),
        ("utf32_no_bom", "out", lambda rng: _article(rng).encode("utf-32-le")),
        ("random_bytes", "out", lambda rng: rng.integers(0, 256, int(rng.integers(1, 4096)), dtype=np.uint8).tobytes()),
        ("nul_bytes", "out", lambda rng: _article(rng).encode().replace(b" ", b"\x00")),
        ("empty", "out", lambda rng: b""),
        ("blank", "out", lambda rng: b" \n\t\n"),
        ("no_header", "out", lambda rng: BODY.encode()),
        ("header_only", "out", lambda rng: f"date {_date(rng)}\n".encode()),
        ("impossible_date", "out", lambda rng: f"date 2022-02-30 {BODY}".encode()),
        ("us_date", "out", lambda rng: f"date 11/12/2022 {BODY}".encode()),
        ("year_9999", "out", lambda rng: f"date 9999-12-31 {BODY}".encode()),
        ("year_0000", "out", lambda rng: f"date 0000-01-01 {BODY}".encode()),
        ("control_soup", "out", lambda rng: bytes(rng.integers(1, 9, 2000, dtype=np.uint8))),
    ]


_NAMES = [
    lambda i: f"e{i:05d}.txt",
    lambda i: f"e{i:05d} with spaces.txt",
    lambda i: f"e{i:05d}_ünïcødé_反撃.txt",
    lambda i: f"e{i:05d}.TXT",
    lambda i: f"e{i:05d}\x1b[31mred\x1b[0m.txt",
    lambda i: f"e{i:05d}\nforged line.txt",
]


def _fuzz_article(rng, i):
    import pandas as pd

    return {"date": pd.Timestamp(_date(rng)), "outlet": "The Fixture Times", "title": f"Story e{i:05d} headline",
            "byline": "Jane Roe", "section": None, "body": [BODY, "Second paragraph of the story."]}


#: Length of the hostile header lines (``LENGTH: 1 1 1 ... x``) in the export entries; ``make fuzz`` uses 40,000.
HEADER_CHARS = int(os.environ.get("TERMSHIFT_FUZZ_HEADER_CHARS", "4000"))
#: Raw RTF put into a body: control words, Unicode escapes (emoji halves, lone halves), binary data, groups.
RTF_TOKENS = ["\\par ", "\\u-10179?\\u-8704?", "\\u-10179?", "\\u-8704?", "\\u233?", "\\uc0 ", "\\uc2 ",
              "\\u21453?", "\\'e9", "\\'93", "{\\*\\blob \\bin4 \x00\x01\x02\x03}", "\\bin0 ", "{\\b bold}",
              "\\tab ", "\\line ", "\\~", "\\-", "\\_", "\\\\", "\\{", "\\}", "{\\*\\unknown x}",
              "\\fonttbl ", "\\f0 ", "\\lang1041 ", "\\u-1?", "\\u99999999?", "\\bin99999999 ", " word ",
              "\u00e9", "\\", "{", "}"]


def hostile_header(rng, n: int = 0) -> str:
    """A header value of about ``n`` (default :data:`HEADER_CHARS`) characters that made the old word
    count expression quadratic: digits, spaces and commas that never end in "words"."""
    n = n or HEADER_CHARS
    unit = ["1 ", "1,", "12 ", "1 1.", " "][int(rng.integers(5))]
    return unit * (n // len(unit)) + ["x", "", " word", "wordsx"][int(rng.integers(4))]


def _export_kind(rng, parent, i):
    """An export file (or archive) for entry ``i``: (kind, expectation)."""
    import zipfile

    choice = int(rng.integers(11))
    arts = [_fuzz_article(rng, i) for _ in range(int(rng.integers(1, 4)))]
    if choice == 0:
        (parent / f"e{i:05d}_nexis.TXT").write_bytes(EXPORT_WRITERS["nexis"][1](arts))
        return "export_nexis", "load"
    if choice == 1:
        (parent / f"e{i:05d}_uni.DOCX").write_bytes(EXPORT_WRITERS["nexis-uni"][1](arts))
        return "export_docx", "load"
    if choice == 2:
        (parent / f"e{i:05d}_cover_only.txt").write_bytes(nexis_text([]).encode())
        return "export_no_articles", "out"
    if choice == 3:
        data = rng.integers(0, 256, int(rng.integers(1, 2000)), dtype=np.uint8).tobytes()
        (parent / f"e{i:05d}_broken.docx").write_bytes(b"PK\x03\x04" + data)
        return "export_broken_docx", "out"
    if choice == 4:
        with zipfile.ZipFile(parent / f"e{i:05d}_exports.zip", "w") as z:
            info = zipfile.ZipInfo(f"e{i:05d}_inner.txt", date_time=(2010, 1, 1, 0, 0, 0))
            z.writestr(info, proquest_text(arts))
        return "export_zip", "load"
    if choice == 5:  # RTF: emoji written as UTF-16 halves, raw control words and binary data in the body
        for a in arts:
            a["body"] = [a["body"][0] + " 😀 \U0001F44D\U0001F3FD", *a["body"][1:]]
        lines = nexis_uni_lines(arts)
        raw = "".join(RTF_TOKENS[int(k)] for k in rng.integers(len(RTF_TOKENS), size=int(rng.integers(1, 12))))
        data = rtf_bytes(lines, blob=rng.integers(0, 256, int(rng.integers(0, 300)), dtype=np.uint8).tobytes())
        body_at = data.index(b"\\par", data.index(b"Body\\par") + 9)  # after the first body paragraph
        data = data[:body_at] + raw.encode("latin-1") + data[body_at:]
        (parent / f"e{i:05d}_uni_form.rtf").write_bytes(data)
        return "export_rtf", "load"
    if choice == 6:  # DOCX part layouts OPC allows: any main part name, the strict namespaces
        main = ["word/document.xml", "word/document2.xml", "content/main.xml", "doc.xml", "a/b/c/d.xml"][
            int(rng.integers(5))]
        (parent / f"e{i:05d}_layout.docx").write_bytes(docx_bytes(nexis_uni_lines(arts), main=main,
                                                                  strict=bool(rng.integers(2))))
        return "export_docx_layout", "load"
    if choice == 7:  # looks like a DOCX, is none: skipped with its reason, never taken apart as an archive
        (parent / f"e{i:05d}_not_docx.{['docx', 'zip'][int(rng.integers(2))]}").write_bytes(
            docx_bytes(nexis_uni_lines(arts), rels=False))
        return "export_docx_without_rels", "out"
    if choice == 8:  # Nexis with a hostile LENGTH line
        text = nexis_text(arts)
        text = re.sub(r"LENGTH: \d+ words", lambda m: "LENGTH: " + hostile_header(rng), text)
        (parent / f"e{i:05d}_nexis_hostile.txt").write_bytes(text.encode())
        return "export_nexis_hostile_length", "load"
    if choice == 9:  # ProQuest with a hostile Word count line
        text = re.sub(r"Word count: \d+", lambda m: "Word count: " + hostile_header(rng), proquest_text(arts))
        (parent / f"e{i:05d}_proquest_hostile.txt").write_bytes(text.encode())
        return "export_proquest_hostile_count", "load"
    (parent / f"e{i:05d}_factiva_tight.txt").write_bytes(factiva_tagged(arts, blank_lines=False).encode())
    return "export_factiva_one_tag_per_line", "load"


def make_folder(root, n: int, seed: int = 0, *, special: bool = True, deep: int = 40, exports: bool = False) -> Folder:
    """Write ``n`` entries under ``root`` (created); return the bookkeeping.

    ``exports=True`` adds news exports (Nexis text and DOCX, a cover page without articles, a broken DOCX,
    a ZIP of a ProQuest export) for a loader that reads them.
    """
    rng = np.random.default_rng(seed)
    root = Path(root)
    root.mkdir(parents=True, exist_ok=True)
    out = Folder(root)
    kinds = _kinds()
    outside = root.parent / f"{root.name}_outside.txt"
    outside.write_bytes(_article(rng).encode())
    subdirs = [root]
    for i in range(n):
        r = rng.random()
        parent = subdirs[int(rng.integers(len(subdirs)))]
        if r < 0.05 and len(subdirs) < 50:  # a new sub-folder for later entries
            d = parent / f"dir{i:05d}"
            d.mkdir()
            subdirs.append(d)
        if exports and r < 0.08:
            kind, expect = _export_kind(rng, parent, i)
        elif r < 0.72:  # a regular article-like file
            kind, expect, maker = kinds[int(rng.integers(len(kinds)))]
            name = _NAMES[int(rng.integers(len(_NAMES)))](i)
            if rng.random() < 0.03:  # a file name that is not valid UTF-8
                path = Path(os.fsdecode(os.fsencode(str(parent)) + b"/" + f"e{i:05d}_".encode() + b"\xff\xfe.txt"))
            else:
                path = parent / name
            path.write_bytes(maker(rng))
        elif r < 0.80:
            kind, expect = "not_txt", "out"
            path = parent / f"e{i:05d}{['.md', '.pdf', '.csv', '.json', '', '.txt~', '.docx'][int(rng.integers(7))]}"
            path.write_bytes(_article(rng).encode())
        elif r < 0.84:
            kind, expect = "hidden", "out"
            path = parent / f".e{i:05d}.txt"
            path.write_bytes(_article(rng).encode())
        elif r < 0.88:
            kind, expect = "checkpoint", "out"
            d = parent / f"e{i:05d}_nb" / ".ipynb_checkpoints"  # the folder's name carries the number too
            d.mkdir(parents=True)
            path = d / f"e{i:05d}-checkpoint.txt"
            path.write_bytes(_article(rng).encode())
        elif r < 0.91:
            kind, expect = "dangling_link", "out"
            os.symlink(parent / f"missing{i}", parent / f"e{i:05d}.txt")
        elif r < 0.93:
            kind, expect = "link_outside_root", "out"
            os.symlink(outside, parent / f"e{i:05d}.txt")
        elif r < 0.95:
            kind, expect = "link_loop", "out"
            os.symlink(parent / f"e{i:05d}_b", parent / f"e{i:05d}_a.txt")
            os.symlink(parent / f"e{i:05d}_a.txt", parent / f"e{i:05d}_b")
            out.expect[i], out.kinds[i] = "out", "link_loop"
            continue
        elif r < 0.97:
            kind, expect = "link_to_folder", "any"
            os.symlink(root, parent / f"e{i:05d}_dirlink")  # a cycle if followed
        elif r < 0.985 and special and hasattr(os, "mkfifo"):
            kind, expect = "fifo", "out"
            os.mkfifo(parent / f"e{i:05d}.txt")
        elif r < 0.99 and special:
            kind, expect = "socket", "out"
            path = parent / f"e{i:05d}.txt"
            if len(os.fsencode(path)) < 100:  # AF_UNIX path limit
                s = socket.socket(socket.AF_UNIX)
                s.bind(str(path))
                s.close()
            else:
                path.write_bytes(b"")
                kind = "empty"
        elif r < 0.995:
            kind, expect = "deep", "load"
            d = parent / f"e{i:05d}_deep"
            for level in range(deep):
                d = d / f"d{level}"
            d.mkdir(parents=True)
            (d / f"e{i:05d}.txt").write_bytes(_article(rng).encode())
        else:
            kind, expect = "link_to_file_inside", "any"
            target = parent / f"target_e{i:05d}.md"  # ignored itself (not .txt)
            target.write_bytes(_article(rng).encode())
            os.symlink(target, parent / f"e{i:05d}.txt")
        out.expect[i], out.kinds[i] = expect, kind
    return out


def _numbers(text) -> list[int]:
    return [int(m) for m in _NUMBER.findall(str(text))]


def check_report(folder: Folder, report) -> list[str]:
    """Problems found comparing a load report with the bookkeeping (empty: all is well)."""
    seen: dict[int, list[str]] = {}
    for what, entries in (("loaded", report.loaded), ("skipped", report.skipped), ("ignored", report.ignored)):
        for entry in entries:
            name = entry[0] if isinstance(entry, (tuple, list)) else entry
            for number in set(_numbers(name)):
                seen.setdefault(number, []).append(what)
    problems = []
    for number, expect in folder.expect.items():
        got = seen.get(number, [])
        kind = folder.kinds[number]
        if not got:
            problems.append(f"e{number:05d} ({kind}): not in the report (lost silently)")
        elif expect == "load" and "loaded" not in got:
            problems.append(f"e{number:05d} ({kind}): expected loaded, got {got}")
        elif expect == "out" and "loaded" in got:
            problems.append(f"e{number:05d} ({kind}): expected skipped or ignored, got {got}")
    files_seen = getattr(report, "files_seen", None)
    listed = len(report.loaded) + len(report.skipped) + len(report.ignored) - _row_entries(report)
    if files_seen is not None and files_seen != listed:
        problems.append(f"totals do not add up: files_seen={files_seen} but {listed} entries listed")
    return problems


def _row_entries(report) -> int:
    """Skipped table rows and export articles (``file#k``): listed in ``skipped`` but not entries."""
    names = [str(s[0] if isinstance(s, (tuple, list)) else s) for s in report.skipped]
    return sum(1 for n in names if " row " in n or re.search(r"#\d+$", n))


# ----------------------------------------------------------------------------- news exports


def _words(article) -> int:
    """The word count an export states: ``article["words"]`` when given (a Japanese article's, in its own
    words), else the body's words counted by spaces, as the databases count English."""
    return article.get("words") or len(" ".join(article["body"]).split())


def nexis_text(articles, *, cover=True, numbers=None) -> str:
    """A LexisNexis classic text export of ``articles`` (dicts: date, outlet, title, byline, section, body)."""
    out = ["Download Request: All Documents", "Terms: fixture", ""] if cover else []
    for k, a in enumerate(articles):
        n = numbers[k] if numbers else k + 1
        out += ["", f"                    {n} of {len(articles) + 7} DOCUMENTS", "", f"               {a['outlet']}", "",
                f"            {a['date']:%B} {a['date'].day}, {a['date'].year} {a['date']:%A}", "", a["title"], ""]
        if a.get("byline"):
            out += [f"BYLINE: {a['byline']}", ""]
        if a.get("section"):
            out += [f"SECTION: {a['section']}", ""]
        out += [f"LENGTH: {_words(a)} words", "", "", "\n\n".join(a["body"]), "",
                "LOAD-DATE: January 1, 2011", "", "LANGUAGE: ENGLISH", ""]
    return "\n".join(out)


def nexis_uni_lines(articles) -> list[str]:
    """The paragraphs of a Nexis Uni export (cover page first)."""
    out = ["Date and Time: Monday, July 1, 2019 10:00:00 AM GMT", "Job Number: 1", f"Documents ({len(articles)})"]
    out += [f"{k}. {a['title']}" for k, a in enumerate(articles, 1)]
    out += ["Client/Matter: -None-", "Search Terms: fixture"]
    for a in articles:
        out += [a["title"], a["outlet"], f"{a['date']:%B} {a['date'].day}, {a['date'].year} {a['date']:%A} 9:20 AM GMT",
                "Copyright 2019 Fixture Media"]
        if a.get("section"):
            out.append(f"Section: {a['section']}")
        out.append(f"Length: {_words(a)} words")
        if a.get("byline"):
            out.append(f"Byline: {a['byline']}")
        out += ["Body", *a["body"], "Classification", "Language: ENGLISH", "Load-Date: July 2, 2019",
                "End of Document"]
    return out


def docx_bytes(lines, *, main: str = "word/document.xml", rels: bool = True, strict: bool = False) -> bytes:
    """A minimal DOCX file (content types, package relationship, document) with one paragraph per line.

    ``main`` names the main document part (OPC allows any name: the package relationship points to it);
    ``rels=False`` leaves the relationships out (a zip that looks like a DOCX but is not one);
    ``strict=True`` writes the strict OOXML namespaces.
    """
    import io
    import zipfile
    from xml.sax.saxutils import escape

    w = ("http://purl.oclc.org/ooxml/wordprocessingml/main" if strict
         else "http://schemas.openxmlformats.org/wordprocessingml/2006/main")
    rel_type = ("http://purl.oclc.org/ooxml/officeDocument/relationships/officeDocument" if strict
                else "http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument")
    body = "".join(f'<w:p><w:r><w:t xml:space="preserve">{escape(line)}</w:t></w:r></w:p>' for line in lines)
    parts = {
        "[Content_Types].xml": '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/'
                               'package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.'
                               'openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType='
                               f'"application/xml"/><Override PartName="/{main}" ContentType="application/'
                               'vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>',
        "_rels/.rels": '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/'
                       f'package/2006/relationships"><Relationship Id="rId1" Type="{rel_type}" '
                       f'Target="{main}"/></Relationships>',
        main: f'<?xml version="1.0" encoding="UTF-8"?><w:document xmlns:w="{w}"><w:body>{body}'
              '</w:body></w:document>',
    }
    if not rels:
        del parts["_rels/.rels"]
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        for name, text in parts.items():
            z.writestr(zipfile.ZipInfo(name, date_time=(2019, 7, 1, 0, 0, 0)), text.encode())
    return buf.getvalue()


def rtf_bytes(lines, *, blob: bytes | None = None) -> bytes:
    """An RTF document with one paragraph per line, as Word writes it: every character beyond ASCII as
    ``\\uN?`` (N signed 16-bit; a character beyond U+FFFF as its two UTF-16 halves, so 😀 is
    ``\\u-10179?\\u-8704?``). ``blob``: raw bytes in a ``{\\*\\blob \\binN ...}`` group first (binary
    data, as Word embeds it)."""
    def escape(line):
        out = []
        for ch in line:
            if ch in "\\{}":
                out.append("\\" + ch)
            elif ord(ch) < 128:
                out.append(ch)
            else:
                units = ch.encode("utf-16-le")
                for k in range(0, len(units), 2):
                    n = int.from_bytes(units[k:k + 2], "little")
                    out.append(f"\\u{n - 65536 if n > 32767 else n}?")
        return "".join(out)

    head = b"{\\rtf1\\ansi\\ansicpg1252\\uc1\\deff0{\\fonttbl{\\f0\\fswiss Calibri;}}\n"
    if blob is not None:
        head += b"{\\*\\blob \\bin" + str(len(blob)).encode() + b" " + blob + b"}\n"
    return head + "\n".join(escape(line) + "\\par" for line in lines).encode("ascii") + b"}"


def factiva_tagged(articles, *, blank_lines: bool = True) -> str:
    """A Factiva export with tagged fields, fields separated by blank lines (``blank_lines=False``: one tag
    per line and no blank line anywhere, the paragraphs of the text on lines of their own)."""
    out = []
    for k, a in enumerate(articles):
        out += [f"HD {a['title']}", ""]
        if a.get("byline"):
            out += [f"BY By {a['byline']}", ""]
        out += [f"WC {_words(a)} words", "", f"PD {a['date'].day} {a['date']:%B} {a['date'].year}",
                "", f"SN {a['outlet']}", "", "SC FIXT", ""]
        if a.get("section"):
            out += [f"SE {a['section']}", ""]
        out += ["LA English", "", "CY (c) Fixture", "", f"LP {a['body'][0]}", ""]
        if a["body"][1:]:
            out += ["TD " + ("\n\n" if blank_lines else "\n").join(a["body"][1:]), ""]
        out += [f"AN Document FIXT000020100111e61b{k:06d}", ""]
    if not blank_lines:
        out = [line for line in out if line]
    return "\n".join(out)


def proquest_text(articles) -> str:
    """A ProQuest text export: a cover, ``____`` rules, ``Field: value`` records."""
    rule = "_" * 60
    out = ["ProQuest", f"Documents 1-{len(articles)}", "", rule]
    for k, a in enumerate(articles):
        out += ["", a["title"], ""]
        if a.get("byline"):
            out += [f"Author: {a['byline']}", ""]
        out += ["Full text: " + "\n\n".join(a["body"]), "", f"Title: {a['title']}", "",
                f"Publication title: {a['outlet']}", "",
                f"Publication date: {a['date']:%b} {a['date'].day}, {a['date'].year}", ""]
        if a.get("section"):
            out += [f"Section: {a['section']}", ""]
        out += [f"Word count: {_words(a)}", "", f"ProQuest document ID: {100000 + k}", "", rule]
    out += ["", "Contact ProQuest", "Copyright 2020 ProQuest LLC."]
    return "\n".join(out)


#: Writers of each export layout: name -> (file suffix, articles -> bytes).
EXPORT_WRITERS = {
    "nexis": (".TXT", lambda arts: nexis_text(arts).replace("\n", "\r\n").encode("cp1252")),
    "nexis-uni": (".DOCX", lambda arts: docx_bytes(nexis_uni_lines(arts))),
    "factiva": (".txt", lambda arts: codecs.BOM_UTF8 + factiva_tagged(arts).encode()),
    "proquest": (".txt", lambda arts: proquest_text(arts).encode()),
}


def mode(path) -> str:
    """What kind of file system entry ``path`` is (for messages)."""
    st = os.lstat(path)
    return {stat.S_IFLNK: "link", stat.S_IFIFO: "fifo", stat.S_IFSOCK: "socket", stat.S_IFDIR: "dir"}.get(
        stat.S_IFMT(st.st_mode), "file")
