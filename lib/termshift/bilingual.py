"""A labelled synthetic bilingual corpus: the Japanese renaming, with its English coverage.

:func:`synthetic_bilingual` writes short news-like documents, mostly Japanese,
in which the older framing 敵基地攻撃能力 / "enemy base strike capability"
(family ``enemy_base`` of ``corpus/framing_terms.toml``) gives way to
反撃能力 / "counterstrike capability" (family ``counterstrike``) on a known
date, while 専守防衛 / "exclusive defense-oriented policy" (family
``exclusive_defense``) is invoked throughout. The Japanese text is what
archives hold: hard-wrapped at a fixed width (lines break inside words, terms
included), with half-width katakana (ﾐｻｲﾙ) here and there, with 自衛隊 (the
Self-Defense Forces: not a term of the ``self_defense`` family) in the filler,
and with families that share characters (敵基地攻撃能力 and 反撃能力 end alike).

Every document says what it is (its text starts with ``[SYNTHETIC]``, its
``doc_id`` with ``synthetic/``), and the truth is kept beside it: the
``planted_<family>`` columns hold the mentions written into each document,
``planted_language`` the language it was written in, ``regime`` whether it is
dated before or after the change.

:func:`write_synthetic_bilingual` writes the same documents as ``.txt`` files
in the seed format (some in CP932, as Japanese archives still are).
"""

from __future__ import annotations

import unicodedata
from pathlib import Path

import numpy as np
import pandas as pd

from .errors import ParameterError

__all__ = ["synthetic_bilingual", "write_synthetic_bilingual", "to_halfwidth", "BILINGUAL_FAMILIES"]

#: The planted families: old framing first, new framing second, then the constant one.
#: Each gives the phrases written in Japanese and in English (canonical spelling first).
BILINGUAL_FAMILIES = {
    "enemy_base": {"ja": ["敵基地攻撃能力", "敵基地攻撃"],
                   "en": ["enemy base strike capability", "enemy base strike capabilities",
                          "enemy base attack capability"]},
    "counterstrike": {"ja": ["反撃能力"],
                      "en": ["counterstrike capability", "counter-strike capability", "counterattack capability"]},
    "exclusive_defense": {"ja": ["専守防衛"],
                          "en": ["exclusive defense-oriented policy", "exclusively defense-oriented"]},
}

_FILLER_JA = (
    "防衛省は来年度予算の概算要求をまとめた。",
    "自衛隊は南西諸島での訓練を報道陣に公開した。",
    "政府は年末までに安全保障関連の三文書を改定する方針だ。",
    "与党の協議会は火曜日に会合を開き、意見を交わした。",
    "北朝鮮による弾道ミサイルの発射が相次いでいる。",
    "防衛相は記者会見で米国との連携を強調した。",
    "野党は新たなミサイル取得の費用を問題視した。",
    "世論調査では賛否が分かれている。",
    "専門家は日本の安全保障政策の転換点になると話した。",
    "首相は国会で丁寧に説明すると述べた。",
    "同盟国は共同声明で歓迎の意を表明した。",
    "トマホークの購入について米側と調整している。",
    "自衛隊の装備や人員の拡充も課題となる。",
)
_MENTION_JA = (
    "政府は{term}の保有について検討を進めている。",
    "{term}をめぐり、与野党の議論が続いた。",
    "専門家は{term}が地域の緊張を高めかねないと指摘した。",
    "党の提言は{term}について詳しく記した。",
    "首相は記者団に{term}の必要性を説明した。",
)
_FILLER_EN = (
    "Officials in Tokyo met on Tuesday to discuss the defense budget.",
    "The ministry said the review would be completed later this year.",
    "Lawmakers from the ruling coalition asked for more details.",
    "Analysts in Washington followed the debate closely.",
    "Opposition parties questioned the cost of the new missiles.",
    "The prime minister told reporters that talks would continue.",
    "Allies welcomed the announcement in a joint statement.",
    "The Self-Defense Forces held drills in the southwest islands.",
)
_MENTION_EN = (
    "The government is weighing {term} as part of its security review.",
    "Critics warned that {term} could raise tensions in the region.",
    "A party document described {term} in some detail.",
)
_LANGUAGES = ("ja", "en", "both")


