"""Discover actors the registry lacks: names of people and organisations in the text.

Rule based and offline: runs of capitalised words, acronyms defined in
parentheses, "also known as" names, names after titles and roles. Each gets a
type from cues (titles and roles -> person; "Party", "Ministry", "Bank",
"militia", "Journal" ... -> the matching ACLED type). The registry is the
authority: discovery only proposes.
"""

from __future__ import annotations

import bisect
import re
from collections import Counter
from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass, field
from typing import Final

from briefgen.actors import without_credits
from briefgen.lexicon import common_words, given_names
from briefgen.places import Gazetteer
from briefgen.text import ascii_pieces, ascii_separators, word_starts

TITLES: Final = frozenset(
    """mr mrs ms miss dr sir attorney solicitor guardsman corporal trooper private
    dame lord lady baroness baron president premier chancellor
    minister secretary senator sen governor gov general gen colonel col lieutenant
    captain capt major sergeant admiral commander king queen prince princess pope
    sheikh sheik ayatollah imam rabbi bishop archbishop cardinal judge justice mayor
    professor prof mp mep ambassador envoy chairman chairwoman spokesman spokeswoman
    deputy vice prime foreign home defence defense interior finance trade shadow
    commissioner director inspector superintendent detective constable officer
    under-secretary undersecretary""".split()
)
# Words that, right before a name, say it is a person's.
ROLES: Final = frozenset(
    """leader spokesman spokeswoman spokesperson minister secretary chairman chairwoman
    chief executive president director analyst economist mp mep boss founder owner
    candidate deputy adviser advisor official commander cleric author singer actor
    actress player striker manager coach lawyer judge editor correspondent reporter
    campaigner colleague chancellor governor""".split()
)
CONNECTORS: Final = frozenset(
    {
        "of",
        "for",
        "the",
        "de",
        "du",
        "des",
        "la",
        "le",
        "van",
        "von",
        "der",
        "bin",
        "ibn",
        "al",
        "el",
        "&",
        "and",
    }
)
LEADING_NOISE: Final = frozenset(
    """the a an but and or so yet in on at for if when while after before as it he she they
    we i you this that these those there his her their our its my your however meanwhile
    also then now last next some many most all both each every several such mr mrs ms
    well since somehow earlier later former under if is was are not no yes why what how
    where who which one two three four five dear""".split()
)
CALENDAR: Final = frozenset(
    """january february march april may june july august september october november december
    jan feb mar apr jun jul aug sep sept oct nov dec monday tuesday wednesday thursday
    friday saturday sunday christmas easter""".split()
)
# Capitalised words that name no actor.
NOT_ACTORS: Final = frozenset(
    """internet web email tv radio budget government army police pm mps meps hiv aids awol
    catholic catholics protestant sikh sikhism hindu hinduism soviet shadow commission
    treasurer century economic kurd kurds qc newsnight today export index gmt bst lng lpg
    gsm sms
    god islam christianity muslim muslims christian christians jewish jews shia sunni
    shias sunnis kurds kurdish arab arabs western eastern northern southern west east north
    south english french german spanish latin oscars oscar grammy brits bafta world cup
    games olympics premiership league ceo gdp vat mr election elections state industry
    bill act treaty constitution report inquiry war peace""".split()
)
STATE_BODIES: Final = frozenset({"government", "administration", "authorities", "state"})
_COMPASS_POINTS: Final = frozenset("north south east west central".split())
_ROLES_AND_TITLES: Final = ROLES | TITLES
_CALENDAR_AND_NOT_ACTORS: Final = CALENDAR | NOT_ACTORS
_NOT_ACTORS_AND_TITLES: Final = NOT_ACTORS | TITLES
_CONNECTORS_AND_NOISE: Final = CONNECTORS | LEADING_NOISE
# Streets that stand for the actors in them.
ACTOR_STREETS: Final = frozenset({"Downing Street", "Whitehall", "Fleet Street"})
# Last words of names that are laws, plans, wars or streets, not actors.
NOT_ACTOR_ENDINGS: Final = frozenset(
    """act acts bill plan treaty day convention war ii street road lane square green temple
    bridge park avenue agreement accord programme program strategy strait straits sea
    ocean bay gulf river lake loch mountains mountain island islands valley desert canal
    highlands hills isles""".split()
)

