"""Benchmarks: build speed, preview latency, summary quality, actor extraction."""

from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
# The BBC News Summary corpus, beside the repository (see README: Benchmarks).
DEFAULT_CORPUS = REPO.parent / "shared" / "corpora" / "bbc-summary"
