"""Turn query text into weighted units: one per meaningful word, repaired where it is a typo.

A unit is what coverage is counted over (did the best document match this word of the query?). Its main
term scores and counts; extra terms (a compound's joined form, the parts of a joined pair) only score.

Repairs of unknown words, most trusted first: a known abbreviation (`k8s`), a close spelling (`kubernets`),
a completion (`argo` -> `argocd`), a related form (`linter` -> `lint`). In a query of three words or more,
each must land in a document that also has another known word of the query, and a long question gets only
a few repairs: most of its unknown words are simply words the catalog does not use. An everyday English
word (`hooks`, `chart`) is never respelt into a catalog word (`looks`, `chat`): it is a word the catalog
does not use, not a typo.

Each unit also carries its specific information (`info`): its IDF tempered by how common the word is in
English (`english.specificity`), which is what the answer decision counts.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from itertools import pairwise

import numpy as np

from bot.core.search.analysis import WORD, Analyzer, expand, normalize, variants
from bot.core.search.english import is_common, specificity
from bot.core.search.fuzzy import Correction, Speller
from bot.core.search.index import InvertedIndex
from bot.core.search.lexicon import ABBREVIATIONS, RELATED, STOP_WORDS
from bot.core.search.phrases import Phrases

MAX_QUERY_WORDS = 32
# A repair is a guess: it scores and counts less than the word the user typed correctly.
_CONFIDENCE = {0: 1.0, 1: 0.85, 2: 0.7}
# A related word (`undo` -> `rollback`) is a weaker guess than a repaired spelling: it scores and covers this
# share of what the typed word would.
RELATED_WEIGHT = 0.6
# Two unknown words side by side (`email signature`, `machine learning`), each at least this specific in
# English, name a topic the catalog lacks, as one rare word (`kafka`) does: see `Unit.unknown_phrase`.
UNKNOWN_PHRASE_SPECIFICITY = 0.4


@dataclass(frozen=True)
class Unit:
    word: str
    term: int | None
    weight: float
    mass: float
    # The share of `mass` that is specific information (see `english.specificity`): what coverage counts.
    info: float
    extras: tuple[int, ...] = ()
    correction: str | None = None
    # Terms of related words (`lexicon.RELATED`): they score and cover at `RELATED_WEIGHT`, and a document
    # matching several of them counts once, as the unit's best.
    related: tuple[int, ...] = ()
    # Unresolved, and next to another unresolved word with no word between them in the text.
    unknown_phrase: bool = False


@dataclass
class _Draft:
    word: str
    term: int | None
    parts: tuple[str, ...] = ()
    extras: tuple[int, ...] = ()
    guess: Correction | None = None
    phrase: Correction | None = None
    # Whether the previous draft ends right before this one in the text (no stop word skipped between).
    adjacent: bool = False


class QueryParser:
    def __init__(
        self, analyzer: Analyzer, index: InvertedIndex, speller: Speller, phrases: Phrases | None = None
    ) -> None:
        self._analyzer = analyzer
        self._index = index
        self._speller = speller
        self._phrases = phrases if phrases is not None else Phrases(())
        self._related: dict[str, tuple[int, ...]] = {}
        for word, targets in RELATED.items():
            terms = tuple(dict.fromkeys(t for t in map(self.known, targets) if t is not None))
            if terms:
                stem = analyzer.stem(word)
                self._related[stem] = tuple(dict.fromkeys((*self._related.get(stem, ()), *terms)))

    def known(self, word: str) -> int | None:
        """The term of a surface word, if the catalog uses it (directly or via its stem)."""
        term = self._index.surfaces.get(word)
        if term is None:
            stem = self._analyzer.stem(word)
            # A stem of two letters is a short name cut down (`ios` -> `io`), not a plural.
            term = self._index.term_ids.get(stem) if len(stem) > 2 else None
        return term

    def parse(self, text: str) -> list[Unit]:
        drafts = self._join_pairs(self._drafts(text))
        self._repair_phrases(drafts)
        budget = len(drafts) if len(drafts) <= 3 else max(1, len(drafts) // 3)
        units: list[Unit] = []
        unit_of: dict[int, int] = {}
        seen: set[int] = set()
        for draft in sorted(drafts, key=lambda d: d.term is None):
            correction = None
            if draft.term is None and budget > 0:
                correction = self._repair(draft, drafts)
                budget -= correction is not None
            term = correction.term if correction else draft.term
            if term is not None and term in seen:
                continue
            if term is not None:
                seen.add(term)
            unit_of[id(draft)] = len(units)
            mass = self._index.idf(term)
            word = correction.word if correction else draft.word
            related = tuple(
                t for t in self._related.get(self._analyzer.stem(word), ()) if t != term and t not in seen
            )
            units.append(
                Unit(
                    word=draft.word,
                    term=term,
                    weight=_CONFIDENCE[correction.distance] if correction else 1.0,
                    mass=mass,
                    info=mass * specificity(word),
                    extras=draft.extras,
                    correction=correction.word if correction else None,
                    related=related,
                )
            )
        return _mark_unknown_phrases(units, [unit_of.get(id(draft)) for draft in drafts], drafts)

    def _drafts(self, text: str) -> list[_Draft]:
        drafts: list[_Draft] = []
        adjacent = False
        for match in WORD.finditer(normalize(text)):
            if len(drafts) >= MAX_QUERY_WORDS:
                break
            token = match.group()
            words = expand(token)
            if not words:
                self._join_stop_word(drafts, token)
                adjacent = False
                continue
            if len(words) == 1:
                drafts.append(_Draft(words[0], self.known(words[0]), adjacent=adjacent))
                adjacent = True
                continue
            adjacent = False
            *parts, joined = words
            joined_term = self.known(joined)
            part_drafts = [_Draft(part, self.known(part)) for part in parts]
            if joined_term is not None and any(draft.term is None for draft in part_drafts):
                extras = tuple(draft.term for draft in part_drafts if draft.term is not None)
                drafts.append(_Draft(joined, joined_term, tuple(parts), extras))
            else:
                drafts.extend(part_drafts)
                if joined_term is not None and part_drafts:
                    part_drafts[0].extras = (*part_drafts[0].extras, joined_term)
        return drafts

    def _join_stop_word(self, drafts: list[_Draft], token: str) -> None:
        """`log out` -> `logout`: a stop word may finish an unknown word."""
        if token in STOP_WORDS and drafts and drafts[-1].term is None and not drafts[-1].parts:
            term = self.known(drafts[-1].word + token)
            if term is not None:
                drafts[-1] = _Draft(drafts[-1].word + token, term, (drafts[-1].word, token))

    def _join_pairs(self, drafts: list[_Draft]) -> list[_Draft]:
        """`rabbit mq` -> `rabbitmq`, `web sockets` -> `websockets`, `real time` -> `realtime`.

        Two known words join too when the catalog uses the joined word: `real` and `time` are everyday
        words, `realtime` names a topic, so the pair counts as one specific word (its parts only score).
        """
        joined: list[_Draft] = []
        index = 0
        while index < len(drafts):
            draft = drafts[index]
            following = drafts[index + 1] if index + 1 < len(drafts) else None
            if following and not draft.parts and not following.parts:
                word = draft.word + following.word
                parts = (draft.word, following.word)
                term = self.known(word)
                guess = None
                if term is None and draft.term is None and following.term is None:
                    guess = self._speller.correct(word)
                if term is not None or guess is not None:
                    extras = tuple(t for t in (draft.term, following.term) if t is not None)
                    joined.append(_Draft(word, term, parts, extras, guess, adjacent=draft.adjacent))
                    index += 2
                    continue
            joined.append(draft)
            index += 1
        return joined

    def _repair_phrases(self, drafts: list[_Draft]) -> None:
        """`technical dept` -> `technical debt`: an everyday English word the catalog does not use, next to
        a known word, together nearly a title or tag phrase, is respelt. (Other unknown words are left to
        the speller, which repairs them on their own.)"""
        for first, second in pairwise(drafts):
            if first.parts or second.parts or first.guess or second.guess:
                continue
            if not is_common(second.word if first.term is not None else first.word):
                continue
            repair = self._phrases.repair(
                first.word, second.word, first.term is not None, second.term is not None
            )
            term = self.known(repair.word) if repair else None
            if repair is not None and term is not None:
                (first, second)[repair.position].phrase = Correction(repair.word, term, repair.distance)

    def _repair(self, draft: _Draft, drafts: list[_Draft]) -> Correction | None:
        candidates: list[Correction | None]
        if draft.guess is not None:
            candidates = [draft.guess]
        else:
            candidates = [
                draft.phrase,
                self._abbreviation(draft.word),
                None if is_common(draft.word) else self._speller.correct(draft.word),
                self._speller.complete(draft.word),
                self._variant(draft.word),
            ]
        others = [d.term for d in drafts if d is not draft and d.term is not None] if len(drafts) > 2 else []
        for correction in candidates:
            if correction is not None and self._agrees(correction.term, others):
                return correction
        return None

    def _agrees(self, term: int, others: list[int]) -> bool:
        """A repaired word must share a document with some other known word of the query, if any."""
        if not others:
            return True
        present = np.zeros(self._index.n_docs, dtype=bool)
        present[self._index.postings(term).docs] = True
        return any(present[self._index.postings(other).docs].any() for other in others)

    def _abbreviation(self, word: str) -> Correction | None:
        expansion = ABBREVIATIONS.get(word)
        if expansion is None:
            return None
        term = self.known(expansion.replace("-", ""))
        if term is None:
            term = self.known(expansion.split("-")[0])
        return Correction(expansion, term, 0) if term is not None else None

    def _variant(self, word: str) -> Correction | None:
        for base in variants(word):
            term = self.known(base)
            if term is not None:
                return Correction(base, term, 1)
        return None


def _mark_unknown_phrases(units: list[Unit], at: list[int | None], drafts: list[_Draft]) -> list[Unit]:
    """Flag unresolved words standing next to each other: together they name a concept (`email
    signature`) that the catalog lacks, however ordinary each word is on its own."""

    def unresolved(position: int) -> bool:
        number = at[position]
        if number is None:
            return False
        unit = units[number]
        return unit.term is None and not unit.related and specificity(unit.word) >= UNKNOWN_PHRASE_SPECIFICITY

    flagged: set[int] = set()
    for position in range(1, len(drafts)):
        if drafts[position].adjacent and unresolved(position) and unresolved(position - 1):
            flagged.update(number for number in (at[position], at[position - 1]) if number is not None)
    return [replace(unit, unknown_phrase=True) if n in flagged else unit for n, unit in enumerate(units)]
