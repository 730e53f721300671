"""Quotations and their speakers, on sentences from real articles."""

from __future__ import annotations

from briefgen.quotes import Quote, find_quotes


def test_seed_quote_attributed_to_al_asadi() -> None:
    paragraph = (
        '"After clearing all our land from these terrorist gangs, we are fully ready to go to '
        'any place that contains a threat to Iraqi national security," Ahmed al-Asadi, a '
        "spokesman for the Shia coalition, told a news conference in Baghdad."
    )
    (quote,) = find_quotes([paragraph])
    assert quote.speaker == "Ahmed al-Asadi"
    assert quote.text.startswith("After clearing") and quote.text.endswith("security")


def test_speaker_before_the_quote() -> None:
    (quote,) = find_quotes(['Ms Hewitt said: "We have already doubled the length of pay."'])
    assert quote == Quote("We have already doubled the length of pay.", "Ms Hewitt")


def test_said_name_after_quote() -> None:
    (quote,) = find_quotes(["“This is a big change in our culture,” said Tony Blair."])
    assert quote.speaker == "Tony Blair"


def test_named_apposition_wins_over_title() -> None:
    (quote,) = find_quotes(
        [
            "The Shadow Secretary of State for the Family, Theresa May, said: "
            '"These plans were announced by Gordon Brown."'
        ]
    )
    assert quote.speaker == "Theresa May"


def test_pronoun_resolves_to_last_named_speaker() -> None:
    quotes = find_quotes(
        [
            '"We will not be intimidated by anyone," Mr Blair said.',
            '"It is a fight for the future of our country," he said.',
        ]
    )
    assert [q.speaker for q in quotes] == ["Mr Blair", "Mr Blair"]


def test_continued_quotation_keeps_its_speaker() -> None:
    # A BBC quirk: a quote continued with a fresh opening mark, paragraphs glued.
    paragraph = (
        'Ms Hewitt said: "We have already doubled maternity pay to 26 weeks. '
        '"We are going to extend the pay to nine months by 2007."'
    )
    quotes = find_quotes([paragraph])
    assert [q.speaker for q in quotes] == ["Ms Hewitt", "Ms Hewitt"]


def test_scare_quotes_and_full_stop_attribution_are_not_quotes_or_speakers() -> None:
    quotes = find_quotes(
        [
            'The Tories dismissed the plan as "desperate", while others called it "misdirected".',
            '"We have made a firm commitment to families." She said ministers would consult.',
        ]
    )
    assert quotes == [Quote("We have made a firm commitment to families.", None)]


def test_unattributed_quote_has_no_speaker() -> None:
    (quote,) = find_quotes(['Critics warned that "the destruction of important records" matters.'])
    assert quote.speaker is None


def test_speaker_named_by_role() -> None:
    quotes = find_quotes(
        [
            '"We are prepared to fight alongside our allies," a spokesman for the group said.',
            'An official at the ministry said: "The talks have been postponed until next week."',
        ]
    )
    assert [q.speaker for q in quotes] == [
        "a spokesman for the group",
        "An official at the ministry",
    ]


def test_pronoun_after_role_speaker_keeps_last_named_person() -> None:
    quotes = find_quotes(
        [
            '"We will not stop until the job is done," Ahmed al-Asadi said.',
            '"The road is cut and will stay cut," a spokesman for the group said.',
            '"Our forces are moving towards the town," he added.',
        ]
    )
    assert [q.speaker for q in quotes] == [
        "Ahmed al-Asadi",
        "a spokesman for the group",
        "Ahmed al-Asadi",
    ]