def _halfwidth_table() -> dict[str, str]:
    table: dict[str, str] = {}
    for code in range(0xFF66, 0xFFA0):
        half = chr(code)
        full = unicodedata.normalize("NFKC", half)
        if len(full) == 1:
            table.setdefault(full, half)
    table["\u3099"], table["\u309a"] = "\uff9e", "\uff9f"  # voiced and semi-voiced sound marks
    return table


_HALF = _halfwidth_table()


def to_halfwidth(text: str) -> str:
    """Katakana of ``text`` in half-width forms (ﾐｻｲﾙ), as old Japanese files write them; NFKC undoes it.

    Examples
    --------
    >>> to_halfwidth("トマホークとミサイル")
    'ﾄﾏﾎｰｸとﾐｻｲﾙ'
    >>> unicodedata.normalize("NFKC", to_halfwidth("ガイドライン")) == "ガイドライン"
    True
    """
    out = []
    for ch in text:
        if "\u30a0" <= ch <= "\u30ff":
            decomposed = unicodedata.normalize("NFD", ch)
            if all(c in _HALF for c in decomposed):
                out.append("".join(_HALF[c] for c in decomposed))
                continue
        out.append(ch)
    return "".join(out)


def _wrap(paragraph: str, width: int, rng) -> str:
    """Hard-wrap a Japanese paragraph every ``width`` characters (never before a sound mark)."""
    lines, start = [], 0
    while len(paragraph) - start > width:
        stop = start + width
        while paragraph[stop] in "\uff9e\uff9f":
            stop += 1
        lines.append(paragraph[start:stop])
        start = stop
    lines.append(paragraph[start:])
    seps = [" \n" if rng.random() < 0.2 else "\n" for _ in lines[1:]]
    return lines[0] + "".join(s + line for s, line in zip(seps, lines[1:]))


def _check(n_docs, language, ja_share, wrap, halfwidth_noise, effect, mean_mentions):
    problems = []
    if isinstance(n_docs, bool) or not isinstance(n_docs, (int, np.integer)) or n_docs < 1:
        problems.append(f"n_docs={n_docs!r}: give a whole number of documents >= 1")
    if language not in _LANGUAGES:
        problems.append(f"language={language!r}: choose 'ja', 'en' or 'both'")
    for name, p in (("ja_share", ja_share), ("halfwidth_noise", halfwidth_noise)):
        if isinstance(p, bool) or not isinstance(p, (int, float)) or not 0 <= p <= 1:
            problems.append(f"{name}={p!r}: give a probability between 0 and 1")
    if wrap is not None and (isinstance(wrap, bool) or not isinstance(wrap, (int, np.integer)) or wrap < 2):
        problems.append(f"wrap={wrap!r}: give a line width of at least 2 characters, or None for no wrapping")
    if isinstance(effect, (str, bytes)) or not hasattr(effect, "__len__") or len(effect) != 2 \
            or not all(isinstance(p, (int, float)) and 0 <= p <= 1 for p in effect):
        problems.append(f"effect={effect!r}: give (p_before, p_after), probabilities between 0 and 1")
    if isinstance(mean_mentions, bool) or not isinstance(mean_mentions, (int, float)) or not 0 < mean_mentions <= 50:
        problems.append(f"mean_mentions={mean_mentions!r}: give a mean number of mentions between 0 and 50")
    if problems:
        raise ParameterError(problems)


def _document(i, n_docs, lang, after, p_new, rng, wrap, halfwidth_noise, mean_mentions, random_state):
    ids = list(BILINGUAL_FAMILIES)
    planted = dict.fromkeys(ids, 0)
    filler, mention = (_FILLER_JA, _MENTION_JA) if lang == "ja" else (_FILLER_EN, _MENTION_EN)
    k = int(rng.integers(4, 8))
    sentences = [filler[j] for j in rng.choice(len(filler), size=k, replace=False)]
    n_mentions = int(rng.poisson(mean_mentions))
    picks = [ids[int(rng.random() < p_new)] for _ in range(n_mentions)]
    if rng.random() < 0.5:
        picks.append("exclusive_defense")
    for fid in picks:
        planted[fid] += 1
        phrases = BILINGUAL_FAMILIES[fid][lang]
        phrase = phrases[int(rng.integers(len(phrases)))] if rng.random() < 0.3 else phrases[0]
        sentence = mention[int(rng.integers(len(mention)))].format(term=phrase)
        sentences.insert(int(rng.integers(len(sentences) + 1)), sentence[:1].upper() + sentence[1:])
    if lang == "ja":
        sentences = [to_halfwidth(s) if rng.random() < halfwidth_noise else s for s in sentences]
        paragraphs = ["".join(sentences[j:j + 3]) for j in range(0, len(sentences), 3)]
        if wrap is not None:
            paragraphs = [_wrap(p, int(wrap), rng) for p in paragraphs]
        header = (f"[SYNTHETIC] 合成記事 {i + 1}/{n_docs} (termshift.bilingual.synthetic_bilingual, "
                  f"random_state={random_state!r})。実在の報道ではない。")
    else:
        paragraphs = [" ".join(sentences[j:j + 3]) for j in range(0, len(sentences), 3)]
        header = (f"[SYNTHETIC] Synthetic article {i + 1} of {n_docs}, generated by "
                  f"termshift.bilingual.synthetic_bilingual (random_state={random_state!r}); not real news.")
    return "\n\n".join([header, *paragraphs]), planted


