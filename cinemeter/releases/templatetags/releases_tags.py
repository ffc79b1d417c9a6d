"""Template filters of the releases pages."""

from __future__ import annotations

from datetime import date

from django import template
from django.utils.formats import date_format
from django.utils.functional import Promise
from django.utils.translation import pgettext_lazy

from cinemeter.catalog.vocabulary import job_name
from cinemeter.releases.editions.models import DatePrecision

register = template.Library()


@register.simple_tag
def release_date(value: date | None, precision: str) -> str:
    """ "26 May 2020", "May 2020" or "2020", as much as is known, in the reader's language."""
    if value is None:
        return ""
    if precision == DatePrecision.YEAR:
        return str(value.year)
    if precision == DatePrecision.MONTH:
        return date_format(value, "YEAR_MONTH_FORMAT")
    return date_format(value, "DATE_FORMAT")


@register.filter
def role_name(role: str) -> str:
    """A credit's role in the reader's language where the film jobs' vocabulary has it."""
    return job_name(role)


# Who someone is in a bonus feature, as editors write it ("actor", "composer"): the common
# words in the reader's language; any other is shown as written.
FEATURE_ROLES: dict[str, Promise] = {
    "actor": pgettext_lazy("feature role", "actor"),
    "actress": pgettext_lazy("feature role", "actress"),
    "composer": pgettext_lazy("feature role", "composer"),
    "director": pgettext_lazy("feature role", "director"),
    "producer": pgettext_lazy("feature role", "producer"),
    "writer": pgettext_lazy("feature role", "writer"),
    "screenwriter": pgettext_lazy("feature role", "screenwriter"),
    "cinematographer": pgettext_lazy("feature role", "cinematographer"),
    "editor": pgettext_lazy("feature role", "editor"),
    "narrator": pgettext_lazy("feature role", "narrator"),
    "host": pgettext_lazy("feature role", "host"),
    "interviewer": pgettext_lazy("feature role", "interviewer"),
    "film historian": pgettext_lazy("feature role", "film historian"),
    "critic": pgettext_lazy("feature role", "critic"),
    "stunt coordinator": pgettext_lazy("feature role", "stunt coordinator"),
    "production designer": pgettext_lazy("feature role", "production designer"),
    "makeup artist": pgettext_lazy("feature role", "makeup artist"),
    "visual effects supervisor": pgettext_lazy("feature role", "visual effects supervisor"),
}


@register.filter
def feature_role(role: str) -> str:
    """A person's role in a bonus feature in the reader's language: "acteur" for "actor"."""
    found = FEATURE_ROLES.get(role.strip().lower())
    return str(found) if found is not None else job_name(role)
