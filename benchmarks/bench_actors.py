"""Actor and place extraction benchmark against hand-made gold files.

    python -m benchmarks.bench_actors [GOLD_DIR]

GOLD_DIR (default benchmarks/actors) holds articles/<id>.txt, gold/<id>.toml
(entities: name, kind = person | organisation | place, mentions) and, optionally,
registry.toml. Prints precision, recall and F1 of people, organisations and
places with an empty registry (discovery alone), the same with the registry, and
alias resolution: the share of (article, surface form) pairs the registry run
assigns to the right canonical actor. benchmarks/actors-heldout was labelled
after the rules were written, then its errors were looked at once;
benchmarks/actors-unseen (16 articles) was labelled later and its errors were
never used to change the rules: it is the honest measure on unseen text.
"""

from __future__ import annotations

import argparse
import sys
import tomllib
from dataclasses import dataclass
from pathlib import Path

from briefgen.actors import ActorRegistry, load_registry
from briefgen.briefing import Analyser, Briefing
from briefgen.parse import parse_seed
from briefgen.places import Gazetteer, load_gazetteer

HERE = Path(__file__).resolve().parent
KINDS = ("person", "organisation", "place")


@dataclass(frozen=True)
class GoldEntity:
    name: str
    kind: str
    mentions: frozenset[str]  # casefolded surface forms, name included


@dataclass
class Tally:
    predicted: int = 0
    correct_predicted: int = 0
    gold: int = 0
    found_gold: int = 0

    def add(self, other: Tally) -> None:
        self.predicted += other.predicted
        self.correct_predicted += other.correct_predicted
        self.gold += other.gold
        self.found_gold += other.found_gold

    @property
    def precision(self) -> float:
        return self.correct_predicted / self.predicted if self.predicted else 0.0

    @property
    def recall(self) -> float:
        return self.found_gold / self.gold if self.gold else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


def load_gold(path: Path) -> list[GoldEntity]:
    data = tomllib.loads(path.read_text(encoding="utf-8"))
    return [
        GoldEntity(
            e["name"],
            e["kind"],
            frozenset(comparable(m) for m in [e["name"], *e.get("mentions", [])]),
        )
        for e in data.get("entity", [])
    ]


def comparable(surface: str) -> str:
    """How surface forms are compared: case and a leading "the" do not count
    ("The Times" is the "Times" of "the Times newspaper")."""
    form = surface.casefold()
    return form[4:] if form.startswith("the ") else form


def predicted_entities(
    briefing: Briefing, gazetteer: Gazetteer, registry: ActorRegistry
) -> list[tuple[str, str, frozenset[str]]]:
    """(name, kind, casefolded surface forms) the tool reports for one article."""
    result = []
    for actor in briefing.actors:
        if actor.type == "state":
            continue  # states are scored as places
        kind = "person" if actor.type == "person" else "organisation"
        surfaces = frozenset(comparable(s) for s in (actor.name, *actor.aliases_seen))
        result.append((actor.name, kind, surfaces))
    for place in briefing.places:
        names = {place, *(a for a in _place_aliases(gazetteer, place))}
        result.append((place, "place", frozenset(comparable(n) for n in names)))
    return result


def _place_aliases(gazetteer: Gazetteer, place: str) -> list[str]:
    known = gazetteer.places.get(place)
    return list(known.aliases) if known else []


def score(
    predicted: list[tuple[str, str, frozenset[str]]], gold: list[GoldEntity]
) -> dict[str, Tally]:
    tallies = {kind: Tally() for kind in KINDS}
    for kind in KINDS:
        gold_kind = [g for g in gold if g.kind == kind]
        pred_kind = [p for p in predicted if p[1] == kind]
        tallies[kind].predicted = len(pred_kind)
        tallies[kind].gold = len(gold_kind)
        tallies[kind].correct_predicted = sum(
            1 for _, _, forms in pred_kind if any(forms & g.mentions for g in gold_kind)
        )
        tallies[kind].found_gold = sum(
            1 for g in gold_kind if any(forms & g.mentions for _, _, forms in pred_kind)
        )
    return tallies


def alias_resolution(briefing: Briefing, gold: list[GoldEntity]) -> tuple[int, int]:
    """(right, total) over the registry actors' surface forms in one article."""
    right = total = 0
    for actor in briefing.actors:
        if not actor.registered:
            continue
        for surface in actor.aliases_seen:
            owners = [g.name for g in gold if comparable(surface) in g.mentions]
            total += 1
            right += actor.name in owners
    return right, total


def run(directory: Path, registry: ActorRegistry) -> tuple[dict[str, Tally], tuple[int, int]]:
    gazetteer = load_gazetteer()
    analyser = Analyser.build(registry, gazetteer)
    totals = {kind: Tally() for kind in KINDS}
    resolved = [0, 0]
    for path in sorted((directory / "articles").glob("*.txt")):
        gold_path = directory / "gold" / (path.stem + ".toml")
        if not gold_path.is_file():
            print(f"no gold file for {path.name}", file=sys.stderr)
            continue
        gold = load_gold(gold_path)
        briefing = analyser.analyse(parse_seed(path, path.parent).article)
        for kind, tally in score(predicted_entities(briefing, gazetteer, registry), gold).items():
            totals[kind].add(tally)
        right, total = alias_resolution(briefing, gold)
        resolved[0] += right
        resolved[1] += total
    return totals, (resolved[0], resolved[1])


def print_table(label: str, totals: dict[str, Tally]) -> None:
    people_orgs = Tally()
    people_orgs.add(totals["person"])
    people_orgs.add(totals["organisation"])
    for kind, tally in [*totals.items(), ("people+orgs", people_orgs)]:
        print(
            f"{label:<16} {kind:<13} {tally.predicted:>5} {tally.gold:>5} "
            f"{tally.precision:9.3f} {tally.recall:7.3f} {tally.f1:6.3f}"
        )


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("directory", nargs="?", type=Path, default=HERE / "actors")
    args = parser.parse_args(argv)
    articles = sorted((args.directory / "articles").glob("*.txt"))
    if not articles:
        sys.exit(f"no articles under {args.directory}/articles")
    print(f"{len(articles)} articles in {args.directory}\n")
    print(
        f"{'registry':<16} {'kind':<13} {'pred':>5} {'gold':>5} {'precision':>9} "
        f"{'recall':>7} {'F1':>6}"
    )
    empty, _ = run(args.directory, ActorRegistry())
    print_table("empty", empty)
    registry_file = args.directory / "registry.toml"
    if not registry_file.is_file():
        print("\n(no registry.toml: alias resolution not measured)")
        return
    registry = load_registry(registry_file)
    with_registry, (right, total) = run(args.directory, registry)
    print_table(f"{len(registry.actors)} actors", with_registry)
    share = right / total if total else 0.0
    print(
        f"\nalias resolution with the registry: {right}/{total} surface forms "
        f"to the right actor = {share:.3f}"
    )


if __name__ == "__main__":
    main()
