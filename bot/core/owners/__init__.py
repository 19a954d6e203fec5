"""What the owners of a category hear about: gaps, unhelpful articles and due reviews, without I/O."""

from bot.core.owners.gap_groups import SAME_GAP, Gap, top_gaps
from bot.core.owners.report import OwnersReport, Unhelpful, compose_owners_report
from bot.core.owners.route import likely_category

__all__ = [
    "SAME_GAP",
    "Gap",
    "OwnersReport",
    "Unhelpful",
    "compose_owners_report",
    "likely_category",
    "top_gaps",
]
