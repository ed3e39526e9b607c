"""The competition's records: SQLAlchemy 2.0 typed models.

A campaign has a tree of units (county > township > village, any depth), categories and events.
An event is played in stages (a village preliminary, a county final); a stage has a running order
of entries and a panel of judges. A judge's marks for one entry are kept as scorecards: every
correction is a new scorecard with the next revision number, so every change is kept.
"""
from __future__ import annotations

from datetime import datetime, timezone
from decimal import Decimal
from typing import Any, Optional

from sqlalchemy import JSON, Boolean, ForeignKey, Index, Integer, LargeBinary, String, Text, UniqueConstraint
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship

from scoring.types import ExactDecimal, UtcDateTime


def utcnow() -> datetime:
    return datetime.now(timezone.utc)


class Base(DeclarativeBase):
    pass


class Campaign(Base):
    __tablename__ = "campaign"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    name_bo: Mapped[Optional[str]] = mapped_column(String(200))
    # The boards' band: the campaign's title as the boards show it, and its logo (PNG or JPEG).
    band_title: Mapped[Optional[str]] = mapped_column(String(200))
    logo: Mapped[Optional[bytes]] = mapped_column(LargeBinary, deferred=True)
    logo_type: Mapped[Optional[str]] = mapped_column(String(16))
    units: Mapped[list["Unit"]] = relationship(back_populates="campaign", cascade="all, delete-orphan")
    categories: Mapped[list["Category"]] = relationship(back_populates="campaign", cascade="all, delete-orphan")
    events: Mapped[list["Event"]] = relationship(back_populates="campaign", cascade="all, delete-orphan")