_ORG_CUES: list[tuple[str, frozenset[str]]] = [
    (
        "media",
        frozenset(
            """times journal news newspaper post telegraph guardian herald
        mail express mirror observer independent tribune gazette chronicle magazine
        broadcasting broadcaster television tv radio channel network agency press
        reuters bbc cnn""".split()
        ),
    ),
    ("militia", frozenset("militia militias brigade brigades mobilisation mobilization".split())),
    (
        "armed-group",
        frozenset(
            """rebels front jihad insurgents movement army liberation
        mujahideen taliban qaeda""".split()
        ),
    ),
    (
        "state-forces",
        frozenset(
            """forces police guard guards navy airforce military
        troops regiment""".split()
        ),
    ),
    (
        "political",
        frozenset(
            """house party parties council ministry parliament assembly congress
        senate government administration cabinet office department committee commons
        lords coalition alliance democrats republicans conservatives liberals socialists
        tories labour treasury""".split()
        ),
    ),
    (
        "international",
        frozenset(
            """nations international union organisation organization
        world european commission nato opec""".split()
        ),
    ),
    (
        "organisation",
        frozenset(
            """bank group watch foods food seafood processors mills distribution school airline
            air chambers commerce corporation corp inc ltd plc company co
        association institute university college fund trust foundation authority
        exchange airways airlines motors holdings partners capital securities industries
        services systems technologies communications energy oil petroleum telecom club
        federation society court board""".split()
        ),
    ),
]

_DOTTED: Final = re.compile(r"(?:[A-Z]\.)+")
_PARTICLES: Final = ("al", "el", "bin", "ibn", "abu", "abd")  # lower-case name starts: "al-Sadr"
_PARTICLE_INITIALS: Final = frozenset(p[0] for p in _PARTICLES)
_NAME_START: Final = re.compile(rf"[A-Z]|(?:{'|'.join(_PARTICLES)})-[A-Z]")
# First letters of words that can start a name (see _capitalised)
_MAY_START: Final = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZ") | _PARTICLE_INITIALS
_LOWER_TAIL: Final = re.compile(r"-[a-z]+$")  # "Iraqi-led" is no name
# a word token: from a letter or digit on, or a lone "&"
_TOKEN: Final = re.compile(r"[A-Za-z0-9][\w'’&.-]*|&")
# In ASCII text a token's characters after its first are all those a split on
# _TOKEN_GAPS keeps: a piece that starts with a letter or digit is one token.
_TOKEN_GAPS: Final = ascii_separators("_'&.-")
_ACRONYM_DEFINITION: Final = re.compile(
    r"(?P<name>(?:[A-Z][\w'’-]+\s+)(?:(?:of|for|the|and|de|al-?)\s+|[A-Z][\w'’-]+\s+)*"
    r"[A-Z][\w'’-]+)\s+\((?P<acronym>[A-Z][A-Za-z]{1,7})\)"
)
# "X, also known as Y" and "X, or Y": without the comma, "Blunkett or Johnson" is two people
_KNOWN_AS: Final = "known as"
_COMMA_OR: Final = r",\s+or"
_AKA_LINK: Final = rf"(?:,?\s+(?:also\s+)?{_KNOWN_AS}|{_COMMA_OR})\s+"
_AKA: Final = re.compile(
    r"(?P<first>(?:[A-Z][\w'’-]+\s+)*[A-Z][\w'’-]+)"
    + _AKA_LINK
    + r"(?:the\s+)?[“\"]?(?P<second>(?:[A-Z][\w'’-]+\s+)*[A-Z][\w'’-]+)"
)
# no _AKA match without its link, so without either of these: a substring test and a
# search from each comma cost a tenth of searching _AKA_LINK itself from every space
_COMMA_OR_LINK: Final = re.compile(_COMMA_OR + r"\s")
_POSSESSIVES: Final = ("'s", "’s")
_LOWER_WORD: Final = re.compile(r"\b[a-z][a-z'-]+\b")  # a word as written in lower case
_ADJECTIVE_ENDINGS: Final = ("ic", "ian", "ese", "ish")  # "Islamic", "Lebanese"
_TRIMMED_ENDS: Final = frozenset(".’'s")  # what a word's possessive or trailing dot ends with


@dataclass
class Discovered:
    """An actor found in one article's text, not in the registry."""

    name: str
    type: str
    surfaces: Counter[str] = field(default_factory=Counter)
    sentence: str = ""

    @property
    def mentions(self) -> int:
        return sum(self.surfaces.values())


