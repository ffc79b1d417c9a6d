"""The words of generated articles: a handful of topics, each with its own headlines,
standfirsts and sentences, filled in with the films and people an article is about.

Articles on one topic share its vocabulary (a score's "cues" and "orchestra", a restoration's
"negative" and "grain"), articles on one film share its title, year and people, so the text
likeness of the related reading finds what a real magazine's would. A sentence names its
subjects by their placeholders: `{film}`, `{year}`, `{director}`, `{actor}`, `{other}` and
`{other_year}` (a second film the article names), `{costar}` (a second actor), `{age}`
(years since the film), `{n}`, `{money}` and `{minutes}` (figures).
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Topic:
    """One kind of article. `person` says whom it is about besides its films: the director
    ("director"), the leading actors ("actor") or nobody in particular ("")."""

    name: str
    person: str
    # The most films one article on this topic is about (the first is its subject).
    films: int
    headlines: tuple[str, ...]
    standfirsts: tuple[str, ...]
    sentences: tuple[str, ...]


TOPICS: tuple[Topic, ...] = (
    Topic(
        "score",
        "director",
        2,
        (
            "The music of {film}",
            "Listening again to the score of {film} ({year})",
            "{film}: a soundtrack that outlived its film",
        ),
        (
            "How the score of {film} was written, recorded and, {age} years on, reissued.",
            "The composer's themes for {director}'s {film}, cue by cue.",
        ),
        (
            "The main theme of {film} opens with a single horn over low strings.",
            "The score was recorded in {n} sessions with a full orchestra and a small choir.",
            "{director} asked for music that would stay out of the way of the dialogue.",
            "Several cues were rewritten after the first test screening of {film}.",
            "The soundtrack album left out the quieter cues; the expanded edition restores them.",
            "A love theme returns in the final reel, slower and in a minor key.",
            "The percussion of the chase cue was recorded separately and mixed in later.",
            "Collectors still look for the original vinyl pressing of the soundtrack.",
            "Its {minutes} minutes of music are more than most films of {year} used.",
            "The composer and {director} worked together again on {other} ({other_year}).",
            "Some of the songs on the soundtrack were hits before the film came out.",
            "The orchestrations lean on woodwinds where a thriller would use brass.",
        ),
    ),
    Topic(
        "restoration",
        "director",
        1,
        (
            "{film} restored in 4K",
            "{film} ({year}) returns on Blu-ray",
            "A new restoration of {film}",
        ),
        (
            "The original negative of {film} was scanned again; the new disc shows the grain.",
            "{age} years after its release, {film} gets the home video edition it deserved.",
        ),
        (
            "The restoration started from the original camera negative of {film}.",
            "Each frame was scanned in 4K and cleaned of dirt and scratches by hand.",
            "The colour grading was approved by {director}, who sat in on the sessions.",
            "Film grain was kept rather than smoothed away, as it should be.",
            "The mono soundtrack was restored from the optical track and remastered.",
            "The Blu-ray carries a commentary track and a booklet with a new essay.",
            "Earlier DVD editions of {film} were cropped and too dark.",
            "The transfer runs {minutes} minutes, the cut shown in cinemas in {year}.",
            "A deleted scene was found in the archive and is included as an extra.",
            "The 4K disc adds HDR; the standard Blu-ray has the same new transfer.",
            "Several reels had faded badly and needed their colour rebuilt.",
            "The home video release follows a short run of the restoration in cinemas.",
        ),
    ),
    Topic(
        "festival",
        "director",
        3,
        (
            "{film} at the festival",
            "Awards season: {film} and {other}",
            "The premiere of {film} ({year})",
        ),
        (
            "{film} premiered in competition and left with a prize and a distributor.",
            "The jury's choices of {year}: {film}, {other} and the films that went home "
            "empty-handed.",
        ),
        (
            "{film} had its world premiere in competition in {year}.",
            "The screening ended with a standing ovation of {n} minutes.",
            "The jury gave {director} the prize for best direction.",
            "{actor} was nominated for best performance and won the award.",
            "At the press conference {director} spoke about the long road to the premiere.",
            "{other} ({other_year}) competed in the same festival and took the audience award.",
            "The festival's closing night belonged to {film}.",
            "Critics at the festival were divided, but the jury was not.",
            "The nominations that followed put {film} at the front of awards season.",
            "A distributor bought the rights the morning after the premiere.",
            "The red carpet brought {actor} and {director} together for the first time in years.",
            "Festival audiences saw a longer cut than the one released later.",
        ),
    ),
    Topic(
        "career",
        "director",
        3,
        (
            "{director}: a career in {n} films",
            "From {other} to {film}: the films of {director}",
            "{director}, director",
        ),
        (
            "What {director}'s films have in common, from the debut to {film}.",
            "{director} made {film} in {year}; a look at the career around it.",
        ),
        (
            "{director} made a debut that few saw and fewer remember.",
            "{film} ({year}) is the film that made {director}'s name.",
            "Before {film}, {director} directed {other} ({other_year}).",
            "The filmography returns again and again to the same themes: family, money and "
            "betrayal.",
            "{director} writes most of the scripts and edits with the same editor every time.",
            "Long takes and a patient camera are the style's signature.",
            "{actor} has appeared in several of {director}'s films.",
            "The director's later films were bigger productions with smaller ambitions.",
            "Critics came late to {director}; audiences came first.",
            "Every few years {director} returns to the genre of the early films.",
            "The career has had {n} features so far and at least one masterpiece.",
            "In interviews {director} names the directors of the seventies as teachers.",
        ),
    ),
    Topic(
        "box-office",
        "",
        2,
        (
            "{film} at the box office",
            "Box office: how {film} ({year}) made its money",
            "{film} and {other}: the numbers",
        ),
        (
            "Opening weekend, the grosses that followed and what {film} cost to make.",
            "{film} opened on {n} hundred screens and made {money} million.",
        ),
        (
            "{film} opened on {n} hundred screens in {year}.",
            "The opening weekend brought in {money} million, more than the studio expected.",
            "The budget was reported at {money} million before marketing.",
            "Word of mouth kept {film} in cinemas for {n} weeks.",
            "{other} ({other_year}) opened the same weekend and lost the battle for first place.",
            "The international grosses ended up larger than the domestic ones.",
            "The distributor doubled the number of screens in the second week.",
            "Ticket sales fell by less than half in the second weekend, a rare hold.",
            "The film earned back its budget within a month.",
            "Home video and television rights later made {film} a profitable title.",
            "Analysts had predicted a flop; the box office proved them wrong.",
            "The studio's marketing spend was said to match the production budget.",
        ),
    ),
    Topic(
        "interview",
        "actor",
        1,
        (
            "{actor} on {film}",
            "In conversation: {actor}",
            "{actor} looks back on {film} ({year})",
        ),
        (
            "{actor} talks about the audition, the shoot and working with {director}.",
            "{age} years after {film}, {actor} remembers the role that changed everything.",
        ),
        (
            "{actor} got the part in {film} after a second audition.",
            "“I read the script in one night,” {actor} says in the interview.",
            "Preparation for the role took {n} months of training.",
            "Working with {director} meant many takes of every scene.",
            "{actor} still keeps a prop from the set of {film}.",
            "The cast rehearsed for two weeks before shooting began.",
            "“The character was nothing like me, and that was the point.”",
            "{actor} and the rest of the cast became friends on location.",
            "The most difficult scene was shot on the last day, in the rain.",
            "Since {film}, {actor} has turned down several similar roles.",
            "{actor} talks about the next project, a smaller film with {director}.",
            "The interview took place on the set of {other} ({other_year}).",
        ),
    ),
    Topic(
        "retrospective",
        "",
        2,
        (
            "{film} at {age}",
            "Revisiting {film} ({year})",
            "Why {film} still matters",
        ),
        (
            "{age} years on, {film} looks better than it did in {year}.",
            "A retrospective of {film}: its legacy, its cult following and its influence.",
        ),
        (
            "{film} turns {age} this year, and it has aged well.",
            "In {year} few critics saw what {film} would become.",
            "Its cult following grew on video and late-night television.",
            "The influence of {film} is easy to see in {other} ({other_year}).",
            "Revisited today, the film's pacing feels patient rather than slow.",
            "The anniversary brings a new screening tour and a documentary.",
            "{director}'s film was a modest success that became a classic.",
            "Lines from {film} are still quoted by people who have never seen it.",
            "The legacy of the film lies in its ending, copied ever since.",
            "A retrospective season at the cinematheque opens with {film}.",
            "The film looks less dated than most of what came out in {year}.",
            "Each generation finds something new in it.",
        ),
    ),
    Topic(
        "production",
        "director",
        1,
        (
            "Making {film}",
            "Behind the scenes of {film} ({year})",
            "The troubled shoot of {film}",
        ),
        (
            "Locations, rewrites and stunts: how {director} got {film} made.",
            "The production of {film} ran {n} weeks over schedule; the film survived it.",
        ),
        (
            "Shooting of {film} began on location in the spring before its release.",
            "The script was rewritten {n} times during pre-production.",
            "{director} insisted on practical effects over digital ones.",
            "The stunts were done by the cast where insurance allowed it.",
            "Bad weather stopped the shoot for weeks at a time.",
            "The studio wanted a shorter cut; {director} delivered {minutes} minutes.",
            "The sets were built in a hangar and taken down the week after.",
            "{actor} broke an ankle on the set and worked on regardless.",
            "The cinematographer shot on film stock that was already rare at the time.",
            "The production designer drew every set before anything was built.",
            "Reshoots in the summer gave the film its new ending.",
            "The crew of {film} went on to work with {director} again.",
        ),
    ),
)

# Sentences any article may use: the house words that the related reading's TF-IDF weighs
# down because they are everywhere. The first names the film.
HOUSE_SENTENCES: tuple[str, ...] = (
    "Our archive has more on {film} and the people who made it.",
    "Readers can vote on {film} and write their own review.",
    "The film is listed with its full cast and crew in the catalogue.",
    "We will return to this subject in a later article.",
)
# Named in an article tagged with the film's director or a leading actor when none of the
# sentences it kept names them.
DIRECTED_BY = "{film} ({year}) was directed by {director}."
# Named in an interview tagged with two of the leading actors.
TWO_OF_THE_CAST = "{actor} shares this interview with {costar}, who also stars in {film}."
STARRING = "{film} ({year}) stars {actor}."
