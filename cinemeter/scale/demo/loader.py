"""`manage.py load_demo_votes`: the demo's members and their votes, so that a fresh `make run`
shows real scores ("2.63 (830 votes)" on Escape from L.A.), histograms and search ranking.

The plan (votes.json: votes and average per demo title) and the demo catalogue's own data
(genres, release dates) go into the draws of `draw.py`; the members are written as imported
accounts (`accounts.services.imported_members_ensure`: they carry votes, cannot log in, and
joined when the draw says), the votes through the community's bulk vote path
(`community.votes.services.votes_write`), which moves the titles' tallies, the members'
counts and the "votes" counter with them, so `manage.py recount --check` finds no drift.
Search reindexes the voted titles and their people in the same transaction (popularity).

Every load draws the same votes from the same seed, and a vote is keyed by (member, title):
a second load finds them all and writes nothing. Only the demo's own titles get votes (found
by name and year, and by the poster the demo loader drew): a title the catalogue lacks, or a
same-named title an importer brought, is skipped, and the draws of the others do not change.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import UTC, date, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

import numpy as np
from django.utils import timezone

from cinemeter.accounts.models import User
from cinemeter.accounts.services import imported_members_ensure
from cinemeter.catalog.demo.loader import ATTRIBUTION as DEMO_ARTWORK
from cinemeter.catalog.demo.loader import DATA_FILE as CATALOGUE_FILE
from cinemeter.catalog.models import Credit, Image, ImageKind, Title, TitleKind
from cinemeter.community.votes.models import VOTE_VALUES
from cinemeter.community.votes.records import VoteRow
from cinemeter.community.votes.services import votes_write
from cinemeter.core.changes import changed
from cinemeter.core.writes import write_unit
from cinemeter.scale.demo.draw import Members, TitlePlan, TitleVotes, members_draw
from cinemeter.scale.demo.draw import title_votes_draw as _title_votes_draw

DATA_FILE = Path(__file__).with_name("votes.json")
# Half stars (1..10) as the vote values they stand for.
VALUES = dict(enumerate(VOTE_VALUES, start=1))


@dataclass(frozen=True)
class DemoVotes:
    """What a load wrote: members created, votes created, and votes the catalogue already had."""

    members: int
    votes: int
    unchanged: int


@dataclass(frozen=True)
class Planned:
    """One plan entry with how the catalogue finds its title."""

    plan: TitlePlan
    title: str  # the title, or for an episode its show
    year: int | None
    season: int | None = None
    episode: int | None = None


def _catalogue_facts(catalogue: dict[str, Any]) -> dict[tuple[Any, ...], tuple[list[str], str]]:
    """(title, year) or (show, season, episode) -> (genres, release date) from the demo
    catalogue's data; an episode has its show's genres."""
    facts: dict[tuple[Any, ...], tuple[list[str], str]] = {}
    for row in catalogue["titles"]:
        genres = row.get("genres", [])
        facts[(row["title"], row.get("year"))] = (genres, row.get("release_date", ""))
        for season in row.get("seasons", []):
            for episode in season.get("episodes", []):
                key = (row["title"], season["season_number"], episode["episode_number"])
                facts[key] = (genres, episode.get("release_date", ""))
    return facts


def demo_plan(data: dict[str, Any], catalogue: dict[str, Any]) -> list[Planned]:
    """The plan's titles, in its order, with their genres and release dates."""
    facts = _catalogue_facts(catalogue)
    shows: dict[str, int] = {}
    planned: list[Planned] = []
    for index, row in enumerate(data["titles"]):
        if "show" in row:
            key: tuple[Any, ...] = (row["show"], row["season"], row["episode"])
        else:
            key = (row["title"], row["year"])
            shows[row["title"]] = index
        genres, released = facts[key]
        plan = TitlePlan(
            votes=row["votes"],
            average=Decimal(row["average"]),
            exact=row.get("exact", False),
            genres=tuple(genres),
            released=date.fromisoformat(released) if released else None,
            among=shows[row["show"]] if "show" in row else None,
        )
        if "show" in row:
            planned.append(Planned(plan, row["show"], None, row["season"], row["episode"]))
        else:
            planned.append(Planned(plan, row["title"], row["year"]))
    return planned


@dataclass(frozen=True)
class Drawn:
    members: Members
    votes: list[TitleVotes]
    opened: datetime
    now: datetime

    def moment(self, share: float) -> datetime:
        return self.opened + (self.now - self.opened) * share


