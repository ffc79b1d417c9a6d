"""Forms for writing and reporting messages; they parse input, the services decide."""

from __future__ import annotations

from typing import Any

from django import forms
from django.conf import settings

from cinemeter.community.messages import Draft

CONFIRM_LABEL = "Post anyway and let a moderator check it"


class MessageForm(forms.Form):
    body = forms.CharField(
        label="Your message",
        max_length=settings.MESSAGES_MAX_LENGTH,
        strip=True,
        widget=forms.Textarea(attrs={"rows": 6, "data-paste-guard": "1"}),
        help_text=(
            "Plain text with a little Markdown: *emphasis*, **strong**, [a link](https://…),"
            " and > at the start of a line for a quote."
        ),
    )
    spoiler = forms.BooleanField(label="Contains spoilers (hide until clicked)", required=False)
    # Set to 1 by static/js/paste_guard.js when a long text is pasted into the box.
    pasted_long = forms.BooleanField(required=False, widget=forms.HiddenInput)
    confirm_paste = forms.BooleanField(label=CONFIRM_LABEL, required=False)
    reply_to = forms.IntegerField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # Offered only with the paste warning, so nobody ticks it before reading it.
        self.fields["confirm_paste"].widget = forms.HiddenInput()

    def offer_confirm(self) -> None:
        self.fields["confirm_paste"].widget = forms.CheckboxInput()

    def draft(self) -> Draft:
        data = self.cleaned_data
        return Draft(
            source=data["body"],
            spoiler=data["spoiler"],
            pasted_long=data["pasted_long"],
            confirmed=data["confirm_paste"],
        )


class ReportForm(forms.Form):
    reason = forms.CharField(
        label="What is wrong with this message?",
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 4}),
    )


class SuspendForm(forms.Form):
    reason = forms.CharField(label="Reason", max_length=1000, required=False)
