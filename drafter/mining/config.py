"""Every knob of the miner in one object, with its default and why."""
from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class MinerConfig:
    # Kinds. Cosine distance at which two clusters stop merging (average linkage).
    kind_distance: float = 0.6
    # Title n-grams must occur in this many documents (or this share) to count: topic words
    # (帮扶, 大气污染防治) then drop out and genre words (政务公开, 政府工作报告) stay.
    kind_min_df: int = 3
    kind_min_df_share: float = 0.05
    # Weight of level-1 heading genre phrases next to the title.
    kind_heading_weight: float = 1.0
    # A role is part of a kind's skeleton when it occurs in this share of its documents;
    # below `optional_below` it is marked optional.
    role_min_share: float = 0.2
    optional_below: float = 0.5
    # Phrases.
    min_support: int = 2
    max_examples: int = 3
    min_chars: int = 4
    max_chars: int = 24
    max_words: int = 8
    max_gap_words: int = 8
    # A phrase is a fragment of a longer candidate containing it (trimmed by at most
    # `fragment_trim` characters) that occurs in at least this share of its documents.
    fragment_share: float = 0.8
    fragment_trim: int = 8