def _raw(n_docs, language, start, end, change_date, effect, ja_share, wrap, halfwidth_noise, mean_mentions,
         random_state) -> tuple[pd.DataFrame, dict]:
    from ._validation import check_random_state

    _check(n_docs, language, ja_share, wrap, halfwidth_noise, effect, mean_mentions)
    try:
        t0, t1, tc = (pd.Timestamp(x).normalize() for x in (start, end, change_date))
    except (ValueError, TypeError):
        raise ParameterError([f"start={start!r}, end={end!r}, change_date={change_date!r}: give ISO dates "
                              "'YYYY-MM-DD'"]) from None
    if not t0 < tc <= t1:
        raise ParameterError([f"change_date={change_date!r}: give a date after start={start!r} and no later than "
                              f"end={end!r}"])
    rng = check_random_state(random_state)
    dates = pd.DatetimeIndex(t0 + pd.to_timedelta(np.sort(rng.integers(0, (t1 - t0).days + 1, size=n_docs)),
                                                  unit="D"))
    share = {"ja": 1.0, "en": 0.0}.get(language, ja_share)
    rows = []
    for i in range(n_docs):
        lang = "ja" if rng.random() < share else "en"
        after = bool(dates[i] >= tc)
        text, planted = _document(i, n_docs, lang, after, effect[1] if after else effect[0], rng, wrap,
                                  halfwidth_noise, mean_mentions, random_state)
        rows.append({"doc_id": f"synthetic/{lang}/{i + 1:04d}.txt", "date": dates[i].strftime("%Y-%m-%d"),
                     "text": text, "planted_language": lang, "regime": "after" if after else "before",
                     **{f"planted_{fid}": n for fid, n in planted.items()}})
    params = {"n_docs": int(n_docs), "language": language, "start": str(t0.date()), "end": str(t1.date()),
              "change_date": str(tc.date()), "effect": [float(effect[0]), float(effect[1])],
              "ja_share": float(ja_share), "wrap": None if wrap is None else int(wrap),
              "halfwidth_noise": float(halfwidth_noise), "mean_mentions": float(mean_mentions),
              "random_state": random_state if isinstance(random_state, (int, np.integer)) else None}
    return pd.DataFrame(rows), params


