"""The releases app's models, gathered from its subpackages: Django looks for an app's models
in its `models` module, and they keep the app label `releases` wherever they are defined.
Soundtrack albums live beside the editions in `releases/music/`.
"""

from cinemeter.releases.editions.models import (
    DatePrecision,
    Edition,
    EditionFeature,
    EditionFormat,
    FeatureKind,
    FeaturePerson,
    NewOverride,
)
from cinemeter.releases.music.models import (
    Album,
    AlbumCredit,
    AlbumRelation,
    AlbumTitle,
    AlbumType,
    ArtistCredit,
    ArtistCreditName,
    LinkKind,
    Medium,
    MusicLink,
    Recording,
    Release,
    Track,
)

__all__ = [
    "Album",
    "AlbumCredit",
    "AlbumRelation",
    "AlbumTitle",
    "AlbumType",
    "ArtistCredit",
    "ArtistCreditName",
    "DatePrecision",
    "Edition",
    "EditionFeature",
    "EditionFormat",
    "FeatureKind",
    "FeaturePerson",
    "LinkKind",
    "Medium",
    "MusicLink",
    "NewOverride",
    "Recording",
    "Release",
    "Track",
]
