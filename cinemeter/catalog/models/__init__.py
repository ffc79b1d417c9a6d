"""The catalogue's models, one module per aggregate."""

from cinemeter.catalog.models.companies import Company, CompanyCredit, CompanyRole
from cinemeter.catalog.models.external import ExternalId, ExternalRating, ExternalSource
from cinemeter.catalog.models.media import (
    Image,
    ImageKind,
    Video,
    VideoKind,
    VideoProvider,
)
from cinemeter.catalog.models.people import DEPARTMENT_ORDER, Credit, Department, Person
from cinemeter.catalog.models.reference import Country, Genre
from cinemeter.catalog.models.scores import VOTE_VALUES, TitleScore
from cinemeter.catalog.models.texts import TitlePlot
from cinemeter.catalog.models.titles import (
    FILM_KINDS,
    SHOW_KINDS,
    AlternativeTitle,
    ReleaseDate,
    ReleaseType,
    Title,
    TitleKind,
)

__all__ = [
    "DEPARTMENT_ORDER",
    "FILM_KINDS",
    "SHOW_KINDS",
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
    "Title",
    "TitleKind",
    "TitlePlot",
    "TitleScore",
    "Video",
    "VideoKind",
    "VideoProvider",
]
