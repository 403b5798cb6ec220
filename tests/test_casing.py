"""Text in capitals and newswire credits (issue 9): the same names as in running text, and no
actor made of a headline, a signature or a byline."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from dashboard.extract.actors import find_actors
from dashboard.extract.casing import readable_case
from dashboard.extract.credits import credit_spans
from dashboard.extract.events import extract_events
from dashboard.extract.resources import default_resources
from dashboard.models import Article

PUBLISHED = date(2025, 2, 18)
PATTERNS = default_resources().credit_patterns

# Each sentence written normally gives the same actors and countries written in capitals.
SENTENCES = [
    "The United States accused Japan of dumping computer chips on Monday.",
    "Chief Cabinet Secretary Yoshimasa Hayashi met Taliban officials in Tokyo on Monday.",
    "Pakistan closed the Torkham border crossing after clashes with Afghan forces.",
    "President Joe Biden of the United States criticised Pakistan on Friday.",
]


def _who(text: str) -> list[tuple[tuple[str, ...], tuple[str, ...]]]:
    events = extract_events(Article(text=text, published=PUBLISHED))
    return [(e.actors, e.countries) for e in events]


@pytest.mark.parametrize("sentence", SENTENCES)
def test_capitals_give_the_same_names(sentence):
    assert _who(sentence.upper()) == _who(sentence)


@pytest.mark.parametrize("sentence", SENTENCES)
def test_a_headline_in_capitals_adds_no_name_of_its_own(sentence):
    """A headline above the story names the story's actors, in their usual spelling."""
    story = f"{sentence.upper().rstrip('.')}\n{sentence}"
    headline, body = _who(story)[0], _who(sentence)[0]
    assert set(headline[0]) <= set(body[0]), headline
    assert not any(name.isupper() and len(name) > 3 for name in headline[0]), headline


def test_a_headline_takes_the_body_s_spelling_of_an_unknown_name():
    text = "ZORBEX BUYS KAWASAKI PLANT\nZorbex Holdings said on Monday it would buy the plant."
    cased, _ = readable_case(text)
    assert cased.startswith("Zorbex buys")


def test_acronyms_in_running_text_are_left_alone():
    text = "Officials from the US, UK and EU met NATO envoys."
    assert readable_case(text)[0] is text


@given(st.text())
def test_recasing_keeps_every_offset(text):
    cased, tokens = readable_case(text)
    assert len(cased) == len(text)
    assert all(cased[t.start : t.end] == t.text for t in tokens)


@given(st.text(alphabet=st.sampled_from("JAPNUTEDSOKYabc \n,."), max_size=200))
def test_recasing_only_changes_case(text):
    cased, _ = readable_case(text)
    assert cased.lower() == text.lower()


def test_a_signature_is_no_actor_but_the_agency_in_running_text_is():
    text = (
        "TOKYO, Feb 18 (Reuters) - Chief Cabinet Secretary Yoshimasa Hayashi told Reuters on "
        "Monday that Japan would not recognise the Taliban.\n Reuters\n"
    )
    reuters = [m.start for m in find_actors(text) if m.name == "Reuters"]
    assert reuters == [text.index("told Reuters") + len("told ")]


@pytest.mark.parametrize(
    ("text", "credited"),
    [
        ("Officials said.\n Reuter\n", "Reuter"),
        ("Officials said.\n-- AFP", "-- AFP"),
        ("NAIROBI (AP) - Police said.", "(AP)"),
        ("Talks ended.\n(Reporting by Jane Doe; Editing by John Roe)", "(Reporting by Jane Doe; "
         "Editing by John Roe)"),
        ("By Jane Doe and John Roe\nTOKYO - Talks ended.", "By Jane Doe and John Roe"),
    ],
)
def test_credit_spans(text, credited):
    spans = [text[c.start : c.end].strip() for c in credit_spans(text, PATTERNS)]
    assert spans == [credited]


@pytest.mark.parametrize(
    "text",
    [
        "By Monday, the army had left the town.",  # a sentence, not a byline
        "Reuters reported the talks on Monday.",  # the agency in running text
        "Talks ended.\nOfficials said the\nReuters office was closed.",
    ],
)
def test_no_credit_in_running_text(text):
    assert credit_spans(text, PATTERNS) == []