class Unit(Base):
    """An administrative unit an entry represents: county, township, village (any depth)."""

    __tablename__ = "unit"
    __table_args__ = (UniqueConstraint("campaign_id", "parent_id", "name"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    campaign_id: Mapped[int] = mapped_column(ForeignKey("campaign.id", ondelete="CASCADE"), index=True)
    parent_id: Mapped[Optional[int]] = mapped_column(ForeignKey("unit.id", ondelete="CASCADE"))
    name: Mapped[str] = mapped_column(String(200))
    name_bo: Mapped[Optional[str]] = mapped_column(String(200))
    campaign: Mapped[Campaign] = relationship(back_populates="units")
    parent: Mapped[Optional["Unit"]] = relationship(remote_side="Unit.id")


class Category(Base):
    __tablename__ = "category"
    __table_args__ = (UniqueConstraint("campaign_id", "name"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    campaign_id: Mapped[int] = mapped_column(ForeignKey("campaign.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(String(200))
    campaign: Mapped[Campaign] = relationship(back_populates="categories")


class Event(Base):
    """One competition (e.g. a speech contest), scored by one rule in all its stages."""

    __tablename__ = "event"
    __table_args__ = (UniqueConstraint("campaign_id", "key"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    campaign_id: Mapped[int] = mapped_column(ForeignKey("campaign.id", ondelete="CASCADE"), index=True)
    category_id: Mapped[Optional[int]] = mapped_column(ForeignKey("category.id", ondelete="SET NULL"))
    key: Mapped[str] = mapped_column(String(64))
    name: Mapped[str] = mapped_column(String(200))
    format: Mapped[str] = mapped_column(String(16), default="judged")
    # aggregate, drop_highest, drop_lowest, decimals, tiebreak, deductions, outlier (decimals as strings)
    rule: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    campaign: Mapped[Campaign] = relationship(back_populates="events")
    category: Mapped[Optional[Category]] = relationship()
    criteria: Mapped[list["Criterion"]] = relationship(
        back_populates="event", cascade="all, delete-orphan", order_by="Criterion.position")
    stages: Mapped[list["Stage"]] = relationship(back_populates="event", cascade="all, delete-orphan")
    tiers: Mapped[list["Tier"]] = relationship(back_populates="event", cascade="all, delete-orphan",
                                               order_by="Tier.position")


class Criterion(Base):
    """A rubric item: each judge gives one mark per criterion, from 0 to max in steps of step."""

    __tablename__ = "criterion"
    __table_args__ = (UniqueConstraint("event_id", "key"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("event.id", ondelete="CASCADE"), index=True)
    position: Mapped[int] = mapped_column(Integer)
    key: Mapped[str] = mapped_column(String(64))
    name: Mapped[str] = mapped_column(String(200))
    max: Mapped[Decimal] = mapped_column(ExactDecimal())
    step: Mapped[Decimal] = mapped_column(ExactDecimal())
    weight: Mapped[Decimal] = mapped_column(ExactDecimal())
    event: Mapped[Event] = relationship(back_populates="criteria")


class Stage(Base):
    """A round of an event: a running order of entries scored by one panel of judges."""

    __tablename__ = "stage"
    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("event.id", ondelete="CASCADE"), index=True)
    key: Mapped[str] = mapped_column(String(64), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    current_entry_id: Mapped[Optional[int]] = mapped_column(
        ForeignKey("entry.id", ondelete="SET NULL", use_alter=True, name="fk_stage_current_entry"))
    # Bumped in the same transaction as every change, so boards can spot a missed update.
    seq: Mapped[int] = mapped_column(Integer, default=0)
    # How a match stage is played: schedule (round_robin, double_round_robin, knockout), from_stage and
    # qualifiers (a knockout seeded from a group stage), third_place, lots drawn by the organizer.
    settings: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    # Where the stage sits in the campaign: its tier (village, township, county), the unit it serves
    # (the village of a village preliminary), and when and where it runs.
    tier_id: Mapped[Optional[int]] = mapped_column(ForeignKey("tier.id", ondelete="SET NULL", name="fk_stage_tier"), index=True)
    unit_id: Mapped[Optional[int]] = mapped_column(ForeignKey("unit.id", ondelete="SET NULL", name="fk_stage_unit"))
    venue_id: Mapped[Optional[int]] = mapped_column(ForeignKey("venue.id", ondelete="SET NULL", name="fk_stage_venue"))
    starts_at: Mapped[Optional[datetime]] = mapped_column(UtcDateTime())
    ends_at: Mapped[Optional[datetime]] = mapped_column(UtcDateTime())
    event: Mapped[Event] = relationship(back_populates="stages")
    tier: Mapped[Optional["Tier"]] = relationship(back_populates="stages")
    unit: Mapped[Optional[Unit]] = relationship()
    venue: Mapped[Optional["Venue"]] = relationship()
    award_levels: Mapped[list["AwardLevel"]] = relationship(
        back_populates="stage", cascade="all, delete-orphan", order_by="AwardLevel.position")
    entries: Mapped[list["Entry"]] = relationship(
        back_populates="stage", cascade="all, delete-orphan", order_by="Entry.running_order",
        foreign_keys="Entry.stage_id")
    judges: Mapped[list["Judge"]] = relationship(
        back_populates="stage", cascade="all, delete-orphan", order_by="Judge.position")
    current_entry: Mapped[Optional["Entry"]] = relationship(foreign_keys=[current_entry_id], post_update=True)
    fixtures: Mapped[list["Fixture"]] = relationship(
        back_populates="stage", cascade="all, delete-orphan", order_by="(Fixture.round, Fixture.id)")
    heats: Mapped[list["Heat"]] = relationship(
        back_populates="stage", cascade="all, delete-orphan", order_by="Heat.position")


class Entry(Base):
    """A person or team representing a unit in one stage, in running order."""

    __tablename__ = "entry"
    __table_args__ = (UniqueConstraint("stage_id", "key"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    stage_id: Mapped[int] = mapped_column(ForeignKey("stage.id", ondelete="CASCADE"), index=True)
    key: Mapped[str] = mapped_column(String(64))
    name: Mapped[str] = mapped_column(String(200))
    name_bo: Mapped[Optional[str]] = mapped_column(String(200))
    unit_id: Mapped[Optional[int]] = mapped_column(ForeignKey("unit.id", ondelete="SET NULL"))
    running_order: Mapped[int] = mapped_column(Integer)
    locked: Mapped[bool] = mapped_column(Boolean, default=False)
    # Measured events: the heat and lane in the start list, the finish judges' placing, and a status
    # for the whole entry (DNS, DNF, DQ) that overrides its attempts.
    heat_id: Mapped[Optional[int]] = mapped_column(ForeignKey("heat.id", ondelete="SET NULL", name="fk_entry_heat"), index=True)
    lane: Mapped[Optional[int]] = mapped_column(Integer)
    placing: Mapped[Optional[int]] = mapped_column(Integer)
    mark_status: Mapped[Optional[str]] = mapped_column(String(8))
    colour: Mapped[Optional[str]] = mapped_column(String(7))  # a team's colour on the boards, "#rrggbb"
    # The contestant this entry is (a person of the campaign's register), and the entry of the stage
    # before from which it advanced.
    person_id: Mapped[Optional[int]] = mapped_column(ForeignKey("person.id", ondelete="SET NULL", name="fk_entry_person"), index=True)
    source_entry_id: Mapped[Optional[int]] = mapped_column(ForeignKey("entry.id", ondelete="SET NULL", name="fk_entry_source"))
    stage: Mapped[Stage] = relationship(back_populates="entries", foreign_keys=[stage_id])
    person: Mapped[Optional["Person"]] = relationship()
    source_entry: Mapped[Optional["Entry"]] = relationship(remote_side="Entry.id")
    heat: Mapped[Optional["Heat"]] = relationship(back_populates="entries")
    unit: Mapped[Optional[Unit]] = relationship()
    players: Mapped[list["Player"]] = relationship(
        back_populates="team", cascade="all, delete-orphan", order_by="Player.position")


class Judge(Base):
    """A member of one stage's panel, logged in on a tablet by a secret token (QR code)."""

    __tablename__ = "judge"
    __table_args__ = (UniqueConstraint("stage_id", "key"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    stage_id: Mapped[int] = mapped_column(ForeignKey("stage.id", ondelete="CASCADE"), index=True)
    position: Mapped[int] = mapped_column(Integer)
    key: Mapped[str] = mapped_column(String(64))
    name: Mapped[str] = mapped_column(String(200))
    chief: Mapped[bool] = mapped_column(Boolean, default=False)
    token: Mapped[str] = mapped_column(String(64), unique=True)
    # The judge of the campaign's pool sitting on this panel, and the organizer's audited reason for
    # letting them judge a stage with an entry from their own village.
    pool_judge_id: Mapped[Optional[int]] = mapped_column(ForeignKey("pool_judge.id", ondelete="SET NULL", name="fk_judge_pool"))
    conflict_override: Mapped[Optional[str]] = mapped_column(Text)
    stage: Mapped[Stage] = relationship(back_populates="judges")
    pool_judge: Mapped[Optional["PoolJudge"]] = relationship()


class Scorecard(Base):
    """One judge's marks for one entry, as submitted once. A correction is a new revision."""

    __tablename__ = "scorecard"
    __table_args__ = (
        UniqueConstraint("judge_id", "entry_id", "revision"),
        UniqueConstraint("judge_id", "client_id"),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    judge_id: Mapped[int] = mapped_column(ForeignKey("judge.id", ondelete="CASCADE"), index=True)
    entry_id: Mapped[int] = mapped_column(ForeignKey("entry.id", ondelete="CASCADE"), index=True)
    revision: Mapped[int] = mapped_column(Integer)
    client_id: Mapped[str] = mapped_column(String(64))
    submitted_at: Mapped[datetime] = mapped_column(UtcDateTime(), default=utcnow)
    marks: Mapped[list["Mark"]] = relationship(back_populates="scorecard", cascade="all, delete-orphan")
    judge: Mapped[Judge] = relationship()
    entry: Mapped[Entry] = relationship()


class Mark(Base):
    """One judge's mark for one entry on one criterion, as part of a scorecard revision."""

    __tablename__ = "mark"
    __table_args__ = (UniqueConstraint("scorecard_id", "criterion_id"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    scorecard_id: Mapped[int] = mapped_column(ForeignKey("scorecard.id", ondelete="CASCADE"), index=True)
    criterion_id: Mapped[int] = mapped_column(ForeignKey("criterion.id", ondelete="CASCADE"))
    value: Mapped[Decimal] = mapped_column(ExactDecimal())
    scorecard: Mapped[Scorecard] = relationship(back_populates="marks")
    criterion: Mapped[Criterion] = relationship()


class Deduction(Base):
    """An amount recorded against an entry for a deduction of the rule (e.g. seconds over time)."""

    __tablename__ = "deduction"
    __table_args__ = (UniqueConstraint("entry_id", "key"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    entry_id: Mapped[int] = mapped_column(ForeignKey("entry.id", ondelete="CASCADE"), index=True)
    key: Mapped[str] = mapped_column(String(64))
    amount: Mapped[Decimal] = mapped_column(ExactDecimal())


class AuditEntry(Base):
    """Who changed what and when. Written in the same transaction as the change itself, only by
    scoring.audit.record(), which chains it: `hash` is sha256 of its fields and `prev_hash`, the hash
    of the entry before it in its chain (one chain per stage, one for the entries with no stage)."""

    __tablename__ = "audit_entry"
    __table_args__ = (UniqueConstraint("actor", "client_id"), Index("ix_audit_entry_chain", "stage_id", "id"))
    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[datetime] = mapped_column(UtcDateTime(), default=utcnow)
    actor: Mapped[str] = mapped_column(String(100))
    action: Mapped[str] = mapped_column(String(32))
    # indexed together with id (ix_audit_entry_chain): a chain's last entry is one index lookup
    stage_id: Mapped[Optional[int]] = mapped_column(ForeignKey("stage.id", ondelete="CASCADE"))
    entry_id: Mapped[Optional[int]] = mapped_column(ForeignKey("entry.id", ondelete="CASCADE"))
    client_id: Mapped[Optional[str]] = mapped_column(String(64))
    detail: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    stage_seq: Mapped[Optional[int]] = mapped_column(Integer)
    note: Mapped[Optional[str]] = mapped_column(Text)
    prev_hash: Mapped[Optional[str]] = mapped_column(String(64))
    hash: Mapped[Optional[str]] = mapped_column(String(64))


# --- match events (village football, basketball, tug-of-war) ------------------------------------

class Player(Base):
    """A member of a team's roster. `unit` is the player's home unit (for the outside-player cap)."""

    __tablename__ = "player"
    __table_args__ = (UniqueConstraint("entry_id", "key"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    entry_id: Mapped[int] = mapped_column(ForeignKey("entry.id", ondelete="CASCADE"), index=True)
    position: Mapped[int] = mapped_column(Integer)
    key: Mapped[str] = mapped_column(String(64))
    name: Mapped[str] = mapped_column(String(200))
    name_bo: Mapped[Optional[str]] = mapped_column(String(200))
    number: Mapped[Optional[int]] = mapped_column(Integer)
    unit_id: Mapped[Optional[int]] = mapped_column(ForeignKey("unit.id", ondelete="SET NULL"))
    team: Mapped[Entry] = relationship(back_populates="players")
    unit: Mapped[Optional[Unit]] = relationship()


class Fixture(Base):
    """A match between two teams of a stage. Teams of a knockout match may be known only later
    (`home_source` / `away_source` say where they come from, e.g. "winner:SF-1"). The clock is the
    server's: `clock_started_at` while running, plus `clock_elapsed_ms` accumulated before."""

    __tablename__ = "fixture"
    __table_args__ = (UniqueConstraint("stage_id", "key"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    stage_id: Mapped[int] = mapped_column(ForeignKey("stage.id", ondelete="CASCADE"), index=True)
    key: Mapped[str] = mapped_column(String(64))
    round: Mapped[int] = mapped_column(Integer, default=1)
    group: Mapped[Optional[str]] = mapped_column(String(16))
    leg: Mapped[int] = mapped_column(Integer, default=1)
    home_entry_id: Mapped[Optional[int]] = mapped_column(ForeignKey("entry.id", ondelete="SET NULL"))
    away_entry_id: Mapped[Optional[int]] = mapped_column(ForeignKey("entry.id", ondelete="SET NULL"))
    home_source: Mapped[Optional[str]] = mapped_column(String(64))
    away_source: Mapped[Optional[str]] = mapped_column(String(64))
    venue: Mapped[Optional[str]] = mapped_column(String(100))
    starts_at: Mapped[Optional[datetime]] = mapped_column(UtcDateTime())
    # scheduled | live | finished | postponed | forfeit
    status: Mapped[str] = mapped_column(String(16), default="scheduled")
    forfeited_by_id: Mapped[Optional[int]] = mapped_column(ForeignKey("entry.id", ondelete="SET NULL"))
    period: Mapped[int] = mapped_column(Integer, default=0)
    clock_running: Mapped[bool] = mapped_column(Boolean, default=False)
    clock_started_at: Mapped[Optional[datetime]] = mapped_column(UtcDateTime())
    clock_elapsed_ms: Mapped[int] = mapped_column(Integer, default=0)
    stage: Mapped[Stage] = relationship(back_populates="fixtures")
    home: Mapped[Optional[Entry]] = relationship(foreign_keys=[home_entry_id])
    away: Mapped[Optional[Entry]] = relationship(foreign_keys=[away_entry_id])
    events: Mapped[list["MatchEvent"]] = relationship(
        back_populates="fixture", cascade="all, delete-orphan", order_by="MatchEvent.number")


class MatchEvent(Base):
    """One thing the scorekeeper recorded (kick-off, goal, card, substitution, period end, ...).
    The score is derived from the events that are not undone; an undo is an event of its own."""

    __tablename__ = "match_event"
    __table_args__ = (UniqueConstraint("fixture_id", "number"), UniqueConstraint("fixture_id", "client_id"))
    id: Mapped[int] = mapped_column(primary_key=True)
    fixture_id: Mapped[int] = mapped_column(ForeignKey("fixture.id", ondelete="CASCADE"), index=True)
    number: Mapped[int] = mapped_column(Integer)
    kind: Mapped[str] = mapped_column(String(24))
    entry_id: Mapped[Optional[int]] = mapped_column(ForeignKey("entry.id", ondelete="SET NULL"))
    player_id: Mapped[Optional[int]] = mapped_column(ForeignKey("player.id", ondelete="SET NULL"))
    other_player_id: Mapped[Optional[int]] = mapped_column(ForeignKey("player.id", ondelete="SET NULL"))
    value: Mapped[Optional[int]] = mapped_column(Integer)
    period: Mapped[int] = mapped_column(Integer, default=0)
    clock_ms: Mapped[int] = mapped_column(Integer, default=0)
    undone: Mapped[bool] = mapped_column(Boolean, default=False)
    client_id: Mapped[str] = mapped_column(String(64))
    at: Mapped[datetime] = mapped_column(UtcDateTime(), default=utcnow)
    fixture: Mapped[Fixture] = relationship(back_populates="events")


class Appearance(Base):
    """A player named in a fixture's line-up; `on_field` for the starters (then kept by substitutions)."""

    __tablename__ = "appearance"
    __table_args__ = (UniqueConstraint("fixture_id", "player_id"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    fixture_id: Mapped[int] = mapped_column(ForeignKey("fixture.id", ondelete="CASCADE"), index=True)
    player_id: Mapped[int] = mapped_column(ForeignKey("player.id", ondelete="CASCADE"))
    on_field: Mapped[bool] = mapped_column(Boolean, default=False)


# --- measured events (races, lifting, archery, quizzes, timed skills) ----------------------------

class Heat(Base):
    """Entries of a measured stage that run, lift or shoot together: a race heat, a final, a flight
    of lifters. The clock is the server's (started and stopped by the recorder); confirming the heat
    makes its results final."""

    __tablename__ = "heat"
    __table_args__ = (UniqueConstraint("stage_id", "key"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    stage_id: Mapped[int] = mapped_column(ForeignKey("stage.id", ondelete="CASCADE"), index=True)
    key: Mapped[str] = mapped_column(String(64))
    position: Mapped[int] = mapped_column(Integer)
    name: Mapped[str] = mapped_column(String(200))
    starts_at: Mapped[Optional[datetime]] = mapped_column(UtcDateTime())
    clock_started_at: Mapped[Optional[datetime]] = mapped_column(UtcDateTime())
    clock_stopped_at: Mapped[Optional[datetime]] = mapped_column(UtcDateTime())
    confirmed: Mapped[bool] = mapped_column(Boolean, default=False)
    stage: Mapped[Stage] = relationship(back_populates="heats")
    entries: Mapped[list[Entry]] = relationship(back_populates="heat", order_by="(Entry.lane, Entry.running_order)")


class Attempt(Base):
    """One attempt of an entry as recorded: a value (with the stopwatch readings it came from, for
    hand timing) or a status (NM, DNF, DQ, DNS). A correction is a new revision with its reason."""

    __tablename__ = "attempt"
    __table_args__ = (UniqueConstraint("entry_id", "number", "revision"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    entry_id: Mapped[int] = mapped_column(ForeignKey("entry.id", ondelete="CASCADE"), index=True)
    number: Mapped[int] = mapped_column(Integer)
    revision: Mapped[int] = mapped_column(Integer)
    value: Mapped[Optional[Decimal]] = mapped_column(ExactDecimal())
    status: Mapped[Optional[str]] = mapped_column(String(8))
    watches: Mapped[Optional[list[str]]] = mapped_column(JSON)
    reason: Mapped[Optional[str]] = mapped_column(Text)
    judge_id: Mapped[Optional[int]] = mapped_column(ForeignKey("judge.id", ondelete="SET NULL"))
    recorded_at: Mapped[datetime] = mapped_column(UtcDateTime(), default=utcnow)


# --- running a campaign: organizers, the register, tiers, venues, the judge pool, awards ----------

class Organizer(Base):
    """An organizer's login. Role "campaign": every stage of the campaign (of every campaign when
    campaign_id is empty: the bootstrap account); role "township": only the stages of their township
    (`unit_id`) and the villages in it."""

    __tablename__ = "organizer"
    id: Mapped[int] = mapped_column(primary_key=True)
    username: Mapped[str] = mapped_column(String(64), unique=True)
    password_hash: Mapped[str] = mapped_column(String(255))
    display_name: Mapped[str] = mapped_column(String(200))
    role: Mapped[str] = mapped_column(String(16), default="campaign")
    campaign_id: Mapped[Optional[int]] = mapped_column(ForeignKey("campaign.id", ondelete="CASCADE"))
    unit_id: Mapped[Optional[int]] = mapped_column(ForeignKey("unit.id", ondelete="CASCADE"))
    created_at: Mapped[datetime] = mapped_column(UtcDateTime(), default=utcnow)
    unit: Mapped[Optional[Unit]] = relationship()


class OrganizerSession(Base):
    """A logged-in console session (organizers/access.py): the cookie names it by `id`; logging out
    deletes the row, so a copy of the cookie stops working."""

    __tablename__ = "organizer_session"
    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    organizer_id: Mapped[int] = mapped_column(ForeignKey("organizer.id", ondelete="CASCADE"), index=True)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime(), default=utcnow)


class Person(Base):
    """A contestant in the campaign's register (imported or entered once, then entered in events)."""

    __tablename__ = "person"
    id: Mapped[int] = mapped_column(primary_key=True)
    campaign_id: Mapped[int] = mapped_column(ForeignKey("campaign.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(String(200))
    name_bo: Mapped[Optional[str]] = mapped_column(String(200))
    unit_id: Mapped[Optional[int]] = mapped_column(ForeignKey("unit.id", ondelete="SET NULL"))
    gender: Mapped[Optional[str]] = mapped_column(String(8))
    phone: Mapped[Optional[str]] = mapped_column(String(32))
    # for paying out prizes (the prize list's signed sheet): personal data, shown only to organizers of the unit
    id_number: Mapped[Optional[str]] = mapped_column(String(18))  # resident ID, GB 11643 checked on import
    account: Mapped[Optional[str]] = mapped_column(String(32))    # bank card or phone number the prize is paid to
    unit: Mapped[Optional[Unit]] = relationship()


class Tier(Base):
    """A level an event is played at, in order: village preliminaries, township rounds, the county
    final. `advance` says who goes on to the next tier: {"mode": "per_stage" | "overall", "count": N}."""

    __tablename__ = "tier"
    __table_args__ = (UniqueConstraint("event_id", "position"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("event.id", ondelete="CASCADE"), index=True)
    position: Mapped[int] = mapped_column(Integer)
    level: Mapped[str] = mapped_column(String(16))
    name: Mapped[str] = mapped_column(String(200))
    advance: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    event: Mapped[Event] = relationship(back_populates="tiers")
    stages: Mapped[list[Stage]] = relationship(back_populates="tier", order_by="Stage.id")


class Venue(Base):
    """A place stages run at (a square, a hall, a field); its board follows the stage running there."""

    __tablename__ = "venue"
    __table_args__ = (UniqueConstraint("campaign_id", "key"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    campaign_id: Mapped[int] = mapped_column(ForeignKey("campaign.id", ondelete="CASCADE"), index=True)
    key: Mapped[str] = mapped_column(String(64))
    name: Mapped[str] = mapped_column(String(200))
    name_bo: Mapped[Optional[str]] = mapped_column(String(200))


class PoolJudge(Base):
    """A judge of the campaign's pool, with their home unit (a judge does not score their own village)."""

    __tablename__ = "pool_judge"
    id: Mapped[int] = mapped_column(primary_key=True)
    campaign_id: Mapped[int] = mapped_column(ForeignKey("campaign.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(String(200))
    name_bo: Mapped[Optional[str]] = mapped_column(String(200))
    unit_id: Mapped[Optional[int]] = mapped_column(ForeignKey("unit.id", ondelete="SET NULL"))
    phone: Mapped[Optional[str]] = mapped_column(String(32))
    note: Mapped[Optional[str]] = mapped_column(String(200))
    unit: Mapped[Optional[Unit]] = relationship()


class AwardLevel(Base):
    """An award of a stage: 一等奖 1 x 3000 yuan, 二等奖 2 ..., 优秀奖 the rest (quota empty)."""

    __tablename__ = "award_level"
    __table_args__ = (UniqueConstraint("stage_id", "position"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    stage_id: Mapped[int] = mapped_column(ForeignKey("stage.id", ondelete="CASCADE"), index=True)
    position: Mapped[int] = mapped_column(Integer)
    name: Mapped[str] = mapped_column(String(64))
    quota: Mapped[Optional[int]] = mapped_column(Integer)
    prize: Mapped[Optional[Decimal]] = mapped_column(ExactDecimal())
    stage: Mapped[Stage] = relationship(back_populates="award_levels")


class Award(Base):
    """An award given to an entry of a stage, as the organizer decided it from the final standings."""

    __tablename__ = "award"
    __table_args__ = (UniqueConstraint("stage_id", "entry_id"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    stage_id: Mapped[int] = mapped_column(ForeignKey("stage.id", ondelete="CASCADE"), index=True)
    entry_id: Mapped[int] = mapped_column(ForeignKey("entry.id", ondelete="CASCADE"))
    level_id: Mapped[int] = mapped_column(ForeignKey("award_level.id", ondelete="CASCADE"))
    rank: Mapped[Optional[int]] = mapped_column(Integer)
    decided_by: Mapped[str] = mapped_column(String(100))
    decided_at: Mapped[datetime] = mapped_column(UtcDateTime(), default=utcnow)
    note: Mapped[Optional[str]] = mapped_column(Text)
    entry: Mapped[Entry] = relationship()
    level: Mapped[AwardLevel] = relationship()
