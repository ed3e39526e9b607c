"""The certificates of the awards given: of one stage, event, tier or the whole campaign, in print order."""
from __future__ import annotations

from datetime import date
from typing import Optional

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from organizers.printing.certificates import Certificate, SealImage
from organizers.printing.errors import PrintingError
from organizers.printing.verification import Secret, awarded_text, certificate_code, verification_url
from scoring.models import Award, AwardLevel, Entry, Event, Stage, Unit


def unit_path(unit: Optional[Unit]) -> Optional[str]:
    """The unit below the campaign's top unit, e.g. 硕督镇达翁村 (the county is the campaign's own)."""
    chain = []
    while unit is not None:
        chain.append(unit.name)
        unit = unit.parent
    if len(chain) > 1:
        chain.pop()  # the top unit, e.g. 洛隆县
    return "".join(reversed(chain)) or None


def award_certificates(session: Session, secret: Secret, base_url: str, issuer: str, issued_on: date, *,
                       stage_key: Optional[str] = None, event_id: Optional[int] = None,
                       tier_id: Optional[int] = None, campaign_id: Optional[int] = None,
                       award_id: Optional[int] = None,
                       seal: Optional[SealImage] = None, orientation: str = "landscape") -> list[Certificate]:
    """A Certificate for every award of the stage, event, tier or campaign given (at least one of them),
    ordered by event, tier, stage, award level and rank. The number is signed with `secret` (the server's
    secret key) and the QR code opens <base_url>/verify/<number>. `tier` on the certificate is the
    stage's name (e.g. 达翁村预赛, 县级决赛)."""
    scope = {Stage.key: stage_key, Stage.event_id: event_id, Stage.tier_id: tier_id, Event.campaign_id: campaign_id,
             Award.id: award_id}
    if all(value is None for value in scope.values()):
        raise PrintingError("Say whose certificates to print: a stage, an event, a tier, a campaign or one award.")
    query = (select(Award).join(Stage, Award.stage_id == Stage.id).join(Event, Stage.event_id == Event.id)
             .join(AwardLevel, Award.level_id == AwardLevel.id)
             .options(selectinload(Award.level), selectinload(Award.entry).selectinload(Entry.person),
                      selectinload(Award.entry).selectinload(Entry.unit),
                      selectinload(Award.entry).selectinload(Entry.stage).selectinload(Stage.event)
                      .selectinload(Event.campaign))
             .order_by(Event.id, Stage.tier_id, Stage.id, AwardLevel.position, Award.rank, Award.id))
    for column, value in scope.items():
        if value is not None:
            query = query.where(column == value)
    certificates = []
    for award in session.scalars(query):
        entry, code = award.entry, certificate_code(award.id, secret, awarded_text(award))
        campaign = entry.stage.event.campaign
        certificates.append(Certificate(
            name=entry.name, name_bo=entry.name_bo or (entry.person.name_bo if entry.person else None),
            unit=unit_path(entry.unit), campaign=campaign.name, campaign_bo=campaign.name_bo,
            event=entry.stage.event.name, tier=entry.stage.name, award=award.level.name,
            issued_on=issued_on, issuer=issuer, code=code, verify_url=verification_url(base_url, code),
            seal=seal, orientation=orientation, rank=award.rank))
    return certificates