class _LowerCaseWords:
    """The words the article writes in lower case, gathered only when asked
    about one its text holds at all: most one-word candidates ("Blair") are
    not, and many articles have none that need asking."""

    def __init__(self, sentences: list[str]) -> None:
        self._sentences = sentences
        self._words: set[str] | None = None

    def __contains__(self, word: str) -> bool:
        if self._words is None:
            if not any(word in s for s in self._sentences):
                return False  # not even as part of a longer word
            self._words = {w for s in self._sentences for w in _LOWER_WORD.findall(s)}
        return word in self._words


@dataclass
class _Candidate:  # not frozen, which costs a call per field; compiled, a C struct
    words: tuple[str, ...]
    sentence_index: int
    start_of_sentence: bool
    title: str | None  # a title or role word right before the name
    start: int
    end: int
    after: str = ""  # the word right after the name ("militia", "newspaper")
    quoted: bool = False  # right after an opening quotation mark
    apposition: bool = False  # followed by ", a spokesman for ...": a person's role
    before: str = ""  # the word right before the name ("newspaper", "near")


def discover(
    sentences: Sequence[str],
    gazetteer: Gazetteer,
    known: Sequence[Sequence[tuple[int, int]]] = (),
) -> list[Discovered]:
    """Unregistered actors in an article's sentences.

    `known[i]` lists character spans of sentence i already claimed by registry
    actors; discovery skips them.
    """
    sentences = [without_credits(s) for s in sentences]
    candidates = [
        c
        for index, sentence in enumerate(sentences)
        for c in _candidates(
            sentence, index, known[index] if index < len(known) else (), gazetteer.demonyms
        )
    ]
    aliases = _defined_aliases(sentences)
    lowercase = _LowerCaseWords(sentences)
    accepted = [
        (c, name, _type_of(c, name))
        for c in candidates
        if _acceptable(c, (p := " ".join(c.words)), gazetteer, lowercase)
        for name in (aliases.get(p, p),)
    ]
    accepted = [(c, _peer_name(c, name), kind) for c, name, kind in accepted]
    addressed = {c.words[-1] for c in candidates if (c.title or "").lower().rstrip(".") in _MISTER}
    accepted = [
        (c, name, "person" if kind == "organisation" and _addressed(name, addressed) else kind)
        for c, name, kind in accepted
    ]
    surnames = _surnames([name for _, name, kind in accepted if kind == "person"])
    found: dict[str, Discovered] = {}
    for candidate, name, kind in accepted:
        if len(candidate.words) == 1 and name in surnames:
            name, kind = surnames[name], "person"
        actor = found.setdefault(
            name, Discovered(name, kind, sentence=sentences[candidate.sentence_index])
        )
        if actor.type == "organisation" and kind not in ("organisation", "person"):
            actor.type = kind  # "X militia" later tells what the organisation is
        actor.surfaces[_surface(candidate)] += 1
    return list(_merge_plurals(found).values())


# Titles that stay part of the name: "Lord Ashcroft", "Baroness Morgan".
PEERAGE: Final = frozenset("lord lady baroness baron sir dame prince princess king queen".split())
_MISTER: Final = frozenset("mr mrs ms miss dr".split())
HONORIFICS: Final = _MISTER | PEERAGE


def _peer_name(candidate: _Candidate, name: str) -> str:
    title = (candidate.title or "").lower().rstrip(".")
    if title in PEERAGE and len(candidate.words) == 1:
        return f"{candidate.title} {name}"
    return name


def _addressed(name: str, addressed: set[str]) -> bool:
    """ "Feroz Abbasi" is a person when the article also writes "Mr Abbasi"."""
    words = name.split()
    return (
        2 <= len(words) <= 3
        and words[-1] in addressed
        and all(_looks_like_name_word(w) for w in words)
    )


def _surface(candidate: _Candidate) -> str:
    """The name as written, with an honorific in front of it ("Mr Kerry")."""
    words = " ".join(candidate.words)
    title = (candidate.title or "").rstrip(".")
    return f"{title} {words}" if title.lower() in HONORIFICS else words


def _surnames(people: Iterable[str]) -> dict[str, str]:
    """Last name -> full name, for surnames only one person in the article has."""
    owners: dict[str, set[str]] = {}
    for name in people:
        words = name.split()
        if len(words) > 1:
            owners.setdefault(words[-1], set()).add(name)
    return {last: next(iter(names)) for last, names in owners.items() if len(names) == 1}