def demo_draw(data: dict[str, Any], planned: list[Planned], now: datetime) -> Drawn:
    """Every member and vote of the plan: the same for the same seed, title by title (each
    from its own stream of the seed, so one title's draws never shift another's)."""
    opened = datetime.combine(date.fromisoformat(data["site_opened"]), datetime.min.time(), UTC)
    streams = np.random.SeedSequence(data["seed"]).spawn(1 + len(planned))
    genres = sorted({genre for entry in planned for genre in entry.plan.genres})
    members = members_draw(np.random.default_rng(streams[0]), data["members"], len(genres))
    drawn: list[TitleVotes] = []
    everyone = np.arange(data["members"])
    for entry, stream in zip(planned, streams[1:], strict=True):
        plan = entry.plan
        released = 0.0
        if plan.released is not None:
            came_out = datetime.combine(plan.released, datetime.min.time(), UTC)
            released = min(max((came_out - opened) / (now - opened), 0.0), 0.99)
        drawn.append(
            _title_votes_draw(
                np.random.default_rng(stream),
                members,
                plan,
                genre_columns=[genres.index(genre) for genre in plan.genres],
                candidates=everyone if plan.among is None else drawn[plan.among].voters,
                released=released,
            )
        )
    return Drawn(members, drawn, opened, now)


def _titles(planned: list[Planned]) -> list[int | None]:
    """The catalogue's id of each planned title, or None where it has none (three queries).

    Only the demo's own titles count: a film or show carries the poster the demo loader drew
    (a catalogue imported from IMDb has a "Halloween" (1978) too, and gets no made-up votes),
    an episode belongs to such a show.
    """
    films = {
        (name, year): pk
        for pk, name, year in Title.objects.filter(
            parent__isnull=True, title__in={e.title for e in planned if e.season is None}
        ).values_list("pk", "title", "year")
    }
    demo = set(
        Image.objects.filter(
            title_id__in=films.values(), kind=ImageKind.POSTER, attribution=DEMO_ARTWORK
        ).values_list("title_id", flat=True)
    )
    films = {key: pk for key, pk in films.items() if pk in demo}
    episodes = {
        (show, season, number): pk
        for pk, show, season, number in Title.objects.filter(
            kind=TitleKind.EPISODE, parent__parent_id__in=films.values()
        ).values_list("pk", "parent__parent__title", "season_number", "episode_number")
    }
    return [
        films.get((e.title, e.year))
        if e.season is None
        else episodes.get((e.title, e.season, e.episode))
        for e in planned
    ]


def demo_votes_load(*, data_file: Path = DATA_FILE) -> DemoVotes:
    """Write the demo's members and votes on the demo titles the catalogue has."""
    data: dict[str, Any] = json.loads(data_file.read_text(encoding="utf-8"))
    catalogue = json.loads(CATALOGUE_FILE.read_text(encoding="utf-8"))
    planned = demo_plan(data, catalogue)
    title_ids = _titles(planned)
    if not any(title_ids):
        return DemoVotes(0, 0, 0)
    drawn = demo_draw(data, planned, timezone.now())
    members = drawn.members
    voting = sorted(
        {
            int(m)
            for pk, votes in zip(title_ids, drawn.votes, strict=True)
            if pk
            for m in votes.voters
        }
    )
    # A member joins before their first vote: the earliest moment the draw gives them.
    usernames = [members.usernames[m] for m in voting]
    joined = {members.usernames[m]: drawn.moment(float(members.joined[m])) for m in voting}
    with write_unit():
        known = set(User.objects.filter(username__in=usernames).values_list("username", flat=True))
        ids = imported_members_ensure(usernames, joined=joined)
        rows = [
            VoteRow(
                user_id=ids[members.usernames[m]],
                title_id=pk,
                value=VALUES[int(h)],
                cast_at=drawn.moment(float(t)),
            )
            for pk, votes in zip(title_ids, drawn.votes, strict=True)
            if pk
            for m, h, t in zip(votes.voters, votes.halves, votes.moments, strict=True)
            if members.usernames[m] in ids
        ]
        result = votes_write(rows)
        voted = [pk for pk in title_ids if pk]
        # Popularity follows the votes: the titles' search documents, and their people's
        # (a person is ranked by their best-known title).
        changed("title", voted)
        changed(
            "person",
            Credit.objects.filter(title_id__in=voted).values_list("person_id", flat=True),
        )
    return DemoVotes(len(ids.keys() - known), result.created, result.unchanged)
