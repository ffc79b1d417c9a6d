"""The vote form: one of ten half-star values, or "remove my vote"."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from cinemeter.community.votes.services import is_vote_value

INVALID_VOTE = _("Choose a vote from 0.5 to 5 stars in half steps.")


class VoteForm(forms.Form):
    # A plain text field parsed here rather than a ChoiceField, so "4" and "4.0" are one vote
    # and every wrong value gets the same clear message.
    value = forms.CharField(required=False, max_length=10)
    remove = forms.BooleanField(required=False)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("remove"):
            data["value"] = None
            return data
        try:
            value = Decimal(str(data.get("value", "")).strip())
        except InvalidOperation:
            value = None
        if not is_vote_value(value):
            raise forms.ValidationError(INVALID_VOTE, code="invalid_vote")
        data["value"] = value
        return data
