"""Staff editing of albums and their releases.

An album's page holds its title links, credits and links as inlines; a release's page holds
its media and its whole tracklist (forty tracks on one page), each track with the computed
"adds" outcome beside it, and the release's additions and omissions read-only above. Every
save goes through `music.services`, and one admin request bumps its page versions once.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin
from django.db.models import QuerySet
from django.forms import BaseInlineFormSet, ModelForm
from django.http import HttpRequest
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext as _

from cinemeter.catalog.admin import HTTPS_URL_FIELDS
from cinemeter.core.writes import write_unit
from cinemeter.releases.editions.admin import _BumpOnceAdmin
from cinemeter.releases.music import services
from cinemeter.releases.music.models import (
    Album,
    AlbumCredit,
    AlbumTitle,
    ArtistCredit,
    Medium,
    MusicLink,
    Recording,
    Release,
    Track,
)
from cinemeter.releases.music.selectors import AlbumPage, album_page


class _ServicesInlinesAdmin(_BumpOnceAdmin):
    """Inline rows are written by `music.services.album_rows_save`."""

    def album_id_of(self, obj: Any) -> int:
        raise NotImplementedError

    def save_formset(
        self,
        request: HttpRequest,
        form: ModelForm[Any],
        formset: BaseInlineFormSet[Any, Any, Any],
        change: bool,
    ) -> None:
        saved = formset.save(commit=False)
        services.album_rows_save(
            album_id=self.album_id_of(form.instance),
            saved=saved,
            deleted=list(formset.deleted_objects),
        )


class AlbumTitleInline(admin.TabularInline[AlbumTitle, Album]):
    model = AlbumTitle
    autocomplete_fields = ("title",)
    extra = 1


class AlbumCreditInline(admin.TabularInline[AlbumCredit, Album]):
    model = AlbumCredit
    fields = ("order", "person", "name", "role")
    autocomplete_fields = ("person",)
    extra = 1


class AlbumLinkInline(admin.TabularInline[MusicLink, Album]):
    model = MusicLink
    fk_name = "album"
    fields = ("kind", "url")
    extra = 1


@admin.register(Album)
class AlbumAdmin(_ServicesInlinesAdmin):
    list_display = ("title", "first_release_date", "artist_credit", "is_soundtrack")
    list_filter = ("is_soundtrack", "album_type")
    search_fields = ("title", "artist_credit__text")
    list_select_related = ("artist_credit",)
    autocomplete_fields = ("artist_credit",)
    formfield_overrides = HTTPS_URL_FIELDS
    inlines = [AlbumTitleInline, AlbumCreditInline, AlbumLinkInline]
    fields = (
        "title",
        "slug",
        "artist_credit",
        ("album_type", "is_soundtrack", "is_compilation"),
        ("first_release_date", "date_precision"),
        "disambiguation",
        "mbid",
        ("cover_url", "cover_attribution"),
        "note",
    )

    def album_id_of(self, obj: Album) -> int:
        return int(obj.pk)

    def save_model(
        self, request: HttpRequest, obj: Album, form: ModelForm[Album], change: bool
    ) -> None:
        services.album_save(obj)

    def delete_model(self, request: HttpRequest, obj: Album) -> None:
        services.album_delete(obj)

    def delete_queryset(self, request: HttpRequest, queryset: QuerySet[Album]) -> None:
        with write_unit():
            for album in queryset:
                services.album_delete(album)


class MediumInline(admin.TabularInline[Medium, Release]):
    model = Medium
    fields = ("position", "format", "name", "track_count")
    extra = 1


class TrackForm(forms.ModelForm[Track]):
    class Meta:
        model = Track
        fields = ("medium_position", "position", "number", "title", "length_ms", "recording")

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # A new track without one gets a recording of its own (`album_rows_save`).
        self.fields["recording"].required = False


class TrackInline(admin.TabularInline[Track, Release]):
    model = Track
    form = TrackForm
    fields = (
        "medium_position",
        "position",
        "number",
        "title",
        "length_ms",
        "artist_credit",
        "recording",
        "outcome",
    )
    readonly_fields = ("outcome",)
    autocomplete_fields = ("artist_credit", "recording")
    extra = 3

    _page: AlbumPage | None = None

    @admin.display(description="Adds?")
    def outcome(self, track: Track) -> str:
        """Computed once per request for the whole album."""
        if not track.pk:
            return ""
        if (
            self._page is None
            or self._page.chosen is None
            or (self._page.chosen.release.pk != track.release_id)
        ):
            self._page = album_page(track.release.album.slug, track.release.slug)
        if not self._page.compared:
            return _("nothing earlier to compare with")
        added = {tv.track.pk for mv in self._page.media for tv in mv.tracks if tv.is_added}
        return _("NEW") if track.pk in added else _("on an earlier release")


class ReleaseLinkInline(admin.TabularInline[MusicLink, Release]):
    model = MusicLink
    fk_name = "release"
    fields = ("kind", "url")
    extra = 1


@admin.register(Release)
class ReleaseAdmin(_ServicesInlinesAdmin):
    list_display = ("title", "album", "release_date", "label", "catalogue_number", "country_code")
    search_fields = ("title", "album__title", "catalogue_number", "barcode")
    list_select_related = ("album", "label")
    autocomplete_fields = ("album", "label", "artist_credit")
    formfield_overrides = HTTPS_URL_FIELDS
    readonly_fields = ("adds_and_drops",)
    inlines = [MediumInline, TrackInline, ReleaseLinkInline]
    fields = (
        "album",
        "title",
        "slug",
        "artist_credit",
        "adds_and_drops",
        ("release_date", "date_precision", "country_code"),
        ("label", "catalogue_number", "barcode"),
        ("status", "packaging"),
        "edition_note",
        "mbid",
        ("cover_url", "cover_attribution"),
    )

    def album_id_of(self, obj: Release) -> int:
        return int(obj.album_id)

    @admin.display(description="Adds and leaves out")
    def adds_and_drops(self, release: Release) -> str:
        if not release.pk:
            return "—"
        page = album_page(release.album.slug, release.slug)
        if not page.compared:
            return _("No earlier release with a tracklist to compare with.")
        added = [tv.track.title for mv in page.media for tv in mv.tracks if tv.is_added]
        return format_html(
            "<p>{}</p><ul>{}</ul><p>{}</p><ul>{}</ul>",
            _("Not on any earlier release: %(count)d") % {"count": len(added)},
            format_html_join("", "<li>{}</li>", ((title,) for title in added)),
            _("Left out from earlier releases: %(count)d") % {"count": len(page.dropped)},
            format_html_join("", "<li>{}</li>", ((t.title,) for t in page.dropped)),
        )

    def save_model(
        self, request: HttpRequest, obj: Release, form: ModelForm[Release], change: bool
    ) -> None:
        services.release_save(obj)

    def delete_model(self, request: HttpRequest, obj: Release) -> None:
        services.release_delete(obj)

    def delete_queryset(self, request: HttpRequest, queryset: QuerySet[Release]) -> None:
        with write_unit():
            for release in queryset:
                services.release_delete(release)


@admin.register(ArtistCredit)
class ArtistCreditAdmin(admin.ModelAdmin[ArtistCredit]):
    """Read-only: credits are shared rows made by the services from their names."""

    search_fields = ("text",)
    readonly_fields = ("text",)
    fields = ("text",)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(Recording)
class RecordingAdmin(_BumpOnceAdmin):
    list_display = ("title", "artist_credit", "length_ms", "first_release_text")
    search_fields = ("title", "artist_credit__text", "isrcs")
    autocomplete_fields = ("artist_credit", "first_release")
    list_select_related = ("artist_credit",)

    def save_model(
        self, request: HttpRequest, obj: Recording, form: ModelForm[Recording], change: bool
    ) -> None:
        services.recording_save(obj)
