"""The direct-access tracker's rows from the database: every open direct-access episode with
its location's state rule, its recorded actions, and where it stands today."""

from collections import defaultdict
from dataclasses import dataclass
from datetime import datetime
from zoneinfo import ZoneInfo

from sqlalchemy import select
from sqlalchemy.orm import joinedload

from clinic.directaccess import explain
from clinic.directaccess.business_calendar import holidays_for
from clinic.directaccess.rules import rule_for
from clinic.extensions import db
from clinic.frontdesk import tracker
from clinic.frontdesk.models import EpisodeAction
from clinic.patients.models import Access, Episode
from clinic.practice.models import Location


@dataclass
class TrackedEpisode:
    episode: Episode
    location: Location
    assessment: tracker.Assessment
    rule_text: str
    actions: list[EpisodeAction]


def open_direct_access() -> list[Episode]:
    query = (
        select(Episode)
        .where(
            Episode.access == Access.DIRECT,
            Episode.closed_on.is_(None),
            Episode.first_seen_on.is_not(None),  # a patient not seen yet has no clock running
        )
        .options(joinedload(Episode.patient))
        .order_by(Episode.first_seen_on, Episode.id)
    )
    return list(db.session.scalars(query))


def tracked(now: datetime) -> list[TrackedEpisode]:
    """Every open direct-access episode, most urgent first, in four statements."""
    episodes = open_direct_access()
    ids = [e.id for e in episodes]
    locations = {loc.id: loc for loc in db.session.scalars(select(Location))}
    actions: dict[int, list[EpisodeAction]] = defaultdict(list)
    if ids:
        for action in db.session.scalars(
            select(EpisodeAction)
            .where(EpisodeAction.episode_id.in_(ids))
            .order_by(EpisodeAction.done_on)
        ):
            actions[action.episode_id].append(action)
    rows = []
    for episode in episodes:
        location = locations[episode.location_id]
        row = _row(episode, location, actions[episode.id], now)
        rows.append((row, row.assessment))
    return [row for row, _ in tracker.order(rows)]


def _row(episode, location, actions, now) -> TrackedEpisode:
    today = now.astimezone(ZoneInfo(location.timezone)).date()
    done = [tracker.Done(a.kind, a.done_on, a.detail) for a in actions]
    assessment = tracker.assess(
        rule_for(location.state),
        episode.first_seen_on,
        episode.visits_used,
        today,
        done,
        holidays=holidays_for(location.state),
    )
    notice = explain.for_staff(location.state)
    return TrackedEpisode(episode, location, assessment, notice.limit, actions)