def _merge_plurals(found: dict[str, Discovered]) -> dict[str, Discovered]:
    """ "Liberal Democrat spokeswoman" names the Liberal Democrats."""
    for name in list(found):
        plural = found.get(name + "s")
        if plural is not None and plural.type != "person":
            plural.surfaces.update(found.pop(name).surfaces)
    return found


@dataclass(frozen=True, slots=True)
class _Sentence:
    """One sentence being scanned: its text, its words as written and where they start."""

    text: str
    index: int
    written: list[str]  # each word token as written, possessive and dots included
    starts: list[int]  # where each starts, for bisect
    demonyms: Collection[str]

    def word(self, position: int) -> str:
        return _bare(self.written[position])

    def word_before(self, start: int) -> str | None:
        position = bisect.bisect_left(self.starts, start)
        return self.word(position - 1) if position else None

    def word_before_article(self, start: int) -> str:
        """The word before a name, looking past "the": "newspaper the Independent"."""
        position = bisect.bisect_left(self.starts, start)
        if position > 1 and self.word(position - 1).lower() == "the":
            position -= 1
        return self.word(position - 1).lower() if position else ""

    def word_after(self, end: int) -> str:
        position = bisect.bisect_left(self.starts, end)
        return self.word(position).lower() if position < len(self.written) else ""


def _candidates(
    text: str,
    index: int,
    claimed: Sequence[tuple[int, int]],
    demonyms: Collection[str],
) -> list[_Candidate]:
    # the words as strings and where each starts, in two lists; a (word, start,
    # end) tuple is made only for the words of a name, not for every word
    written = _ascii_tokens(text) if text.isascii() else _TOKEN.findall(text)
    starts = word_starts(text, written)
    sentence = _Sentence(text, index, written, starts, demonyms)
    result: list[_Candidate] = []
    run: list[tuple[str, int, int]] = []
    for position, raw in enumerate(written):
        if not run and raw[0] not in _MAY_START:
            continue  # most words: nothing to flush, nothing to start
        word = _bare(raw)
        capital = _capitalised(word)
        if not (run or capital):
            continue
        start = starts[position]
        end = start + len(raw)
        if claimed and any(s <= start < e for s, e in claimed):
            run = _flush(run, sentence, result)
            if word in PLACE_ACRONYMS:
                run.append((word, start, end))  # "UK Independence Party"; see _split_run
            continue
        joined = bool(run) and _only_space(text[run[-1][2] : start])
        if run and _stops_name(text[run[-1][1] : run[-1][2]]):  # the word as written
            run = _flush(run, sentence, result)
        if word == "I":
            run = _flush(run, sentence, result)
            continue
        if (capital and (not run or joined)) or (
            word.lower() in CONNECTORS
            and run
            and joined
            and position + 1 < len(written)
            and written[position + 1][:1].isupper()
        ):
            run.append((word, start, end))
        else:
            run = _flush(run, sentence, result)
            if capital:
                run.append((word, start, end))
    _flush(run, sentence, result)
    return result


def _ascii_tokens(text: str) -> list[str]:
    """_TOKEN's tokens of ASCII text: most pieces of a split are one token each,
    without Python's re scanning every character."""
    tokens: list[str] = []
    for piece in ascii_pieces(text, _TOKEN_GAPS):
        if piece[0].isalnum():
            tokens.append(piece)
        else:  # "-", "...", "'quoted", "&": the rare piece that does not start a token
            tokens.extend(_TOKEN.findall(piece))
    return tokens


def _flush(
    run: list[tuple[str, int, int]], sentence: _Sentence, result: list[_Candidate]
) -> list[tuple[str, int, int]]:
    """The names in a finished run added to `result`; an empty run to go on with."""
    if run:
        result.extend(_split_run(run, sentence))
        return []
    return run


def _bare(word: str) -> str:
    """A word token without its possessive or trailing dots."""
    if word[-1] not in _TRIMMED_ENDS:  # most words: kept as they are
        return word
    return _strip_possessive(word.rstrip(".’'"))  # never empty: a token starts alphanumeric


def _stops_name(word: str) -> bool:
    """A word token after which a name stops: "Argentina's Enarsa" and "...the
    United States. It" are two names, not one."""
    return word[-2:] in _POSSESSIVES or (
        word[-1] == "." and len(word) > 2 and not _DOTTED.fullmatch(word)
    )


