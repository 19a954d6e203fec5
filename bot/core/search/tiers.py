"""Three honest tiers: this answers it, these might help, or nothing covers it yet.

Words alone (`lexical.Evidence`) are precise on keywords, typos and titles but blind to paraphrase; meaning
(cosine similarity of sentence embeddings) catches paraphrase but is fooled by one shared topic word and is
poor at misspellings. The decision uses each for what it is good at:

- an article words alone answer stays an answer unless its meaning is far from the question (a long question
  that shares a word by coincidence: `request a new keyboard` and keyboard interrupts); short keyword queries
  and corrected typos trust words, since a model reads two words or a typo poorly;
- otherwise an article whose meaning is close enough (`ANSWER_SIMILARITY`) answers it;
- an article somewhat close (`TENTATIVE_SIMILARITY`), or one words half-matched, might help;
- anything else is nothing, and no unrelated article is shown.

Candidates are ordered by reciprocal-rank fusion of the two rankings, with words weighted up when a typo was
repaired. The thresholds were set on the blind dev sets (`tests/eval/blind_dev.yml`, then with the first
final set spent, on every labelled set together) for the packaged MiniLM; another model needs its own
(docs/search.md).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

import numpy as np

from bot.core.search.fusion import fused_order
from bot.core.search.leaders import positive_leaders
from bot.core.search.lexical import Evidence

Tier = Literal["answer", "tentative", "none"]

ANSWER_SIMILARITY = 0.38
TENTATIVE_SIMILARITY = 0.30
# Below this, an article words answered is too far in meaning to be called the answer to a long question
# (`who's leading the holiday party planning?` and the engineering-leadership article share `lead`)...
WORDS_NEED_SIMILARITY = 0.25
# ...unless words cover most of the question's specific information, where a low similarity says more about
# the model's reading of jargon than about the topic.
WORDS_COVER_MOST = 0.7
WORDS_COVER_MOST_SIMILARITY = 0.12
SHORT_QUERY_WORDS = 3
# Without a model: the share of a question's specific words an article must cover to be offered as might-help.
WORDS_MIGHT_HELP = 0.35
CANDIDATES = 3


@dataclass(frozen=True)
class Decision:
    tier: Tier
    answers: tuple[int, ...]  # best first; the answer tier's leading documents
    tentative: tuple[int, ...]  # the "might help" documents, when that is the tier


def decide_lexical(evidence: Evidence) -> Decision:
    """Without a model: an answer when words answer; articles that cover a good share of the question's
    specific words might help; else nothing."""
    if evidence.answered:
        return Decision("answer", evidence.answering, ())
    order = positive_leaders(evidence.scores, CANDIDATES)
    near = tuple(int(d) for d in order if evidence.coverage[d] >= WORDS_MIGHT_HELP)
    return Decision("tentative", (), near) if near else Decision("none", (), ())


def decide(evidence: Evidence, similarity: np.ndarray, *, words: int) -> Decision:
    """The tier for a query of `words` words, from what words and meaning say about every document."""
    order = fused_order(evidence, similarity, CANDIDATES * 2)
    trust_words = words <= SHORT_QUERY_WORDS or evidence.corrected
    kept = [d for d in evidence.answering if trust_words or _close_enough(evidence, similarity, d)]
    close = [d for d in order if similarity[d] >= ANSWER_SIMILARITY]
    if kept:
        extra = [d for d in close if d not in kept]
        return Decision("answer", tuple((kept + extra)[:CANDIDATES]), ())
    if close:
        return Decision("answer", tuple(close[:CANDIDATES]), ())
    near = [d for d in order if similarity[d] >= TENTATIVE_SIMILARITY]
    if near or evidence.answering:
        leading = near or [d for d in order if d in evidence.answering]
        return Decision("tentative", (), tuple(leading[:CANDIDATES]))
    return Decision("none", (), ())


def _close_enough(evidence: Evidence, similarity: np.ndarray, doc: int) -> bool:
    """Whether an article words answered is close enough in meaning to stay the answer to a long question."""
    if similarity[doc] >= WORDS_NEED_SIMILARITY:
        return True
    return bool(evidence.coverage[doc] >= WORDS_COVER_MOST and similarity[doc] >= WORDS_COVER_MOST_SIMILARITY)
