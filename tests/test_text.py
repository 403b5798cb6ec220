import pytest
from hypothesis import given
from hypothesis import strategies as st

from dashboard.extract.text import split_sentences

CASES = [
    ("Mr. Smith met Gen. J. Doe on Feb. 17 in Paris. He left.",
     ["Mr. Smith met Gen. J. Doe on Feb. 17 in Paris.", "He left."]),
    ("Shelling nr. Kharkiv killed two. Police came.",
     ["Shelling nr. Kharkiv killed two.", "Police came."]),
    ("Talks ended. “We agreed,” he said. (More later.)",
     ["Talks ended.", "“We agreed,” he said.", "(More later.)"]),
    ("TOKYO — Officials met.\n\nA new paragraph starts", ["TOKYO — Officials met.",
                                                         "A new paragraph starts"]),
    ("", []),
    # German ordinal days: the full stop after the day ends no sentence before a month name
    ("Die Gespräche hatten am 1. März 2023 begonnen. Am 3. Oktober feierte Deutschland.",
     ["Die Gespräche hatten am 1. März 2023 begonnen.", "Am 3. Oktober feierte Deutschland."]),
    ("Er kam am Montag, 3. Oktober, an.", ["Er kam am Montag, 3. Oktober, an."]),
    # ... but a number ending a sentence still ends it, and so does a score before "March"
    ("Die Zahl stieg auf 12. Die Polizei kam.", ["Die Zahl stieg auf 12.", "Die Polizei kam."]),
    ("The score was 2-1. March was cold.", ["The score was 2-1.", "March was cold."]),
    # The quotes and marks that open and close sentences in the other languages we read
    ("Zwei Züge stießen zusammen.\n„Wir tun alles“, sagte er.",
     ["Zwei Züge stießen zusammen.", "„Wir tun alles“, sagte er."]),
    ("Er sagte: „Es ist vorbei.“ Dann ging er.", ["Er sagte: „Es ist vorbei.“", "Dann ging er."]),
    ("Le port est fermé. « Nous restons », dit-il.",
     ["Le port est fermé.", "« Nous restons », dit-il."]),
    ("Il a dit : « C'est fini. » Puis il est parti.",
     ["Il a dit : « C'est fini. »", "Puis il est parti."]),
    ("La búsqueda siguió. ¿Hubo supervivientes? ¡Nadie lo sabe!",
     ["La búsqueda siguió.", "¿Hubo supervivientes?", "¡Nadie lo sabe!"]),
    ("Erste Zeile ohne Punkt\nÜberschwemmung im Süden", ["Erste Zeile ohne Punkt",
                                                        "Überschwemmung im Süden"]),
]


@pytest.mark.parametrize(("text", "expected"), CASES)
def test_split(text, expected):
    assert [s.text for s in split_sentences(text)] == expected


@given(st.text())
def test_offsets_cut_the_text(text):
    previous_end = 0
    for span in split_sentences(text):
        assert text[span.start:span.end] == span.text
        assert span.text.strip() == span.text and span.text
        assert span.start >= previous_end
        previous_end = span.end
