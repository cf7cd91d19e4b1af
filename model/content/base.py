"""Shared building blocks of the content schema: fixed ids, patterns, bilingual text."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field

DIMENSION_IDS = (
    "capital",
    "technology",
    "data",
    "channel",
    "scenario",
    "industry",
    "cross_border",
    "compliance",
    "organization",
)
UNSCORED_SECTIONS = ("profile", "metrics")
STRATEGY_TYPE_IDS = ("ecosystem_leader", "regional_industry", "vertical_specialist", "alliance_member")
INDEX_IDS = ("resource_synergy", "user_value", "commercial_value")
# The stability rule (Methodology page): improving these never moves a firm from ecosystem_leader to alliance_member.
LEADER_DIMENSIONS = ("capital", "technology", "channel")

ID_PATTERN = r"^[a-z][a-z0-9_]*$"
REF_PATTERN = r"^§\d+(\.\d+)*(\(\d+\))?(, ?§\d+(\.\d+)*(\(\d+\))?)*$"
Score = float


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Text(Strict):
    """A user-facing text in both languages."""

    zh: str = Field(min_length=1)
    en: str = Field(min_length=1)

    def get(self, lang: str) -> str:
        return self.en if lang == "en" else self.zh
