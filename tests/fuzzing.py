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


def make_folder(root, n: int, seed: int = 0, *, special: bool = True, deep: int = 40) -> Folder:
    """Write ``n`` entries under ``root`` (created); return the bookkeeping."""
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
        if r < 0.72:  # a regular article-like file
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
    """Skipped table rows (not files), which are listed in ``skipped`` but are not entries."""
    return sum(1 for s in report.skipped if " row " in str(s[0] if isinstance(s, (tuple, list)) else s))


def mode(path) -> str:
    """What kind of file system entry ``path`` is (for messages)."""
    st = os.lstat(path)
    return {stat.S_IFLNK: "link", stat.S_IFIFO: "fifo", stat.S_IFSOCK: "socket", stat.S_IFDIR: "dir"}.get(
        stat.S_IFMT(st.st_mode), "file")
