"""Staff editing of editions and their features.

An edition's page holds all its features as one inline (thirty on one page), each with the
computed NEW outcome beside the editor's controls (`same_as`, the override), and the
edition's gains and drops read-only above. Every save goes through `editions.services`, and
one admin request bumps its page versions once (`core.writes.write_unit`, inside the admin's
transaction).
"""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.db.models import QuerySet
from django.forms import BaseInlineFormSet, ModelForm
from django.http import HttpRequest, HttpResponse
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext as _

from cinemeter.catalog.admin import HTTPS_URL_FIELDS
from cinemeter.core.writes import write_unit
from cinemeter.releases.editions import services
from cinemeter.releases.editions.models import Edition, EditionFeature, FeaturePerson
from cinemeter.releases.editions.selectors import TitleEditions, title_editions


class _BumpOnceAdmin(admin.ModelAdmin[Any]):
    """The whole change form (the object and its inlines) renews its pages in one bump."""

    def changeform_view(
        self,
        request: HttpRequest,
        object_id: str | None = None,
        form_url: str = "",
        extra_context: dict[str, Any] | None = None,
    ) -> HttpResponse:
        with write_unit():
            return super().changeform_view(request, object_id, form_url, extra_context)


def _outcome_line(editions: TitleEditions, feature: EditionFeature) -> str:
    view = next(
        (fv for ev in editions.editions for fv in ev.features if fv.feature.pk == feature.pk),
        None,
    )
    if view is None:
        return ""
    first = ", ".join(str(e) for e in view.first_editions)
    text = _("NEW") if view.is_new else _("not new (first on %(first)s)") % {"first": first}
    if view.overridden:
        computed = _("new") if view.computed_new else _("not new")
        text += " · " + _("overridden; computed: %(computed)s") % {"computed": computed}
    return text


class FeatureInline(admin.TabularInline[EditionFeature, Edition]):
    model = EditionFeature
    fk_name = "edition"
    fields = ("order", "title", "kind", "duration_seconds", "same_as", "new_override", "outcome")
    readonly_fields = ("outcome",)
    autocomplete_fields = ("same_as",)
    show_change_link = True  # the people in a feature are edited on the feature's page
    extra = 3

    _editions: TitleEditions | None = None

    @admin.display(description="NEW?")
    def outcome(self, feature: EditionFeature) -> str:
        """Computed once per request for all the title's editions (three queries)."""
        if not feature.pk:  # a blank extra form
            return ""
        if self._editions is None:
            self._editions = title_editions(feature.edition.title.slug)
        return _outcome_line(self._editions, feature)


@admin.register(Edition)
class EditionAdmin(_BumpOnceAdmin):
    list_display = ("name", "title", "format", "label", "release_date", "date_precision")
    list_filter = ("format",)
    search_fields = ("name", "title__title", "gtin", "catalogue_number")
    autocomplete_fields = ("title", "label")
    list_select_related = ("title", "label")
    formfield_overrides = HTTPS_URL_FIELDS
    readonly_fields = ("gains_and_drops", "imported_from")
    inlines = [FeatureInline]
    fieldsets = [
        (
            None,
            {
                "fields": (
                    "title",
                    "name",
                    "slug",
                    "label",
                    "format",
                    "gains_and_drops",
                    "imported_from",
                )
            },
        ),
        (_("Release"), {"fields": ("release_date", "date_precision", "country_code")}),
        (
            _("Disc"),
            {
                "fields": (
                    "region_code",
                    "gtin",
                    "catalogue_number",
                    "part_number",
                    "disc_count",
                    "classification_board",
                    "classification_rating",
                    "packaging",
                )
            },
        ),
        (
            _("Picture and sound"),
            {"fields": ("transfer_note", "aspect_ratio", "audio_tracks", "subtitle_tracks")},
        ),
        (_("Cover"), {"fields": ("cover_file", "cover_url", "cover_attribution")}),
        (_("Editorial"), {"fields": ("editorial",)}),
    ]

    @admin.display(description="Adds and drops")
    def gains_and_drops(self, edition: Edition) -> str:
        if not edition.pk:  # the add form
            return "—"
        view = title_editions(edition.title.slug).get(edition.slug)
        new = [fv.feature.title for fv in view.features if fv.is_new]
        return format_html(
            "<p>{}</p><ul>{}</ul><p>{}</p><ul>{}</ul>",
            _("NEW on this edition: %(count)d") % {"count": len(new)},
            format_html_join("", "<li>{}</li>", ((title,) for title in new)),
            _("Dropped from earlier editions: %(count)d") % {"count": len(view.drops)},
            format_html_join(
                "",
                "<li>{} ({})</li>",
                ((fv.feature.title, fv.feature.edition) for fv in view.drops),
            ),
        )

    @admin.display(description="Imported from")
    def imported_from(self, edition: Edition) -> str:
        """The sources that know this edition: a new import makes its features the source's
        list again (an editor's links and NEW overrides on them stay)."""
        ids = [str(row) for row in edition.external_ids.all()] if edition.pk else []
        return ", ".join(ids) or "—"

    def save_model(
        self, request: HttpRequest, obj: Edition, form: ModelForm[Edition], change: bool
    ) -> None:
        services.edition_save(obj)

    def save_formset(
        self,
        request: HttpRequest,
        form: ModelForm[Any],
        formset: BaseInlineFormSet[Any, Any, Any],
        change: bool,
    ) -> None:
        features = formset.save(commit=False)
        for feature in formset.deleted_objects:
            services.feature_delete(feature)
        for feature in features:
            services.feature_save(feature)

    def delete_model(self, request: HttpRequest, obj: Edition) -> None:
        services.edition_delete(obj)

    def delete_queryset(self, request: HttpRequest, queryset: QuerySet[Edition]) -> None:
        services.editions_delete(queryset.select_related("title"))


class FeaturePersonInline(admin.TabularInline[FeaturePerson, EditionFeature]):
    model = FeaturePerson
    fields = ("person", "role", "order")
    autocomplete_fields = ("person",)
    extra = 2


@admin.register(EditionFeature)
class EditionFeatureAdmin(_BumpOnceAdmin):
    list_display = ("title", "kind", "edition", "order", "new_override")
    list_filter = ("kind", "new_override")
    search_fields = ("title", "edition__name", "edition__title__title")
    list_select_related = ("edition", "edition__title")
    autocomplete_fields = ("edition", "same_as")
    inlines = [FeaturePersonInline]

    def save_model(
        self,
        request: HttpRequest,
        obj: EditionFeature,
        form: ModelForm[EditionFeature],
        change: bool,
    ) -> None:
        services.feature_save(obj)

    def save_formset(
        self,
        request: HttpRequest,
        form: ModelForm[Any],
        formset: BaseInlineFormSet[Any, Any, Any],
        change: bool,
    ) -> None:
        kept = [
            f
            for f in formset.forms
            if f.cleaned_data.get("person") and not f.cleaned_data.get("DELETE")
        ]
        kept.sort(key=lambda f: f.cleaned_data.get("order") or 0)
        services.feature_people_set(
            feature=form.instance,
            people=[(f.cleaned_data["person"], f.cleaned_data.get("role", "")) for f in kept],
        )

    def delete_model(self, request: HttpRequest, obj: EditionFeature) -> None:
        services.feature_delete(obj)

    def delete_queryset(self, request: HttpRequest, queryset: QuerySet[EditionFeature]) -> None:
        with write_unit():
            for feature in queryset:
                services.feature_delete(feature)
