"""The campaign as the check sees it, loaded once: units, events, tiers, stages, entry keys and the
register of persons."""
from __future__ import annotations

import hashlib
import re
from collections import defaultdict
from typing import TYPE_CHECKING, Optional

from sqlalchemy import func, select
from sqlalchemy.orm import Session, selectinload

from organizers.importing.columns import SEPARATORS
from scoring.models import Entry, Event, Fixture, Heat, Person, Stage, Tier, Unit
from scoring.tiers import entry_stage

if TYPE_CHECKING:
    from organizers.importing.checking import CheckedRow


def _phone(text: str) -> str:
    return re.sub(r"[\s-]", "", text)


def state(session: Session, campaign_id: int) -> str:
    """A digest of everything of the campaign a check reads (the columns _Campaign and entry_stage
    use): while it is the same, a check made earlier still holds. Judges' marks, a stage's seq and
    the running entry are not part of it."""
    events = select(Event.id).where(Event.campaign_id == campaign_id)
    stages = select(Stage.id).where(Stage.event_id.in_(events))
    persons = select(Person.id).where(Person.campaign_id == campaign_id)
    digest = hashlib.sha256()
    for query in (
            select(Unit.id, Unit.parent_id, Unit.name, Unit.name_bo).where(Unit.campaign_id == campaign_id).order_by(Unit.id),
            select(Event.id, Event.key, Event.name, Event.format).where(Event.id.in_(events)).order_by(Event.id),
            select(Tier.id, Tier.event_id, Tier.position).where(Tier.event_id.in_(events)).order_by(Tier.id),
            select(Stage.id, Stage.event_id, Stage.tier_id, Stage.unit_id, Stage.key, Stage.name, Stage.settings)
            .where(Stage.id.in_(stages)).order_by(Stage.id),
            select(Entry.id, Entry.stage_id, Entry.key, Entry.name, Entry.running_order, Entry.person_id)
            .where(Entry.stage_id.in_(stages) | Entry.person_id.in_(persons)).order_by(Entry.id),
            select(Fixture.stage_id).where(Fixture.stage_id.in_(stages)).distinct().order_by(Fixture.stage_id),
            select(Heat.id, Heat.stage_id).where(Heat.stage_id.in_(stages)).order_by(Heat.id),
            select(Person.id, Person.name, Person.unit_id, Person.phone).where(Person.id.in_(persons)).order_by(Person.id)):
        for row in session.execute(query):
            digest.update(repr(tuple(row)).encode())
        digest.update(b"|")
    return digest.hexdigest()



class Units:
    """The campaign's units by name (or Tibetan name), to find a row's township and village, and the
    units an organizer may touch."""

    def __init__(self, session: Session, campaign_id: int, allowed_units: Optional[frozenset[int]]):
        self.session = session
        self.allowed = allowed_units
        self.units = {u.id: u for u in session.scalars(select(Unit).where(Unit.campaign_id == campaign_id))}
        self.by_name: dict[str, list[Unit]] = defaultdict(list)
        self.children: dict[tuple[Optional[int], str], Unit] = {}
        for unit in self.units.values():
            for text in {unit.name, unit.name_bo} - {None, ""}:
                self.by_name[text].append(unit)
                self.children[(unit.parent_id, text)] = unit

    def covers(self, unit_id: Optional[int]) -> bool:
        return self.allowed is None or unit_id in self.allowed

    def unit(self, row: CheckedRow) -> Optional[Unit]:
        township, village = row.values["township"], row.values["village"]
        if not township:
            row.problem("township_empty", "township")
            return None
        candidates = self.by_name.get(township, [])
        if not candidates:
            row.problem("unknown_township", "township", township=township)
            return None
        if village:
            found = [u for u in (self.children.get((c.id, village)) for c in candidates) if u is not None]
            if not found:
                row.problem("unknown_village", "village", township=township, village=village)
                return None
        else:
            found = candidates
        if len(found) > 1:
            row.problem("ambiguous_township", "township", township=township)
            return None
        return found[0]


