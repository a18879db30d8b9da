"""Benchmark: Japanese morphological analysers for termshift's tokens, and Japanese throughput.

Run on demand (``.venv/bin/python benchmarks/bench_japanese.py``); never part of
the test suite. On Japanese news-like text (the synthetic bilingual corpus's
Japanese documents, :func:`termshift.bilingual.synthetic_bilingual`, joined;
about 1 MB unless ``--mb`` says otherwise), it measures on one core:

* SudachiPy + sudachidict-core (modes A and C) and fugashi (MeCab) +
  UniDic-lite, each called as termshift would call it (pieces of about 2,000
  characters cut at a line end or 。): MB/s of UTF-8 text and tokens per
  character;
* fit: how each segments sentences with the case's terms (反撃能力, 敵基地攻撃能力,
  専守防衛, 抑止力, 自衛隊, 集団的自衛権, half-width katakana);
* the analyser's cost per call: MeCab on each document alone vs on 20
  documents joined by line breaks in one call (batching would only pay if
  the per-call cost mattered; it does not, so termshift calls it per document
  and totals stay exactly those of each document alone);
* termshift's own token totals (``termshift.tokens.count_tokens``: joining of
  hard-wrapped lines, NFKC, the analyser, punctuation removed), uncached and
  cached, per document of the corpus (the mean document length is printed),
  and ``tokenize(normalize=True)`` (UniDic lemmas, the TF-IDF/keyness option);
* term counting (``Matcher.count``, which never segments).

Times are CPU seconds of this process (``time.process_time``, best of five):
MB/s *per core*, not disturbed by other jobs sharing the machine.

Prints a Markdown table and writes ``benchmarks/results_japanese.json``.
"""

from __future__ import annotations

import argparse
import json
import platform
import time
from importlib.metadata import version
from pathlib import Path

SENTENCES = [
    "政府は反撃能力の保有を決めた。",
    "敵基地攻撃能力と専守防衛の関係が問われた。",
    "抑止力を高めるため、自衛隊の装備を拡充する。",
    "集団的自衛権の行使を限定的に容認した。",
    "ﾄﾏﾎｰｸの購入について米側と調整している。",
]


def japanese_text(mb: float) -> str:
    from termshift.bilingual import synthetic_bilingual

    docs, seed = [], 0
    size = 0
    while size < mb * 1e6:
        df = synthetic_bilingual(n_docs=400, language="ja", wrap=None, random_state=seed)
        for t in df["text"]:
            docs.append(t)
            size += len(t.encode())
        seed += 1
    return "\n".join(docs)


def pieces(text: str, size: int = 2000):
    a = 0
    while a < len(text):
        b = min(len(text), a + size)
        if b < len(text):
            cut = max(text.rfind("\n", a, b), text.rfind("。", a, b))
            if cut > a:
                b = cut + 1
        yield text[a:b]
        a = b