def _capitalised(word: str) -> bool:
    """A word that can be part of a name: "Hamas", "al-Sadr", not "Iraqi-led"."""
    first = word[0]
    if "A" <= first <= "Z":
        return "-" not in word or _LOWER_TAIL.search(word) is None
    return (
        first in _PARTICLE_INITIALS
        and _NAME_START.match(word) is not None
        and not _LOWER_TAIL.search(word)
    )


def _split_run(run: list[tuple[str, int, int]], sentence: _Sentence) -> list[_Candidate]:
    """Cut a run of capitalised words at titles ("Labour MP Diane Abbott"), and at
    "and" unless it is inside an organisation's name ("Securities and Exchange
    Commission", but "Blair and Brown")."""
    if len(run) == 1 and run[0][0].lower() in _CONNECTORS_AND_NOISE:
        return []  # "The", "But", "He": a sentence's first word, stripped below anyway
    names = [w for w, _, _ in run]
    if "of" in names and _is_person_name(names[: names.index("of")]):
        cut = names.index("of")  # "Mark Bailin of Rymer International Seafood"
        return [
            *_split_run(run[:cut], sentence),
            *_split_run(run[cut + 1 :], sentence),
        ]
    if names and names[-1] == "QC":
        run = run[:-1]  # "Philippe Sands QC"
        names = names[:-1]
    if "and" in names and _split_at_and(names):
        cut = names.index("and")
        return [
            *_split_run(run[:cut], sentence),
            *_split_run(run[cut + 1 :], sentence),
        ]
    if not run:
        return []
    pieces: list[tuple[list[tuple[str, int, int]], str | None]] = []
    current: list[tuple[str, int, int]] = []
    title = sentence.word_before(run[0][1])
    title = title if title and title.lower() in _ROLES_AND_TITLES else None
    # a name ending in an organisation word keeps its title-like words:
    # "General Mills", "Sunday Telegraph", "Private Label Distribution"
    last_kind = _org_type([run[-1][0]])
    company = len(run) > 1 and last_kind in ("organisation", "media", "political")
    for position, token in enumerate(run):
        following = run[position + 1][0] if position + 1 < len(run) else ""
        party = (
            token[0] in PARTY_WORDS
            and following not in PARTY_WORDS
            and _org_type([following]) is None  # "Labour Party" is one name
        )
        acronym = (
            position == 0
            and _is_acronym(token[0])
            and token[0] not in PLACE_ACRONYMS
            and not (company and last_kind != "media")  # "SBC Communications"
        )
        if following and (party or acronym):
            # "Conservative Graham Brady", "BBC Radio", "SNP Holyrood": two names
            current.append(token)
            pieces.append((current, title))
            current, title = [], None
            continue
        if _is_title(token[0], following) and not company:
            if current and not _is_portfolio(current, token[0]):
                pieces.append((current, title))
            current, title = [], token[0]
            if following in ("of", "for"):
                break  # "Secretary of State for the Family": the rest is the office
        elif token[0].lower() in CALENDAR and not (company and len(run) == 2):
            if current:
                pieces.append((current, title))
            current, title = [], None
        else:
            current.append(token)
    if current:
        pieces.append((current, title))
    result = []
    for words, cue in pieces:
        if (
            len(words) > 1
            and words[0][0] in PLACE_ACRONYMS
            and _org_type([w for w, _, _ in words]) is None
        ):
            words = words[1:]  # "US Federal Reserve" names the Federal Reserve
        while words and (
            words[0][0].lower() in LEADING_NOISE
            or words[0][0] in CONNECTORS
            or (words[0][0] in sentence.demonyms and not _keeps_demonym([w for w, _, _ in words]))
            or (  # "Fighters of Islamic State": a word capitalised to start a sentence
                len(words) > 1
                and _at_sentence_start(sentence.text, words[0][1])
                and not _is_acronym(words[0][0])
                and (words[0][0].lower() in common_words() or words[1][0] in ("of", "for"))
                and words[0][0] not in given_names()
                and _org_type([words[0][0]]) is None
            )
        ):
            words = words[1:]
        while words and (words[-1][0].lower() in _CONNECTORS_AND_NOISE):
            words = words[:-1]
        if words:
            first = words[0][1]
            result.append(
                _Candidate(
                    tuple(w for w, _, _ in words),
                    sentence.index,
                    _at_sentence_start(sentence.text, first),
                    cue,
                    first,
                    words[-1][2],
                    ""
                    if _possessive(sentence.text, words[-1][2])
                    else sentence.word_after(words[-1][2]),
                    sentence.text[max(0, first - 1) : first] in ('"', "“", "‘", "'"),
                    _ROLE_APPOSITION.match(sentence.text, words[-1][2]) is not None
                    or _PERSON_APPOSITION.match(sentence.text, words[-1][2]) is not None,
                    sentence.word_before_article(first),
                )
            )
    return result