class _Campaign(Units):
    """Everything the check needs, loaded once: units, events, tiers, stages, entry keys, persons."""

    def __init__(self, session: Session, campaign_id: int, allowed_units: Optional[frozenset[int]]):
        super().__init__(session, campaign_id, allowed_units)
        self.events = {e.id: e for e in session.scalars(select(Event).where(Event.campaign_id == campaign_id))}
        self.event_names: dict[str, list[Event]] = defaultdict(list)
        for event in self.events.values():
            self.event_names[event.name].append(event)
        self.event_keys = {e.key.casefold(): e for e in self.events.values()}
        # tiers with their stages held in the identity map, so entry_stage() finds them without a query each
        self.tiers = session.scalars(select(Tier).where(Tier.event_id.in_(list(self.events))).options(selectinload(Tier.stages))).all()
        self.stages = {s.id: s for s in session.scalars(select(Stage).where(Stage.event_id.in_(list(self.events))))}
        self.keys: dict[int, set[str]] = defaultdict(set)
        self.team_names: dict[int, set[str]] = defaultdict(set)
        self.next_order: dict[int, int] = defaultdict(lambda: 1)
        for stage_id, key, name, order in session.execute(
                select(Entry.stage_id, Entry.key, Entry.name, Entry.running_order).where(Entry.stage_id.in_(list(self.stages)))):
            self.keys[stage_id].add(key)
            self.team_names[stage_id].add(name)
            self.next_order[stage_id] = max(self.next_order[stage_id], order + 1)
        self.drawn = set(session.scalars(select(Fixture.stage_id).where(Fixture.stage_id.in_(list(self.stages)))))
        self.first_heat = dict(session.execute(
            select(Heat.stage_id, func.min(Heat.id)).where(Heat.stage_id.in_(list(self.stages))).group_by(Heat.stage_id)).all())
        self.persons: dict[tuple[str, Optional[int]], list[tuple[str, int]]] = defaultdict(list)
        for person_id, name, unit_id, phone in session.execute(
                select(Person.id, Person.name, Person.unit_id, Person.phone).where(Person.campaign_id == campaign_id)):
            self.persons[(name, unit_id)].append((_phone(phone or ""), person_id))
        self.entered: dict[int, set[int]] = defaultdict(set)  # person -> stages they are entered in
        for person_id, stage_id in session.execute(select(Entry.person_id, Entry.stage_id).where(
                Entry.person_id.in_([p for known in self.persons.values() for _, p in known]))):
            self.entered[person_id].add(stage_id)
        self._entry_stages: dict[tuple[int, int], Optional[Stage]] = {}
        self.last_key: dict[int, int] = defaultdict(int)

    def event_list(self, row: CheckedRow) -> list[Event]:
        text = row.values["event"]
        names = [text] if text in self.event_names or text.casefold() in self.event_keys else \
            [part.strip() for part in SEPARATORS.split(text) if part.strip()]
        if not names:
            row.problem("event_empty", "event")
        events = []
        for name in names:
            found = self.event_keys.get(name.casefold())
            found = [found] if found is not None else self.event_names.get(name, [])
            if len(found) != 1:
                row.problem("ambiguous_event" if found else "unknown_event", "event", event=name)
            elif found[0] in events:
                row.problem("repeated_event", "event", event=name)
            else:
                events.append(found[0])
        return events

    def entry_stage(self, event: Event, unit: Unit) -> Optional[Stage]:
        """scoring.tiers.entry_stage, remembered per event and unit."""
        if (event.id, unit.id) not in self._entry_stages:
            self._entry_stages[(event.id, unit.id)] = entry_stage(self.session, event, unit)
        return self._entry_stages[(event.id, unit.id)]

    def place(self, row: CheckedRow, event: Event, unit: Unit) -> Optional[Stage]:
        """The stage where `unit` enters `event`, or None with the row's problem said."""
        stage = self.entry_stage(event, unit)
        if stage is None:
            row.problem("no_stage", "event", event=event.name, unit=unit.name)
        elif not self.covers(stage.unit_id):
            row.problem("stage_outside_scope", "event", stage=stage.name)
            return None
        return stage

    def new_key(self, stage_id: int, prefix: str) -> str:
        """The next free key of the stage: 001, 002, ... (T001, ... for teams)."""
        n = self.last_key[stage_id] + 1
        while f"{prefix}{n:03d}" in self.keys[stage_id]:
            n += 1
        self.last_key[stage_id] = n
        key = f"{prefix}{n:03d}"
        self.keys[stage_id].add(key)
        return key
