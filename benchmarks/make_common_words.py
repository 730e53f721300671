"""Regenerate briefgen/data/common_words.txt: words news writes in lower case.

    python -m benchmarks.make_common_words [CORPUS]

Counts, over the sport, entertainment and tech articles of the BBC News Summary
corpus (CC0; not the politics and business articles the actor benchmark uses),
how often each word is written in lower case and how often capitalised in mid
sentence. A word written in lower case at least 5 times, and more often than
capitalised, is a common word: discovery does not take it alone for a name.
"""

from __future__ import annotations

import re
import sys
from collections import Counter
from pathlib import Path

from benchmarks import DEFAULT_CORPUS, REPO
from briefgen.text import paragraphs, split_sentences

CATEGORIES = ("sport", "entertainment", "tech")


def main() -> None:
    corpus = Path(sys.argv[1]) if len(sys.argv) > 1 else DEFAULT_CORPUS
    lower: Counter[str] = Counter()
    capital: Counter[str] = Counter()
    for category in CATEGORIES:
        for path in sorted((corpus / "articles" / category).glob("*.txt")):
            text = path.read_bytes().decode("utf-8", "replace").split("\n", 1)[-1]
            for sentence in (s for p in paragraphs(text) for s in split_sentences(p)):
                for index, word in enumerate(re.findall(r"[A-Za-z][a-z'-]+", sentence)):
                    if word[0].islower():
                        lower[word] += 1
                    elif index > 0:
                        capital[word.lower()] += 1
    common = sorted(w for w, n in lower.items() if n >= 5 and n > capital[w])
    target = REPO / "briefgen" / "data" / "common_words.txt"
    target.write_text("\n".join(common) + "\n", encoding="utf-8")
    print(f"wrote {len(common)} words to {target.relative_to(REPO)}")


if __name__ == "__main__":
    main()