def best_of(fn, repeat=5):
    times, result = [], None
    for _ in range(repeat):
        t0 = time.process_time()
        result = fn()
        times.append(time.process_time() - t0)
    return min(times), result


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--mb", type=float, default=1.0, help="MB of Japanese text (default: 1)")
    ap.add_argument("--out", type=Path, default=Path(__file__).with_name("results_japanese.json"))
    args = ap.parse_args(argv)

    import fugashi
    from sudachipy import Dictionary, SplitMode

    text = japanese_text(args.mb)
    mb = len(text.encode()) / 1e6
    chars = len(text)
    parts = list(pieces(text))
    sudachi = Dictionary(dict="core").create()
    mecab = fugashi.Tagger("-Owakati")
    rows, fit = [], {}

    def run_sudachi(mode):
        return sum(len(sudachi.tokenize(p, mode)) for p in parts)

    def run_mecab():
        return sum(len(mecab.parse(p).split()) for p in parts)

    for name, fn in (("SudachiPy + sudachidict-core, mode C", lambda: run_sudachi(SplitMode.C)),
                     ("SudachiPy + sudachidict-core, mode A", lambda: run_sudachi(SplitMode.A)),
                     ("fugashi (MeCab) + unidic-lite", run_mecab)):
        s, n = best_of(fn)
        rows.append({"method": name, "MB": round(mb, 2), "s": round(s, 3), "MB/s": round(mb / s, 2),
                     "tokens per character": round(n / chars, 3)})
    for sentence in SENTENCES:
        fit[sentence] = {
            "sudachi C": [m.surface() for m in sudachi.tokenize(sentence, SplitMode.C)],
            "sudachi A": [m.surface() for m in sudachi.tokenize(sentence, SplitMode.A)],
            "fugashi unidic-lite": mecab.parse(sentence).split(),
        }

    from termshift.matching import Matcher
    from termshift.paths import TERMS_FILE
    from termshift.terms import load_terms
    from termshift.tokens import clear_token_cache, count_tokens, tokenize

    docs = text.split("\n[SYNTHETIC]")
    doc_chars = round(sum(map(len, docs)) / len(docs))
    per_doc = [d.replace("\n", "") for d in docs]  # no line breaks inside: a joined batch splits only at its joins
    batches = ["\n".join(per_doc[i:i + 20]) for i in range(0, len(per_doc), 20)]
    for name, fn in ((f"fugashi (MeCab) + unidic-lite, one call per document (~{doc_chars} characters)",
                      lambda: sum(len(mecab.parse(d).split()) for d in per_doc)),
                     ("fugashi (MeCab) + unidic-lite, 20 documents per call (joined by line breaks)",
                      lambda: sum(len(mecab.parse(b).split()) for b in batches))):
        s, n = best_of(fn)
        rows.append({"method": name, "MB": round(mb, 2), "s": round(s, 3), "MB/s": round(mb / s, 2),
                     "tokens per character": round(n / chars, 3)})

    def totals():
        clear_token_cache()
        return sum(count_tokens(d, "ja") for d in docs)

    s, n = best_of(totals)
    rows.append({"method": "termshift count_tokens (uncached: join lines, NFKC, analyser)", "MB": round(mb, 2),
                 "s": round(s, 3), "MB/s": round(mb / s, 2), "tokens per character": round(n / chars, 3)})
    s, n = best_of(lambda: sum(count_tokens(d, "ja") for d in docs))
    rows.append({"method": "termshift count_tokens (cached)", "MB": round(mb, 2), "s": round(s, 4),
                 "MB/s": round(mb / s, 1), "tokens per character": round(n / chars, 3)})
    s, n = best_of(lambda: sum(len(tokenize(d, "ja", normalize=True)) for d in docs))
    rows.append({"method": "termshift tokenize(normalize=True) (UniDic lemmas, TF-IDF/keyness option)",
                 "MB": round(mb, 2), "s": round(s, 3), "MB/s": round(mb / s, 2),
                 "tokens per character": round(n / chars, 3)})
    matcher = Matcher(load_terms(TERMS_FILE))

    def matches():
        return matcher.count(text)

    s, _ = best_of(matches)
    rows.append({"method": "termshift Matcher.count (terms only, no segmentation)", "MB": round(mb, 2),
                 "s": round(s, 3), "MB/s": round(mb / s, 1), "tokens per character": None})

    versions = {p: version(p) for p in ("sudachipy", "sudachidict-core", "fugashi", "unidic-lite")}
    result = {"machine": platform.platform(), "python": platform.python_version(), "versions": versions,
              "timer": "process_time (CPU seconds, one core)", "document_chars": doc_chars, "rows": rows,
              "fit": fit}
    args.out.write_text(json.dumps(result, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    print(f"{mb:.2f} MB of Japanese text ({chars} characters, {len(docs)} documents of ~{doc_chars} characters), "
          f"CPU time of one core; {versions}\n")
    print("| method | MB | s | MB/s | tokens per character |\n|---|---:|---:|---:|---:|")
    for r in rows:
        print(f"| {r['method']} | {r['MB']} | {r['s']} | {r['MB/s']} | {r['tokens per character'] or ''} |")
    print()
    for sentence, seg in fit.items():
        print(sentence)
        for k, v in seg.items():
            print(f"  {k}: {' / '.join(v)}")


if __name__ == "__main__":
    main()
