"""The editor's form: the article's fields, the tags and the workflow buttons' extra inputs."""

from __future__ import annotations

from typing import Any

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from cinemeter.editorial.articles.models import BODY_MAX_LENGTH
from cinemeter.editorial.articles.services import ArticleDraft


class ArticleForm(forms.Form):
    headline = forms.CharField(
        max_length=200,
        label=_("Headline"),
        error_messages={"required": _("An article needs a headline.")},
    )
    standfirst = forms.CharField(
        max_length=400,
        required=False,
        label=_("Standfirst"),
        help_text=_("One or two sentences under the headline."),
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    body = forms.CharField(
        label=_("Text"),
        strip=False,
        error_messages={"required": _("An article needs a text.")},
        help_text=_(
            "Markdown. Link the catalogue with [[title:slug]], [[person:slug]], "
            "[[edition:title-slug/edition-slug]], [[album:slug]] or "
            "[[track:album-slug/track-slug]] (type [[ and a few letters for suggestions); "
            "place [[related]], [[also-like]] or [[see-also]] where the site should suggest "
            "another article."
        ),
        widget=forms.Textarea(
            attrs={"rows": 18, "maxlength": BODY_MAX_LENGTH, "data-paste-guard": "1"}
        ),
    )
    tag_refs = forms.CharField(
        required=False,
        label=_("About"),
        help_text=_(
            "What the article is about: title:…, person:…, edition:…, album:…, track:…, "
            "separated by commas."
        ),
        widget=forms.TextInput(attrs={"autocomplete": "off", "data-ref-complete": "tags"}),
    )
    slug = forms.CharField(
        max_length=100,
        required=False,
        label=_("Slug"),
        help_text=_("Empty: made from the headline. A published article's old slugs redirect."),
    )
    language = forms.ChoiceField(label=_("Language"), required=False)
    hero_url = forms.URLField(
        required=False, max_length=500, assume_scheme="https", label=_("Picture (URL)")
    )
    hero_alt = forms.CharField(required=False, max_length=300, label=_("Picture description"))
    hero_attribution = forms.CharField(
        required=False, max_length=300, label=_("Picture attribution")
    )
    publish_at = forms.DateTimeField(
        required=False,
        label=_("Publish at"),
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
    )
    version = forms.IntegerField(required=False, widget=forms.HiddenInput)
    pasted_long = forms.BooleanField(required=False, widget=forms.HiddenInput)
    confirmed = forms.BooleanField(required=False, label=_("This is my own text: save it anyway."))

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        language_field = self.fields["language"]
        assert isinstance(language_field, forms.ChoiceField)  # noqa: S101 - declared above
        language_field.choices = [("", _("Detect it")), *settings.LANGUAGES]

    def draft(self) -> ArticleDraft:
        data = self.cleaned_data
        return ArticleDraft(
            headline=data["headline"],
            body=data["body"],
            standfirst=data.get("standfirst") or "",
            tag_refs=data.get("tag_refs") or "",
            slug=(data.get("slug") or "").strip(),
            language=data.get("language") or "",
            hero_url=data.get("hero_url") or "",
            hero_alt=data.get("hero_alt") or "",
            hero_attribution=data.get("hero_attribution") or "",
            pasted_long=bool(data.get("pasted_long")),
            confirmed=bool(data.get("confirmed")),
        )
