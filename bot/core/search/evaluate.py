"""Score the engine on labelled queries: hit@1, hit@3 and MRR per kind of query and overall, for the answer
tier, and hit@3 counting the "might help" tier too (`any@3`).

Kinds with a single right outcome (a category resolved, a no-answer left empty) count as rank 1 when right,
so they mix with the ranking kinds in the overall figures on equal terms. For a no-answer query, `hit@3` is
"given no answer" and `any@3` "given no article at all".
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass

from bot.core.search.types import SearchResponse

KINDS = ("keyword", "question", "typo", "category", "no_answer")
_DEPTH = 10

Finder = Callable[[str, int], SearchResponse]
"""What a surface finds for a query, at a depth: the grammar's category decision included, so the eval scores
what a user gets, not the index alone."""


@dataclass(frozen=True)
class LabelledQuery:
    kind: str
    query: str
    expect: tuple[str, ...] = ()

    @classmethod
    def from_mapping(cls, entry: Mapping[str, object]) -> LabelledQuery:
        """Read one entry of the evaluation file; raises ValueError naming what is wrong."""
        kind, query, expect = entry.get("kind"), entry.get("query"), entry.get("expect", ())
        if kind not in KINDS:
            raise ValueError(f"kind must be one of {', '.join(KINDS)}, not {kind!r}")
        if not isinstance(query, str) or not query.strip():
            raise ValueError("query must be a non-empty string")
        if isinstance(expect, str):
            expected: tuple[str, ...] = (expect,)
        elif isinstance(expect, list | tuple):
            expected = tuple(str(item) for item in expect)
        else:
            expected = ()
        if kind != "no_answer" and not expected:
            raise ValueError(f"a {kind} query needs `expect`")
        return cls(str(kind), query, expected)


@dataclass(frozen=True)
class Outcome:
    query: LabelledQuery
    rank: int | None  # 1-based rank of the first right answer, None when missed
    got: tuple[str, ...]  # what came back: slugs, or the category, for reports
    any_rank: int | None = None  # the same over the answer and "might help" tiers together
    tier: str = "none"


@dataclass(frozen=True)
class Score:
    kind: str
    count: int
    hit_at_1: float
    hit_at_3: float
    mrr: float
    any_at_3: float = 0.0


def judge(find: Finder, labelled: LabelledQuery) -> Outcome:
    response = find(labelled.query, _DEPTH)
    answers = tuple(hit.article.slug for hit in response.results)
    shown = answers + tuple(hit.article.slug for hit in response.tentative if hit.article.slug not in answers)
    tier = response.confidence
    if labelled.kind == "category":
        right = 1 if response.category is not None and response.category in labelled.expect else None
        return Outcome(labelled, right, (response.category or "",), right, tier)
    if labelled.kind == "no_answer":
        return Outcome(labelled, None if answers else 1, shown, None if shown else 1, tier)
    rank = _rank_of(answers, labelled.expect)
    listed = (f"[category {response.category}]",) if response.category else ()
    marked = (*answers, *(f"{slug} (might help)" for slug in shown[len(answers) :]))
    return Outcome(labelled, rank, (*listed, *marked), _rank_of(shown, labelled.expect), tier)


def _rank_of(slugs: tuple[str, ...], expect: tuple[str, ...]) -> int | None:
    return next((n for n, slug in enumerate(slugs, 1) if slug in expect), None)


def score(kind: str, outcomes: Iterable[Outcome]) -> Score:
    outcomes = list(outcomes)
    ranks = [outcome.rank for outcome in outcomes]
    count = len(ranks)
    if count == 0:
        return Score(kind, 0, 0.0, 0.0, 0.0)
    return Score(
        kind,
        count,
        sum(1 for rank in ranks if rank == 1) / count,
        sum(1 for rank in ranks if rank is not None and rank <= 3) / count,
        sum(1.0 / rank for rank in ranks if rank is not None) / count,
        sum(1 for o in outcomes if o.any_rank is not None and o.any_rank <= 3) / count,
    )


def evaluate(find: Finder, queries: Iterable[LabelledQuery]) -> tuple[list[Score], list[Outcome]]:
    """Per-kind scores (in `KINDS` order, then `overall`) and every outcome, for listing the misses."""
    outcomes = [judge(find, labelled) for labelled in queries]
    scores = [score(kind, [o for o in outcomes if o.query.kind == kind]) for kind in KINDS]
    scores = [s for s in scores if s.count]
    scores.append(score("overall", outcomes))
    return scores, outcomes


# The quality bar on natural questions: minimum hit@3 (answer tier) and any@3 (answer or "might help") per
# kind. For no_answer, hit@3 is "not answered" (at most 5% answered) and any@3 "shown no article" (at most 30%
# shown one).
TARGETS = {
    ("question", "hit@3"): 0.90,
    ("question", "any@3"): 0.97,
    ("no_answer", "hit@3"): 0.95,
    ("no_answer", "any@3"): 0.70,
    ("keyword", "hit@3"): 0.97,
    ("typo", "hit@3"): 0.97,
    ("category", "hit@3"): 0.97,
}


def unmet_targets(scores: Iterable[Score]) -> list[str]:
    """One line per target missed, empty when the engine meets the bar."""
    by_kind = {s.kind: s for s in scores}
    unmet = []
    for (kind, measure), target in TARGETS.items():
        if kind in by_kind:
            value = by_kind[kind].hit_at_3 if measure == "hit@3" else by_kind[kind].any_at_3
            if value < target:
                unmet.append(f"{kind}: {measure} {value:.3f} < {target:.2f}")
    return unmet
