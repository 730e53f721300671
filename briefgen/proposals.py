"""Discovered-but-unregistered actors across all briefings, and adding them to
actors.toml for the analyst to edit (`briefgen actors`)."""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from briefgen.briefing import Briefing
from briefgen.errors import Abort


@dataclass
class Proposal:
    name: str
    types: Counter[str] = field(default_factory=Counter)
    mentions: int = 0
    aliases: Counter[str] = field(default_factory=Counter)
    briefings: list[str] = field(default_factory=list)
    examples: list[str] = field(default_factory=list)

    @property
    def type(self) -> str:
        return self.types.most_common(1)[0][0]


def proposals(briefings: Iterable[Briefing]) -> list[Proposal]:
    """Unregistered actors, most mentioned first."""
    found: dict[str, Proposal] = {}
    for briefing in briefings:
        for actor in briefing.actors:
            if actor.registered:
                continue
            proposal = found.setdefault(actor.name, Proposal(actor.name))
            proposal.types[actor.type] += actor.mentions
            proposal.mentions += actor.mentions
            proposal.aliases.update(actor.aliases_seen)
            proposal.briefings.append(briefing.slug)
            if len(proposal.examples) < 2:
                proposal.examples.append(actor.sentence)
    return sorted(found.values(), key=lambda p: (-p.mentions, -len(p.briefings), p.name))


def format_table(items: list[Proposal], limit: int) -> str:
    lines = []
    for p in items[:limit] if limit else items:
        lines.append(
            f"{p.name}  [{p.type}]  {p.mentions} mentions in {len(p.briefings)} "
            f"briefing(s): {', '.join(p.briefings[:5])}"
        )
        for example in p.examples:
            lines.append(f"    “{example}”")
    return "\n".join(lines)


def toml_entry(proposal: Proposal) -> str:
    """A ready [[actor]] table; strings as JSON, which TOML basic strings accept."""
    aliases = [a for a, _ in proposal.aliases.most_common() if a != proposal.name]
    return (
        "\n[[actor]]\n"
        f"name = {json.dumps(proposal.name, ensure_ascii=False)}\n"
        f"type = {json.dumps(proposal.type)}\n"
        f"aliases = {json.dumps(aliases, ensure_ascii=False)}\n"
        'description = ""  # added by `briefgen actors --add`: describe, check type and aliases\n'
    )


def add_to_registry(path: Path, items: list[Proposal], names: list[str]) -> list[Proposal]:
    """Append the named proposals to actors.toml; Abort naming any unknown name."""
    by_name = {p.name.casefold(): p for p in items}
    missing = [n for n in names if n.casefold() not in by_name]
    if missing:
        raise Abort(
            f"not among the discovered actors: {', '.join(missing)} "
            "(run `briefgen actors` to list them, or add them to actors.toml by hand)"
        )
    chosen = [by_name[n.casefold()] for n in names]
    text = path.read_text(encoding="utf-8") if path.exists() else ""
    if text and not text.endswith("\n"):
        text += "\n"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text + "".join(toml_entry(p) for p in chosen), encoding="utf-8")
    return chosen
