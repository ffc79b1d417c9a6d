"""Forms for writing and reporting messages; they parse input, the services decide."""

from __future__ import annotations

from typing import Any

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _
from django_stubs_ext import StrOrPromise

from cinemeter.community.messages.services import Draft

CONFIRM_LABEL = _("Post anyway and let a moderator check it")


def _language_choices() -> list[tuple[str, StrOrPromise]]:
    return [("", _("Detect it for me")), *settings.LANGUAGES]


class MessageForm(forms.Form):
    body = forms.CharField(
        label=_("Your message"),
        max_length=settings.MESSAGES_MAX_LENGTH,
        strip=True,
        widget=forms.Textarea(attrs={"rows": 6, "data-paste-guard": "1"}),
        help_text=_(
            "Plain text with a little Markdown: *emphasis*, **strong**, [a link](https://…),"
            " and > at the start of a line for a quote."
        ),
    )
    spoiler = forms.BooleanField(label=_("Contains spoilers (hide until clicked)"), required=False)
    language = forms.ChoiceField(
        label=_("Written in"),
        choices=_language_choices,
        required=False,
        help_text=_(
            "Readers of other languages see a translation, with the original a click away."
        ),
    )
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
            language=data.get("language") or "",
        )
