"""Text analysis shared by indexing, querying and snippets, so that all three agree on what a word is.

A word is a run of letters/digits, optionally joined by `-`, `/`, `.` or `+` (`refresh-tokens`, `ci/cd`,
`socket.io`). Such a compound yields its parts and its joined form (`refresh`, `tokens`, `refreshtokens`), so
`refresh token`, `refresh-token` and `refreshtoken` all meet. Words are case-folded, NFKC-normalised, stripped
of stop words and stemmed with the Snowball English stemmer.
"""

from __future__ import annotations

import re
import unicodedata

import Stemmer

from bot.core.search.lexicon import PREFIXES, STOP_WORDS, SUFFIXES

WORD = re.compile(r"[^\W_]+(?:['’][^\W_]+)*(?:[-/.+][^\W_]+(?:['’][^\W_]+)*)*")
_SEPARATORS = re.compile(r"[-/.+]")
_APOSTROPHE = re.compile(r"['’]s(?![^\W_])|['’]")
MIN_WORD_CHARS = 2


class Analyzer:
    """Turns text into stemmed terms; memoises stems because catalogs repeat a small vocabulary."""

    def __init__(self) -> None:
        self._stemmer = Stemmer.Stemmer("english")
        self._stems: dict[str, str] = {}

    def stem(self, word: str) -> str:
        stem = self._stems.get(word)
        if stem is None:
            stem = self._stemmer.stemWord(word)
            if len(self._stems) < 1_000_000:
                self._stems[word] = stem
        return stem

    def stem_once(self, word: str) -> str:
        """The stem, not memoised: the indexer stems each distinct word once, and memoising a large
        catalog's whole vocabulary would only hold memory."""
        return str(self._stemmer.stemWord(word))

    def stem_many(self, words: list[str]) -> list[str]:
        """Stems of many words in one call, not memoised (see `stem_once`)."""
        return list(self._stemmer.stemWords(words))

    def surfaces(self, text: str) -> list[str]:
        """The indexable surface words of `text`, compounds expanded, stop words dropped."""
        words: list[str] = []
        for match in WORD.finditer(normalize(text)):
            words.extend(expand(match.group()))
        return words

    def terms(self, text: str) -> list[str]:
        return [self.stem(word) for word in self.surfaces(text)]


def normalize(text: str) -> str:
    return unicodedata.normalize("NFKC", text).casefold()


def expand(token: str) -> list[str]:
    """A normalised token's surface words: itself, or for a compound its parts and its joined form."""
    if token.isalnum():  # the common case: no apostrophe, no joiner
        return [token] if _keep(token) else []
    if "'" in token or "’" in token:
        token = _APOSTROPHE.sub("", token)
    if not _SEPARATORS.search(token):
        return [token] if _keep(token) else []
    parts = [part for part in _SEPARATORS.split(token) if part]
    words = [part for part in parts if _keep(part)]
    joined = "".join(parts)
    if len(parts) > 1 and _keep(joined):
        words.append(joined)
    return words


def _keep(word: str) -> bool:
    return len(word) >= MIN_WORD_CHARS and word not in STOP_WORDS


_MIN_BASE_CHARS = 4


def variants(word: str) -> list[str]:
    """Related forms the stemmer does not conflate: `linter` -> `lint`, `formatter` -> `format`, `rebuild`
    -> `build`. Tried for unknown words only, and each is a guess, so callers discount them."""
    bases: list[str] = []
    for suffix in SUFFIXES:
        if word.endswith(suffix) and len(word) - len(suffix) >= _MIN_BASE_CHARS:
            base = word[: -len(suffix)]
            bases.append(base)
            if len(base) > _MIN_BASE_CHARS and base[-1] == base[-2]:
                bases.append(base[:-1])
            bases.append(base + "e")
    for prefix in PREFIXES:
        if word.startswith(prefix) and len(word) - len(prefix) >= _MIN_BASE_CHARS:
            bases.append(word[len(prefix) :])
    return list(dict.fromkeys(bases))
