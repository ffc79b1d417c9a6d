"""Template filters of the releases pages."""

from __future__ import annotations

from datetime import date

from django import template
from django.utils.formats import date_format

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
