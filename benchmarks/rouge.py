"""ROUGE-1, ROUGE-2 and ROUGE-L F1, as rouge-score computes them without stemming.

Tokens are lowercase ASCII alphanumeric runs (everything else separates), the
tokenizer rouge-score uses; ROUGE-N counts clipped n-gram overlaps; ROUGE-L is
the longest common subsequence over the whole token sequences (rouge-score's
"rougeL", not the per-sentence "rougeLsum").
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

_TOKEN = re.compile(r"[a-z0-9]+")


@dataclass(frozen=True)
class Score:
    precision: float
    recall: float
    f1: float


def tokenize(text: str) -> list[str]:
    return _TOKEN.findall(text.lower())


def _f1(overlap: int, predicted: int, reference: int) -> Score:
    precision = overlap / predicted if predicted else 0.0
    recall = overlap / reference if reference else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return Score(precision, recall, f1)


def rouge_n(predicted: list[str], reference: list[str], n: int) -> Score:
    ngrams = lambda tokens: Counter(zip(*(tokens[i:] for i in range(n)), strict=False))  # noqa: E731
    p, r = ngrams(predicted), ngrams(reference)
    overlap = sum((p & r).values())
    return _f1(overlap, sum(p.values()), sum(r.values()))


def lcs_length(a: list[str], b: list[str]) -> int:
    """Length of the longest common subsequence, O(len(a) * len(b)) time, O(len(b)) space."""
    if len(a) < len(b):
        a, b = b, a
    previous = [0] * (len(b) + 1)
    for x in a:
        current = [0]
        for j, y in enumerate(b, 1):
            current.append(previous[j - 1] + 1 if x == y else max(previous[j], current[j - 1]))
        previous = current
    return previous[-1]


def rouge_l(predicted: list[str], reference: list[str]) -> Score:
    return _f1(lcs_length(predicted, reference), len(predicted), len(reference))


def rouge(predicted: str, reference: str) -> dict[str, Score]:
    p, r = tokenize(predicted), tokenize(reference)
    return {"rouge1": rouge_n(p, r, 1), "rouge2": rouge_n(p, r, 2), "rougeL": rouge_l(p, r)}
