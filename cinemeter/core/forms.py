"""The site's form renderer: what a form sends back with its errors is bounded.

A form shown again with its errors repeats what was typed, so nothing is lost. A robot that
posts a megabyte into a field of 30 characters would get the megabyte back in the page; a
person cannot type past the `maxlength` the browser enforces, so repeating at most the
field's own limit loses nothing anyone typed. Validation still sees the whole value (the
error says how long it was); only the echo is cut. Django 5.2 lets the renderer choose the
bound field class, so every form, the admin's included, gets the bound.
"""

from __future__ import annotations

from typing import Any

from django.forms.boundfield import BoundField
from django.forms.renderers import DjangoTemplates

# For text fields without a maximum of their own: longer than any message the site accepts.
ECHO_MAX_LENGTH = 20_000


class BoundedEchoField(BoundField):
    def value(self) -> Any:
        value = super().value()
        if self.form.is_bound and isinstance(value, str):
            # The field's own maximum, else the one the browser is told (a rule that lives in
            # validators, like the username's), else the site's ceiling.
            limit = (
                getattr(self.field, "max_length", None)
                or self.field.widget.attrs.get("maxlength")
                or ECHO_MAX_LENGTH
            )
            return value[: int(limit)]
        return value


class SiteFormRenderer(DjangoTemplates):
    bound_field_class = BoundedEchoField