def synthetic_bilingual(n_docs: int = 240, language: str = "both", start="2021-01-01", end="2023-12-31",
                        change_date="2022-06-01", effect=(0.1, 0.9), *, ja_share: float = 0.7, wrap: int | None = 24,
                        halfwidth_noise: float = 0.2, mean_mentions: float = 1.5, random_state=0) -> pd.DataFrame:
    """A seeded bilingual corpus in which 敵基地攻撃能力 gives way to 反撃能力 on ``change_date``.

    Each document is dated uniformly at random between ``start`` and
    ``end``, written in Japanese with probability ``ja_share`` (``language="both"``),
    and holds 4-7 filler sentences plus a Poisson(``mean_mentions``) number of
    mentions of the old framing (``enemy_base``) or, with probability
    ``effect[0]`` before ``change_date`` and ``effect[1]`` from it on, of the
    new one (``counterstrike``); half the documents also invoke 専守防衛
    (``exclusive_defense``). Counted with ``corpus/framing_terms.toml`` (or
    :func:`termshift.datasets.example_terms`), every family's count equals its
    ``planted_<family>`` column exactly.

    Parameters
    ----------
    n_docs : int, default=240
    language : {"both", "ja", "en"}, default="both"
    start, end, change_date : str or date
        Date range (inclusive) and the first day of the new regime.
    effect : (float, float), default=(0.1, 0.9)
        Probability that a mention uses the new framing before and after ``change_date``.
    ja_share : float, default=0.7
        Share of Japanese documents when ``language="both"``.
    wrap : int or None, default=24
        Japanese lines are hard-wrapped every ``wrap`` characters (inside words, terms included);
        20% of the breaks have a space before them. None: one line per paragraph.
    halfwidth_noise : float, default=0.2
        Probability that a Japanese sentence writes its katakana half-width (ﾐｻｲﾙ).
    mean_mentions : float, default=1.5
    random_state : int or numpy.random.Generator, default=0
        The same seed gives the same corpus.

    Returns
    -------
    pandas.DataFrame
        A corpus frame made by :func:`~termshift.from_frame` (so with the detected ``language``),
        plus ``planted_language``, ``regime`` and ``planted_<family>`` for the three families.
        The parameters are in ``df.attrs["termshift.synthetic"]``.

    Examples
    --------
    >>> df = synthetic_bilingual(n_docs=6, random_state=1)
    >>> df[["doc_id", "language", "planted_enemy_base", "planted_counterstrike"]]
                      doc_id language  planted_enemy_base  planted_counterstrike
    0  synthetic/en/0001.txt       en                   1                      0
    1  synthetic/ja/0002.txt       ja                   1                      0
    2  synthetic/ja/0003.txt       ja                   0                      2
    3  synthetic/ja/0004.txt       ja                   0                      0
    4  synthetic/en/0005.txt       en                   0                      1
    5  synthetic/en/0006.txt       en                   0                      1
    >>> print(df["text"][2].splitlines()[2])  # hard-wrapped every 24 characters
    与党の協議会は火曜日に会合を開き、意見を交わした
    """
    from .corpus import from_frame

    raw, params = _raw(n_docs, language, start, end, change_date, effect, ja_share, wrap, halfwidth_noise,
                       mean_mentions, random_state)
    corpus = from_frame(raw, id_col="doc_id", source="synthetic")
    corpus.attrs["termshift.synthetic"] = params
    return corpus


def write_synthetic_bilingual(folder, *, cp932_share: float = 0.0, **kwargs) -> Path:
    """Write :func:`synthetic_bilingual` documents as ``.txt`` articles in the seed format.

    Each document goes to ``folder/synthetic/<lang>/NNNN.txt`` as
    ``"date YYYY-MM-DD\\n<text>"``, in UTF-8, or for a share ``cp932_share``
    of the Japanese ones in CP932 (Shift_JIS as Windows writes it), which the
    loader detects and records. Returns ``folder``.

    Examples
    --------
    >>> import tempfile
    >>> from termshift import load_corpus
    >>> with tempfile.TemporaryDirectory() as tmp:
    ...     corpus = load_corpus(write_synthetic_bilingual(tmp, n_docs=6, random_state=1))
    >>> sorted(corpus["language"])
    ['en', 'en', 'en', 'ja', 'ja', 'ja']
    """
    if isinstance(cp932_share, bool) or not isinstance(cp932_share, (int, float)) or not 0 <= cp932_share <= 1:
        raise ParameterError([f"cp932_share={cp932_share!r}: give a probability between 0 and 1"])
    defaults = {"n_docs": 240, "language": "both", "start": "2021-01-01", "end": "2023-12-31",
                "change_date": "2022-06-01", "effect": (0.1, 0.9), "ja_share": 0.7, "wrap": 24,
                "halfwidth_noise": 0.2, "mean_mentions": 1.5, "random_state": 0}
    unknown = sorted(set(kwargs) - set(defaults))
    if unknown:
        raise ParameterError([f"write_synthetic_bilingual: unknown argument {k!r}; see synthetic_bilingual"
                              for k in unknown])
    raw, _ = _raw(**{**defaults, **kwargs})
    seed = kwargs.get("random_state", 0)
    rng = np.random.default_rng(seed if isinstance(seed, (int, np.integer)) else 0)
    folder = Path(folder)
    for doc_id, date, text, lang in zip(raw["doc_id"], raw["date"], raw["text"], raw["planted_language"]):
        path = folder / doc_id
        path.parent.mkdir(parents=True, exist_ok=True)
        encoding = "cp932" if lang == "ja" and rng.random() < cp932_share else "utf-8"
        path.write_bytes(f"date {date}\n{text}\n".encode(encoding))
    return folder
