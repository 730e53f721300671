"""Summary benchmark: ROUGE of key points vs Lead-3 on the BBC News Summary corpus.

    python benchmarks/bench_summary.py [CORPUS] [--key-points 3]

CORPUS is laid out as articles/<category>/NNN.txt and summaries/<category>/NNN.txt
(default ../shared/corpora/bbc-summary). Prints one table of mean ROUGE-1, ROUGE-2
and ROUGE-L F1 (x100) per category and overall for: the project's key points,
Lead-3 (the first three sentences of the body) and the project's bottom line plus
key points; then the summariser's speed in articles per second on one core.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

from benchmarks import DEFAULT_CORPUS
from benchmarks.rouge import rouge
from briefgen.errors import SeedError
from briefgen.parse import parse_seed
from briefgen.summarize import summarize
from briefgen.text import split_sentences

SYSTEMS = ("key points", "Lead-3", "summary + key points")
METRICS = ("rouge1", "rouge2", "rougeL")


@dataclass(frozen=True)
class Item:
    category: str
    title: str
    paragraphs: tuple[str, ...]
    sentences: list[str]
    standfirst: str | None
    reference: str


def load(corpus: Path) -> list[Item]:
    items = []
    articles = corpus / "articles"
    for path in sorted(articles.glob("*/*.txt")):
        reference_path = corpus / "summaries" / path.relative_to(articles)
        try:
            article = parse_seed(path, articles).article
        except SeedError as exc:
            print(f"skipped {path}: {exc.message}", file=sys.stderr)
            continue
        raw = reference_path.read_bytes()
        try:
            reference = raw.decode("utf-8")
        except UnicodeDecodeError:
            reference = raw.decode("cp1252")
        sentences = [s for p in article.paragraphs for s in split_sentences(p)]
        items.append(
            Item(
                path.parent.name,
                article.title,
                article.paragraphs,
                sentences,
                article.standfirst,
                reference,
            )
        )
    return items


def systems(item: Item, key_points: int) -> dict[str, str]:
    summary = summarize(item.sentences, key_points, item.standfirst)
    return {
        "key points": " ".join(summary.key_points),
        "Lead-3": " ".join(item.sentences[:3]),
        "summary + key points": " ".join([summary.bottom_line, *summary.key_points]),
    }


def speed(items: list[Item], key_points: int) -> float:
    """Articles per CPU second: sentence splitting plus ranking, from parsed paragraphs."""
    started = time.process_time()
    for item in items:
        sentences = [s for p in item.paragraphs for s in split_sentences(p)]
        summarize(sentences, key_points, item.standfirst)
    return len(items) / (time.process_time() - started)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("corpus", nargs="?", type=Path, default=DEFAULT_CORPUS)
    parser.add_argument("--key-points", type=int, default=3)
    args = parser.parse_args(argv)
    items = load(args.corpus)
    if not items:
        sys.exit(f"no articles under {args.corpus}/articles")
    scores: dict[tuple[str, str, str], list[float]] = defaultdict(list)
    for item in items:
        for system, text in systems(item, args.key_points).items():
            for metric, score in rouge(text, item.reference).items():
                for group in (item.category, "all"):
                    scores[(group, system, metric)].append(score.f1 * 100)
    groups = [*sorted({i.category for i in items}), "all"]
    counts = {g: sum(1 for i in items if i.category == g or g == "all") for g in groups}
    print(f"{'category':<14} {'n':>5}  {'system':<21} {'R-1':>6} {'R-2':>6} {'R-L':>6}")
    for group in groups:
        for system in SYSTEMS:
            values = [statistics.fmean(scores[(group, system, m)]) for m in METRICS]
            print(
                f"{group:<14} {counts[group]:>5}  {system:<21} "
                + " ".join(f"{v:6.2f}" for v in values)
            )
    rates = [speed(items, args.key_points) for _ in range(3)]
    print(
        f"\nsummariser speed: {statistics.median(rates):,.0f} articles/s on one core "
        f"(median of 3 passes over {len(items)} articles, sentence splitting included)"
    )


if __name__ == "__main__":
    main()
