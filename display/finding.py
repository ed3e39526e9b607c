"""Finding stages by what a person types, and showing them grouped: campaign, event, then the stages in
tier and unit order. The start page (/screens) and the organizer console's overview both use it, so a
search for 达翁村, 赛马 or a stage's key finds the same stages on both."""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Iterable

from scoring.models import Campaign, Event, Stage

MOST_CARDS = 12  # at most this many stages are shown as cards with their QR codes; more are listed compactly


def _units(stage: Stage) -> list[str]:
    """The stage's unit and the units above it (a search for a township finds its villages' stages)."""
    names, unit = [], stage.unit
    while unit is not None:
        names.extend(n for n in (unit.name, unit.name_bo) if n)
        unit = unit.parent
    return names


def searched_text(stage: Stage) -> str:
    """Everything a stage may be found by: its event (name, key, category), name, key, tier and units."""
    event = stage.event
    parts = [event.name, event.key, event.category.name if event.category else "", stage.name, stage.key,
             stage.tier.name if stage.tier else "", *_units(stage)]
    return " ".join(p for p in parts if p).casefold()


def matches(stage: Stage, query: str) -> bool:
    """Every word of `query` is somewhere in the stage's searched text (an empty query finds all)."""
    text = searched_text(stage)
    return all(word in text for word in query.casefold().split())


@dataclass
class EventGroup:
    event: Event
    stages: list[Stage] = field(default_factory=list)


@dataclass
class CampaignGroup:
    campaign: Campaign
    events: list[EventGroup] = field(default_factory=list)

    @property
    def stage_count(self) -> int:
        return sum(len(group.stages) for group in self.events)


def _in_order(stage: Stage) -> tuple:
    return (stage.tier.position if stage.tier else 0, stage.unit_id or 0, stage.id)


def grouped(stages: Iterable[Stage], query: str = "") -> list[CampaignGroup]:
    """The stages that match `query`, by campaign and event (in the order they were created), each
    event's stages tier by tier (village preliminaries, township, county final)."""
    campaigns: dict[int, CampaignGroup] = {}
    events: dict[int, EventGroup] = {}
    for stage in sorted(stages, key=lambda s: (s.event.campaign_id, s.event_id, _in_order(s))):
        if not matches(stage, query):
            continue
        event = stage.event
        if event.id not in events:
            events[event.id] = EventGroup(event)
            campaigns.setdefault(event.campaign_id, CampaignGroup(event.campaign)).events.append(events[event.id])
        events[event.id].stages.append(stage)
    return list(campaigns.values())


def query_text(raw) -> str:
    """The search box's text, bounded (a query longer than any name finds nothing anyway)."""
    return (raw or "").strip()[:100]