def _acceptable(
    candidate: _Candidate,
    phrase: str,
    gazetteer: Gazetteer,
    lowercase: _LowerCaseWords,
) -> bool:
    words = candidate.words
    lower = [w.lower() for w in words]
    if all(w in _CALENDAR_AND_NOT_ACTORS or w.isdigit() for w in lower):
        return False
    if phrase in PARTY_NAMES:
        return True  # "Tory leader", "Conservative MP": the party, even first in a sentence
    if len(words) == 1 and (candidate.before in MEDIA_NOUNS or candidate.after in MEDIA_NOUNS):
        return True  # "The Times newspaper", "the newspaper the Independent"
    if _names_place_or_work(candidate, words, gazetteer):
        return False
    if phrase in gazetteer.demonyms or phrase.rstrip("s") in gazetteer.demonyms:
        return False
    if gazetteer.is_place_name(phrase):
        return False
    if (
        len(words) == 2
        and lower[1] in STATE_BODIES
        and (gazetteer.is_place_name(words[0]) or words[0] in gazetteer.demonyms)
    ):
        return False  # "UK Government" is the state, scored as the place
    if (
        len(words) > 1
        and gazetteer.is_place_name(words[0])
        and _org_type(words) is None
        and not _is_person_name(words)
        and candidate.title is None
    ):
        return False  # "Glasgow Kelvin", "London Tory": a place and a qualifier
    if (
        lower[-1] in NOT_ACTOR_ENDINGS
        and phrase not in ACTOR_STREETS
        and not _is_person_name(words)
    ):
        return False
    if words[-1] in gazetteer.demonyms or lower[-1].endswith("ians"):
        return False  # "South East Asian", "Gibraltarians"
    if candidate.quoted and _org_type(words) is None and not _is_person_name(words):
        return False  # a nickname or a title in quotes: "Robocop", "Winter of Discontent"
    if len(words) == 1:
        if candidate.title:
            return True
        if candidate.after[:1].isdigit():
            return False  # "Chapter 11", "Formula 1"
        if "-" in phrase or lower[0].endswith(_ADJECTIVE_ENDINGS):
            return False  # "Anglo-American", "China-UK", "Islamic", "Lebanese"
        if _is_acronym(phrase):
            return True
        # a word also written in lower case in the article is a common word
        return not (
            candidate.start_of_sentence
            or lower[0] in common_words()
            or lower[0].endswith("ly")
            or "'" in phrase
            or lower[0] in lowercase  # last: the only test that may gather the words
        )
    if candidate.start_of_sentence and lower[0] in LEADING_NOISE:
        return False
    if "&" in words or (words[0] in gazetteer.demonyms and _keeps_demonym(words)):
        return True  # "Stop & Shop", "Scottish Executive"
    content = [w for w in lower if w not in CONNECTORS]
    # "Secret Agent", "Talking Point": common words in capitals, no organisation cue
    return not (all(w in common_words() for w in content) and _org_type(words) is None)


# Words right after a name that say it names a place, a building or a work:
# "Cojedes state", "Belmarsh prison", "the Butler inquiry", "Breakfast with Frost programme".
PLACE_OR_WORK_AFTER: Final = frozenset(
    """state ward wards prison prisons jail dam constituency county district province
    region village town city airport hospital church mosque estate ranch road street
    programme show inquiry book manifesto film novel album documentary series""".split()
)
# Words right before a name that say it is a ship or a place: "HMS Chatham", "near Welshpool".
PLACE_OR_SHIP_BEFORE: Final = frozenset("near hms uss rfa ship vessel frigate destroyer".split())
MEDIA_NOUNS: Final = frozenset("newspaper newspapers magazine daily weekly tabloid".split())
_COMPASS_WORDS: Final = _COMPASS_POINTS | frozenset(
    "western eastern northern southern mid upper lower".split()
)
_GEOGRAPHY_FIRST: Final = frozenset("st st. saint loch lake mount cape isle".split())
# Portfolios before a minister's title: "International Development Secretary Hilary Benn".
_PORTFOLIO_TITLES: Final = frozenset("secretary minister spokesman spokeswoman".split())


