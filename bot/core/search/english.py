"""How common a word is in English at large, as a prior on how much it says about a topic.

The catalog's own IDF cannot judge a word it never uses, and with 28 articles it rates `remote` or `review`
as rare as `kubernetes`. General English frequency fills that gap: a word every speaker uses daily (`idea`,
`policy`, `looks`) narrows a query down far less than `rabbitmq` does, and a common word that the catalog
lacks is a word it does not use, not a typo of one it does (`hooks` is not a misspelt `looks`).

The frequencies are wordfreq's small English list (about 29,000 words used at least once per million),
read once, on first use, from the installed package.
"""

from __future__ import annotations

import math
from functools import cache

# Zipf scale: log10 of uses per billion words; 3 = once per million, 6 = once per thousand (`know`).
# Words at or above this are ordinary English words: not typos, never repaired into another word.
COMMON_ZIPF = 3.0
# Specificity falls linearly from 1 at SPECIFIC_ZIPF (`kernel`, `stripe`, rarer) to MIN_SPECIFICITY at
# GENERIC_ZIPF (`work`, `old`, `know`): never to zero, a generic word is still part of the question.
SPECIFIC_ZIPF = 3.5
GENERIC_ZIPF = 6.0
MIN_SPECIFICITY = 0.25


@cache
def _frequencies() -> dict[str, float]:
    # Imported here: wordfreq takes a tenth of a second to import, which CLI commands that never search
    # should not pay.
    from wordfreq import get_frequency_dict

    return get_frequency_dict("en", wordlist="small")


def zipf(word: str) -> float:
    """0 for a word outside the list: rare, a product name, a compound or a misspelling."""
    frequency = _frequencies().get(word)
    return math.log10(frequency) + 9.0 if frequency else 0.0


def is_common(word: str) -> bool:
    return zipf(word) >= COMMON_ZIPF


def specificity(word: str) -> float:
    """How much a query word can tell articles apart, in [MIN_SPECIFICITY, 1], from English use alone.

    Applied to words the catalog uses too (a softer factor for them measured worse on the labelled set):
    in a 28-article catalog `remote` is as rare as `turborepo`, but only one of them names a topic.
    """
    share = (GENERIC_ZIPF - zipf(word)) / (GENERIC_ZIPF - SPECIFIC_ZIPF)
    return min(1.0, max(MIN_SPECIFICITY, share))
