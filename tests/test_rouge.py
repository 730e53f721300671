"""The benchmark's ROUGE implementation, against hand-computed values."""

from __future__ import annotations

import pytest

from benchmarks.rouge import lcs_length, rouge, tokenize


def test_tokenizer_lowercases_and_splits_glued_sentences() -> None:
    assert tokenize("Profits hit $10.9bn.For the year") == [
        "profits",
        "hit",
        "10",
        "9bn",
        "for",
        "the",
        "year",
    ]


def test_identical_texts_score_one() -> None:
    scores = rouge("The cat sat on the mat.", "the cat sat on the mat")
    assert all(s.f1 == pytest.approx(1.0) for s in scores.values())


def test_disjoint_texts_score_zero() -> None:
    scores = rouge("alpha beta", "gamma delta")
    assert all(s.f1 == 0.0 for s in scores.values())


def test_known_values() -> None:
    # predicted: the cat was found under the bed (7 tokens)
    # reference: the cat was under the bed (6 tokens)
    scores = rouge("the cat was found under the bed", "the cat was under the bed")
    # unigrams: all 6 reference tokens matched (clipped): P=6/7, R=6/6
    assert scores["rouge1"].precision == pytest.approx(6 / 7)
    assert scores["rouge1"].recall == pytest.approx(1.0)
    # bigrams: the-cat, cat-was, under-the, the-bed match: P=4/6, R=4/5
    assert scores["rouge2"].f1 == pytest.approx(2 * (4 / 6) * (4 / 5) / (4 / 6 + 4 / 5))
    # LCS = 6
    assert scores["rougeL"].recall == pytest.approx(1.0)


def test_clipped_counts() -> None:
    scores = rouge("the the the the", "the cat")
    assert scores["rouge1"].precision == pytest.approx(1 / 4)
    assert scores["rouge1"].recall == pytest.approx(1 / 2)


def test_lcs() -> None:
    assert lcs_length(list("ABCBDAB"), list("BDCABA")) == 4
    assert lcs_length([], ["a"]) == 0
