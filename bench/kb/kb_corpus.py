#!/usr/bin/env python3
"""Writes the 100,000-passage corpus of bench/kb/kb-100k.sh: real sentences from the PDFs of ../shared/corpora,
recombined so that every passage is distinct.

Usage: bench/kb/kb_corpus.py CORPORA OUT_FOLDER [PASSAGES=100000] [PER_FILE=100]

Each passage is one real sentence of 12-30 words, or, once the distinct sentences are used up, two of them
joined (seeded, so the corpus is the same on every run). Passages are paragraphs (blank-line separated) of
text files holding PER_FILE passages each; with `chunkTokens` 64 and `chunkOverlap` 0 the chunker keeps
almost every passage as its own chunk. Nothing is copied from CORPORA into the repository: the output goes
to OUT_FOLDER (bench/out/, git-ignored).
"""
import pathlib
import random
import re
import subprocess
import sys


def sentences(corpora: pathlib.Path) -> list[str]:
    found: dict[str, None] = {}
    for pdf in sorted(corpora.glob("pdf/*.pdf")):
        try:
            text = subprocess.run(["pdftotext", "-enc", "UTF-8", str(pdf), "-"], capture_output=True, timeout=120,
                                  check=True).stdout.decode("utf-8", "replace")
        except (subprocess.SubprocessError, OSError):
            continue
        text = re.sub(r"-\n(?=[a-z])", "", text)  # rejoin hyphenated line breaks
        text = re.sub(r"\s+", " ", text)
        for sentence in re.split(r"(?<=[.!?])\s+(?=[A-Z])", text):
            words = sentence.split()
            letters = sum(c.isalpha() for c in sentence)
            if 12 <= len(words) <= 30 and letters > 0.6 * len(sentence):
                found[" ".join(words)] = None
    return list(found)


def main() -> None:
    if len(sys.argv) < 3:
        sys.exit(__doc__)
    corpora, out = pathlib.Path(sys.argv[1]), pathlib.Path(sys.argv[2])
    count = int(sys.argv[3]) if len(sys.argv) > 3 else 100_000
    per_file = int(sys.argv[4]) if len(sys.argv) > 4 else 100
    pool = sentences(corpora)
    if len(pool) < 100:
        sys.exit(f"kb_corpus.py: only {len(pool)} usable sentences under {corpora}/pdf")
    rng = random.Random(20261129)
    passages: list[str] = pool[:count]
    seen = set(passages)
    while len(passages) < count:
        a, b = rng.sample(pool, 2)
        if len((a + " " + b).split()) > 40:
            continue
        joined = a + " " + b
        if joined not in seen:
            seen.add(joined)
            passages.append(joined)
    out.mkdir(parents=True, exist_ok=True)
    for number, start in enumerate(range(0, count, per_file)):
        (out / f"passages-{number:05d}.txt").write_text("\n\n".join(passages[start:start + per_file]) + "\n", encoding="utf-8")
    print(f"kb_corpus.py: {len(pool)} distinct sentences -> {count} passages in {(count + per_file - 1) // per_file} files under {out}",
          file=sys.stderr)


if __name__ == "__main__":
    main()
