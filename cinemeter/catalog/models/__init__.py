"""The catalogue's models, one module per aggregate (and the kinds their fields choose from)."""

from cinemeter.catalog.kinds import FILM_KINDS, SHOW_KINDS, ImageKind, TitleKind
from cinemeter.catalog.models.companies import Company, CompanyCredit, CompanyRole
from cinemeter.catalog.models.external import ExternalId, ExternalRating, ExternalSource
from cinemeter.catalog.models.media import (
    VIDEO_EMBED_ORIGINS,
    VIDEO_KIND_ORDER,
    Image,
    Video,
    VideoKind,
    VideoProvider,
)
from cinemeter.catalog.models.people import DEPARTMENT_ORDER, Credit, Department, Person
from cinemeter.catalog.models.redirects import SlugKind, SlugRedirect
from cinemeter.catalog.models.reference import Country, Genre
from cinemeter.catalog.models.scores import VOTE_VALUES, TitleScore
from cinemeter.catalog.models.texts import TitlePlot
from cinemeter.catalog.models.titles import (
    AlternativeTitle,
    ReleaseDate,
    ReleaseType,
    Title,
)

__all__ = [
    "DEPARTMENT_ORDER",
    "FILM_KINDS",
    "SHOW_KINDS",
    "VIDEO_EMBED_ORIGINS",
    "VIDEO_KIND_ORDER",
    "VOTE_VALUES",
    "AlternativeTitle",
    "Company",
    "CompanyCredit",
    "CompanyRole",
    "Country",
    "Credit",
    "Department",
    "ExternalId",
    "ExternalRating",
    "ExternalSource",
    "Genre",
    "Image",
    "ImageKind",
    "Person",
    "ReleaseDate",
    "ReleaseType",
    "SlugKind",
    "SlugRedirect",
    "Title",
    "TitleKind",
    "TitlePlot",
    "TitleScore",
    "Video",
    "VideoKind",
    "VideoProvider",
]
