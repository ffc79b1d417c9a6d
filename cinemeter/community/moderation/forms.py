"""Forms for reporting a message and for a moderator's suspension; the services decide."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _


class ReportForm(forms.Form):
    reason = forms.CharField(
        label=_("What is wrong with this message?"),
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 4}),
    )


class SuspendForm(forms.Form):
    reason = forms.CharField(label=_("Reason"), max_length=1000, required=False)
