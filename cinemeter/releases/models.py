"""The releases app's models, gathered from its subpackages: Django looks for an app's models
in its `models` module, and they keep the app label `releases` wherever they are defined.
Soundtrack albums will live beside the editions in `releases/music/`.
"""

from cinemeter.releases.editions.models import (
    DatePrecision,
    Edition,
    EditionExternalId,
    EditionFeature,
    EditionFormat,
    EditionSource,
    FeatureKind,
    FeaturePerson,
    NewOverride,
    ReleaseLinkKind,
    TitleReleaseLink,
)

__all__ = [
    "DatePrecision",
    "Edition",
    "EditionExternalId",
    "EditionFeature",
    "EditionFormat",
    "EditionSource",
    "FeatureKind",
    "FeaturePerson",
    "NewOverride",
    "ReleaseLinkKind",
    "TitleReleaseLink",
]