def _names_place_or_work(candidate: _Candidate, words: Sequence[str], gazetteer: Gazetteer) -> bool:
    if _org_type(words) is not None:
        return False
    lower = [w.lower() for w in words]
    if candidate.after in PLACE_OR_WORK_AFTER or candidate.before in PLACE_OR_SHIP_BEFORE:
        return True
    if candidate.after in ("minister", "secretary") and not _is_person_name(words):
        return True  # "Shadow Europe minister": a portfolio
    if lower[0] in _GEOGRAPHY_FIRST or lower[-1].endswith("shire"):
        return True  # "St Dunstan's", "Loch Ness West", "East Renfrewshire"
    rest = [w for w in words if w.lower() not in _COMPASS_WORDS]
    return 0 < len(rest) < len(words) and gazetteer.is_place_name(" ".join(rest))


def _is_portfolio(words: list[tuple[str, int, int]], title: str) -> bool:
    """ "Armed Forces" in "Armed Forces Minister" is a portfolio, not an actor;
    "Home Office" and "Labour Party" before "spokesman" stay."""
    if title.lower() not in _PORTFOLIO_TITLES:
        return False
    names = [w for w, _, _ in words]
    last = _org_type(names[-1:])
    return not (
        last in ("political", "organisation", "media", "international")
        or (len(names) == 1 and (_is_acronym(names[0]) or names[0] in PARTY_WORDS))
    )


# Acronyms of places that lead an organisation's name: "UK Independence Party", "US Treasury".
PLACE_ACRONYMS: Final = frozenset({"UK", "US", "USA", "EU", "UN"})
# Party names used as adjectives before a name: "Tory leader", "Democrat John Kerry".
PARTY_WORDS: Final = frozenset(
    "Labour Tory Tories Conservative Conservatives Liberal Democrat Democrats Republican "
    "Republicans SNP UKIP Plaid Green Greens".split()
)
# Parties named by a single word, an actor even where it is an adjective ("Tory
# leader"); "Liberal" and "Green" are ordinary words and surnames too often.
PARTY_NAMES: Final = PARTY_WORDS - {"Liberal", "Green", "Greens"}


# Title words that are titles only before another title: "Prime Minister", not "Home Office".
_TITLE_MODIFIERS: Final = frozenset(
    "prime foreign home defence defense interior finance trade shadow deputy vice".split()
)


def _split_at_and(names: list[str]) -> bool:
    """ "Blair and Brown", "Exxon Mobil and British Petroleum" are two names;
    "Securities and Exchange Commission" is one."""
    left = [w for w in names[: names.index("and")] if w.lower() not in LEADING_NOISE]
    if _org_type(names) is None:
        return True
    return len(left) != 1


def _is_title(word: str, following: str) -> bool:
    lower = word.lower().rstrip(".")
    if lower in _TITLE_MODIFIERS:
        return following.lower() in TITLES
    return lower in TITLES


def _keeps_demonym(words: Sequence[str]) -> bool:
    """ "British Airways", "British Chambers of Commerce", "Scottish National Party"
    keep it; "Iraqi Popular Mobilisation Units" does not."""
    if len(words) < 2:
        return False
    rest = words[1:]
    generic = len(rest) <= 2 and all(
        w.lower() in common_words() or _org_type([w]) is not None for w in rest
    )
    single = len(rest) == 1 and rest[0].lower() not in _NOT_ACTORS_AND_TITLES
    return _org_type(words[1:2]) is not None or (
        generic and (single or _org_type(rest[-1:]) is not None)
    )


def _org_type(words: Sequence[str]) -> str | None:
    """The first kind in _ORG_CUES that has a cue among the words."""
    ranks = [r for w in words if (r := _CUE_RANK.get(w.lower().rstrip("."))) is not None]
    return _ORG_CUES[min(ranks)][0] if ranks else None


# each cue word's first kind in _ORG_CUES, by position (the first written last wins)
_CUE_RANK: Final = {
    cue: rank for rank, (_, cues) in reversed(list(enumerate(_ORG_CUES))) for cue in cues
}


