"""Generate benchmarks/registry-500.toml: an actor registry of 500 actors.

    python -m benchmarks.make_registry [--corpus DIR] [--sample 1000] [--size 500]

Starts from the repository's seeds/actors.toml (copied as written), then adds
the actors briefgen itself discovers most often in a deterministic sample of
the BBC corpus (evenly spaced articles in path order), ranked by mentions over
the sample, until the registry holds --size actors. Each added actor gets the
type it was most often given and, as aliases, the surface forms it was seen
under that differ from its name and share a word or its initials with it. A
name or alias names one actor only (case-insensitively), as load_registry
demands: a discovered name that clashes with a name or alias already taken is
skipped, and a surface form seen under several actors goes to the one it was
seen under most. The build benchmark
copies the file into each project's seeds/actors.toml.
"""

from __future__ import annotations

import argparse
import re
import sys
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from benchmarks import DEFAULT_CORPUS, REPO
from briefgen.actors import ActorRegistry, load_registry
from briefgen.config import Config
from briefgen.parse import parse_seed
from briefgen.pool import make_analyser
from briefgen.text import slugify

REGISTRY = REPO / "benchmarks" / "registry-500.toml"
BASE = REPO / "seeds" / "actors.toml"


@dataclass
class Tally:
    """What the sample says about one discovered actor."""

    mentions: int = 0
    articles: int = 0
    types: Counter[str] = field(default_factory=Counter)
    surfaces: Counter[str] = field(default_factory=Counter)


def sample(corpus: Path, count: int) -> list[Path]:
    """`count` articles evenly spaced through the corpus in path order."""
    articles = sorted((corpus / "articles").glob("*/*.txt"))
    if not articles:
        sys.exit(f"no articles under {corpus}/articles (pass --corpus)")
    count = min(count, len(articles))
    return [articles[index * len(articles) // count] for index in range(count)]


def tally(articles: list[Path], registry: ActorRegistry) -> dict[str, Tally]:
    """Discovered (unregistered) actors of the articles, with briefgen's analysis."""
    analyser = make_analyser(Config(root=REPO), registry)
    tallies: dict[str, Tally] = {}
    for path in articles:
        briefing = analyser.analyse(parse_seed(path, path.parent).article)
        for actor in briefing.actors:
            if actor.registered:
                continue
            entry = tallies.setdefault(actor.name, Tally())
            entry.mentions += actor.mentions
            entry.articles += 1
            entry.types[actor.type] += 1
            entry.surfaces.update(actor.aliases_seen)
    return tallies


def taken_phrases(registry: ActorRegistry) -> set[str]:
    return {p.casefold() for a in registry.actors for p in (a.name, *a.aliases)}


def choose(tallies: dict[str, Tally], registry: ActorRegistry, wanted: int) -> list[str]:
    """The most mentioned discovered names that clash with no name, alias or slug."""
    taken = taken_phrases(registry)
    slugs = {a.slug for a in registry.actors}
    ranked = sorted(tallies, key=lambda n: (-tallies[n].mentions, -tallies[n].articles, n))
    chosen: list[str] = []
    for name in ranked:
        if len(chosen) == wanted:
            break
        slug = slugify(name)
        if name.casefold() in taken or not slug or slug in slugs:
            continue
        taken.add(name.casefold())
        slugs.add(slug)
        chosen.append(name)
    if len(chosen) < wanted:
        sys.exit(f"only {len(chosen)} usable discovered actors; raise --sample")
    return chosen


def aliases(
    chosen: list[str], tallies: dict[str, Tally], registry: ActorRegistry
) -> dict[str, list[str]]:
    """Each surface form, not already a name or alias, for the one actor seen with it most."""
    taken = taken_phrases(registry) | {n.casefold() for n in chosen}
    best: dict[str, tuple[int, str, str]] = {}  # casefolded surface -> (-count, owner, surface)
    for name in chosen:
        for surface, count in tallies[name].surfaces.items():
            key = surface.casefold()
            if key not in taken and surface.strip() == surface and names_same(name, surface):
                best[key] = min(best.get(key, (0, "~", "")), (-count, name, surface))
    result: dict[str, list[str]] = {name: [] for name in chosen}
    for _, owner, surface in sorted(best.values(), key=lambda b: (b[1], b[0], b[2])):
        result[owner].append(surface)
    return result


def names_same(name: str, surface: str) -> bool:
    """Whether `surface` can be a form of `name`: a word in common ("Mr Blunkett",
    "Cell" for "Cells") or its initials ("IMF", "BoE"); discovery sometimes
    merges two names ("Boris Johnson" under "David Blunkett"), which must not
    become aliases."""
    words = {w.casefold().removesuffix("s") for w in re.findall(r"[\w'’-]+", name)}
    seen = {w.casefold().removesuffix("s") for w in re.findall(r"[\w'’-]+", surface)}
    initials = "".join(w[0] for w in name.split() if w[:1].isupper())
    capitals = "".join(c for c in surface if c.isupper())
    return bool(words & seen) or (len(initials) > 1 and capitals == initials)


def toml_string(text: str) -> str:
    """A TOML basic string."""
    out = []
    for char in text:
        if char in '"\\':
            out.append("\\" + char)
        elif ord(char) < 0x20 or ord(char) == 0x7F:
            out.append(f"\\u{ord(char):04X}")
        else:
            out.append(char)
    return '"' + "".join(out) + '"'


def actor_table(name: str, entry: Tally, names: list[str], sampled: int) -> str:
    kind = entry.types.most_common(1)[0][0]
    listed = ", ".join(toml_string(a) for a in names)
    return (
        f"[[actor]]\nname = {toml_string(name)}\ntype = {toml_string(kind)}\n"
        f"aliases = [{listed}]\n"
        f'description = "Named {entry.mentions} times in {entry.articles} of '
        f'{sampled} sampled BBC News articles."\n'
    )


def generate(corpus: Path, count: int, size: int) -> str:
    base = load_registry(BASE)
    articles = sample(corpus, count)
    tallies = tally(articles, base)
    chosen = choose(tallies, base, size - len(base.actors))
    owned = aliases(chosen, tallies, base)
    tables = [actor_table(n, tallies[n], owned[n], len(articles)) for n in chosen]
    header = (
        f"# Generated by `python -m benchmarks.make_registry`: the {len(base.actors)} actors of\n"
        f"# seeds/actors.toml, then the {len(chosen)} actors briefgen discovers most often in\n"
        f"# {len(articles)} articles of the BBC News Summary corpus. Do not edit by hand.\n\n"
    )
    return header + BASE.read_text(encoding="utf-8").rstrip() + "\n\n" + "\n".join(tables)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    parser.add_argument("--sample", type=int, default=1000, help="articles to analyse")
    parser.add_argument("--size", type=int, default=500, help="actors in the registry")
    parser.add_argument("--output", type=Path, default=REGISTRY)
    args = parser.parse_args()
    args.output.write_text(generate(args.corpus, args.sample, args.size), encoding="utf-8")
    registry = load_registry(args.output)  # raises Abort if briefgen would reject it
    if len(registry.actors) != args.size:
        sys.exit(f"{args.output} has {len(registry.actors)} actors, not {args.size}")
    print(f"wrote {args.output}: {len(registry.actors)} actors")


if __name__ == "__main__":
    main()