def _type_of(candidate: _Candidate, name: str) -> str:
    words = name.split()
    inside = "political" if name in PARTY_NAMES else _org_type(words)
    if inside:
        return inside  # "Bristol University", "Popular Mobilisation Units"
    if candidate.title or _is_person_name(words):
        return "person"
    if (
        (candidate.after in _PERSON_VERBS or candidate.apposition)
        and 2 <= len(words) <= 3
        and all(_looks_like_name_word(w) and w.lower() not in common_words() for w in words)
        and name not in ACTOR_STREETS
        and not {w.lower() for w in words} & _COMPASS
    ):
        return "person"  # "Myron Ebell said", "Shami Chakrabarti, who ..."
    after = _org_type([candidate.after])
    if after:
        return after  # "the Al Nujaba militia"
    return "organisation"


_ROLE_APPOSITION: Final = re.compile(
    r",\s+(?:(?:a|an|the|its|their)\s+)?(?:[\w-]+\s+){0,3}?(?:"
    + "|".join(sorted(ROLES | {"adviser", "head", "member", "professor", "expert"}))
    + r")\b"
)
# ", from Birmingham," or ", 23," after a name: how news writing introduces a person
_PERSON_APPOSITION: Final = re.compile(r",\s+(?:from\s+[A-Z]|\d{1,3}\s*,)")
_COMPASS: Final = _COMPASS_POINTS | {"street"}
_PERSON_VERBS: Final = frozenset(
    "said says told added warned argued insisted claimed explained wrote who whose of".split()
)


def _is_person_name(words: Sequence[str]) -> bool:
    """A first name, then up to three name-shaped words ("Kofi Annan", "Tony")."""
    return (
        0 < len(words) <= 4
        and words[0] in given_names()
        and all(_looks_like_name_word(w) for w in words)
    )


def _defined_aliases(sentences: Sequence[str]) -> dict[str, str]:
    """Short names the text defines: "Popular Mobilisation Units (PMU)", "X, also known as Y"."""
    aliases: dict[str, str] = {}
    for sentence in sentences:
        # each pattern is tried only where its literal part is: scanning every
        # capitalised word for a definition costs more than the rest of discovery
        definitions = _ACRONYM_DEFINITION.finditer(sentence) if "(" in sentence else ()
        for match in definitions:
            acronym = match.group("acronym")
            aliases[acronym] = _expansion(_trim_leading(match.group("name")), acronym)
        if _KNOWN_AS not in sentence and not _COMMA_OR_LINK.search(sentence):
            continue
        for match in _AKA.finditer(sentence):
            first = _trim_leading(match.group("first"))
            aliases[_trim_leading(match.group("second"))] = first
    return aliases


def _expansion(phrase: str, acronym: str) -> str:
    """The words of `phrase` the acronym stands for: "Fighters of the Popular
    Mobilisation Units (PMU)" -> "Popular Mobilisation Units"."""
    words = phrase.split()
    for size in range(1, len(words) + 1):
        tail = words[-size:]
        initials = "".join(w[0] for w in tail if w[:1].isupper())
        if initials.upper() == acronym.upper() and tail[0][:1].isupper():
            return " ".join(tail)
    return phrase


def _trim_leading(phrase: str) -> str:
    words = phrase.split()
    while words and words[0].lower() in LEADING_NOISE:
        words = words[1:]
    return " ".join(words)


def _possessive(text: str, end: int) -> bool:
    """ "Mr Sands' book": the next word is what the name owns, not what it is."""
    return text[end - 1 : end] in ("'", "’") or text[end - 2 : end] in _POSSESSIVES


def _strip_possessive(word: str) -> str:
    return word[:-2] if word[-2:] in _POSSESSIVES else word


def _only_space(gap: str) -> bool:
    return gap.strip() == "" or gap == "-"  # " - " is a dash between two names


def _at_sentence_start(sentence: str, start: int) -> bool:
    return not _ALPHANUMERIC.search(sentence, 0, start)


def _is_acronym(word: str) -> bool:
    letters = word.replace(".", "").replace("&", "")
    return 2 <= len(letters) <= 6 and letters.isupper() and letters.isalpha()


def _looks_like_name_word(word: str) -> bool:
    return _NAME_WORD.fullmatch(word) is not None


_NAME_WORD: Final = re.compile(
    r"(?:[A-Z][a-z'’]+(?:-[A-Z][a-z'’]+)?|[A-Z]\.?|(?:al|el)-[A-Z][a-z]+|Mc[A-Z][a-z]+|[DO]['’][A-Z][a-z]+)"
)
_ALPHANUMERIC: Final = re.compile(r"[A-Za-z0-9]")
