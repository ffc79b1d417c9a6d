"""Staff editing of every catalogue entity.

Titles, people and credits are saved and deleted through the catalogue services so the site
counters stay exact whatever staff do here.
"""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.db import models
from django.db.models import QuerySet
from django.forms import BaseInlineFormSet, ModelForm
from django.http import HttpRequest

from cinemeter.catalog import services
from cinemeter.catalog.models import (
    AlternativeTitle,
    Company,
    CompanyCredit,
    Country,
    Credit,
    ExternalId,
    ExternalRating,
    Genre,
    Image,
    Person,
    ReleaseDate,
    SlugRedirect,
    Title,
    TitlePlot,
    Video,
)
from cinemeter.core.page_cache import CATALOGUE, versions_bump

# A URL typed without a scheme means https (Django 6's default, chosen explicitly now).
HTTPS_URL_FIELDS: dict[type[models.Field[Any, Any]], dict[str, Any]] = {
    models.URLField: {"assume_scheme": "https"},
}


class CreditTrackingMixin:
    """Saves credit inlines inside `actors_tracked`, covering people added and removed."""

    def save_formset(
        self,
        request: HttpRequest,
        form: ModelForm[Any],
        formset: BaseInlineFormSet[Any, Any, Any],
        change: bool,
    ) -> None:
        if formset.model is not Credit:
            super().save_formset(request, form, formset, change)  # type: ignore[misc]
            return
        person_ids: set[int] = set()
        for inline_form in formset.forms:
            for value in (
                inline_form.initial.get("person"),
                inline_form.cleaned_data.get("person"),
            ):
                if isinstance(value, Person):
                    person_ids.add(value.pk)
                elif value:
                    person_ids.add(int(value))
        if formset.model is Credit and isinstance(form.instance, Person):
            person_ids.add(form.instance.pk)
        with services.actors_tracked(person_ids):
            super().save_formset(request, form, formset, change)  # type: ignore[misc]

    def save_related(
        self,
        request: HttpRequest,
        form: ModelForm[Any],
        formsets: list[BaseInlineFormSet[Any, Any, Any]],
        change: bool,
    ) -> None:
        # The inlines (AKAs, credits, ids, images) are saved after the row itself: tell the
        # apps that follow catalogue changes (search) once they are all in.
        super().save_related(request, form, formsets, change)  # type: ignore[misc]
        services.catalogue_related_saved(form.instance)


class CreditInline(admin.TabularInline[Credit, Title]):
    model = Credit
    fk_name = "title"
    autocomplete_fields = ("person",)
    fields = ("person", "department", "job", "character", "billing_order")
    extra = 1


class PersonCreditInline(admin.TabularInline[Credit, Person]):
    model = Credit
    fk_name = "person"
    autocomplete_fields = ("title",)
    fields = ("title", "department", "job", "character", "billing_order")
    extra = 0


class ExternalIdInline(admin.TabularInline[ExternalId, Any]):
    model = ExternalId
    fields = ("source", "value")
    extra = 0


class ExternalRatingInline(admin.TabularInline[ExternalRating, Title]):
    model = ExternalRating
    extra = 0


class AlternativeTitleInline(admin.TabularInline[AlternativeTitle, Title]):
    model = AlternativeTitle
    extra = 0


class TitlePlotInline(admin.StackedInline[TitlePlot, Title]):
    """The plot in other languages than the catalogue's own; readers get theirs."""

    model = TitlePlot
    extra = 0


class ReleaseDateInline(admin.TabularInline[ReleaseDate, Title]):
    model = ReleaseDate
    extra = 0


class CompanyCreditInline(admin.TabularInline[CompanyCredit, Title]):
    model = CompanyCredit
    autocomplete_fields = ("company",)
    extra = 0


class ImageInline(admin.StackedInline[Image, Any]):
    model = Image
    formfield_overrides = HTTPS_URL_FIELDS
    fields = ("kind", "file", "remote_url", "caption", "source", "attribution", "order")
    extra = 0


class VideoInline(admin.TabularInline[Video, Title]):
    model = Video
    formfield_overrides = HTTPS_URL_FIELDS
    fields = ("kind", "name", "provider", "key", "url", "language", "duration_seconds", "order")
    extra = 0


@admin.register(Title)
class TitleAdmin(CreditTrackingMixin, admin.ModelAdmin[Title]):
    list_display = ("title", "year", "kind", "slug", "updated_at")
    list_filter = ("kind", "genres")
    search_fields = ("title", "original_title", "slug")
    prepopulated_fields = {"slug": ("title", "year")}
    autocomplete_fields = ("parent",)
    filter_horizontal = ("genres", "countries")
    inlines = [
        CreditInline,
        ExternalIdInline,
        ExternalRatingInline,
        AlternativeTitleInline,
        TitlePlotInline,
        ReleaseDateInline,
        CompanyCreditInline,
        ImageInline,
        VideoInline,
    ]

    def save_model(
        self, request: HttpRequest, obj: Title, form: ModelForm[Title], change: bool
    ) -> None:
        services.title_save(obj)

    def delete_model(self, request: HttpRequest, obj: Title) -> None:
        services.title_delete(obj)

    def delete_queryset(self, request: HttpRequest, queryset: QuerySet[Title]) -> None:
        services.titles_delete(queryset)


@admin.register(Person)
class PersonAdmin(CreditTrackingMixin, admin.ModelAdmin[Person]):
    list_display = ("name", "birth_year", "slug")
    search_fields = ("name", "slug")
    prepopulated_fields = {"slug": ("name",)}
    inlines = [PersonCreditInline, ExternalIdInline, ImageInline]

    def save_model(
        self, request: HttpRequest, obj: Person, form: ModelForm[Person], change: bool
    ) -> None:
        services.person_save(obj)

    def delete_model(self, request: HttpRequest, obj: Person) -> None:
        services.people_delete(Person.objects.filter(pk=obj.pk))

    def delete_queryset(self, request: HttpRequest, queryset: QuerySet[Person]) -> None:
        services.people_delete(queryset)


@admin.register(Credit)
class CreditAdmin(admin.ModelAdmin[Credit]):
    list_display = ("title", "person", "department", "job", "character", "billing_order")
    list_filter = ("department",)
    search_fields = ("title__title", "person__name", "character")
    autocomplete_fields = ("title", "person")
    list_select_related = ("title", "person")

    def save_model(
        self, request: HttpRequest, obj: Credit, form: ModelForm[Credit], change: bool
    ) -> None:
        # A changed credit may move from one person to another: track both.
        people = {obj.person_id, form.initial.get("person")}
        with services.actors_tracked(p for p in people if p):
            obj.save()

    def delete_model(self, request: HttpRequest, obj: Credit) -> None:
        services.credits_delete(Credit.objects.filter(pk=obj.pk))

    def delete_queryset(self, request: HttpRequest, queryset: QuerySet[Credit]) -> None:
        services.credits_delete(queryset)


class PagesRenewingAdmin(admin.ModelAdmin[Any]):
    """For entities without a service of their own (ratings, AKAs, release dates, images,
    companies, genres...): every save or delete renews the cached pages and panels that may
    show them (the catalogue's page version), in the admin's own transaction, as the
    catalogue services do for titles and people."""

    def save_model(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> None:
        super().save_model(request, obj, form, change)
        versions_bump([CATALOGUE])

    def save_related(self, request: HttpRequest, form: Any, formsets: Any, change: bool) -> None:
        super().save_related(request, form, formsets, change)
        versions_bump([CATALOGUE])  # inlines (a company's external ids)

    def delete_model(self, request: HttpRequest, obj: Any) -> None:
        super().delete_model(request, obj)
        versions_bump([CATALOGUE])

    def delete_queryset(self, request: HttpRequest, queryset: QuerySet[Any]) -> None:
        super().delete_queryset(request, queryset)
        versions_bump([CATALOGUE])


@admin.register(Company)
class CompanyAdmin(PagesRenewingAdmin):
    list_display = ("name", "country")
    search_fields = ("name",)
    prepopulated_fields = {"slug": ("name",)}
    inlines = [ExternalIdInline]


@admin.register(Genre)
class GenreAdmin(PagesRenewingAdmin):
    list_display = ("name", "slug")
    prepopulated_fields = {"slug": ("name",)}
    search_fields = ("name",)


@admin.register(Country)
class CountryAdmin(PagesRenewingAdmin):
    list_display = ("code", "name")
    search_fields = ("code", "name")


class PlainAdmin(PagesRenewingAdmin):
    formfield_overrides = HTTPS_URL_FIELDS


admin.site.register(
    [ExternalId, ExternalRating, AlternativeTitle, ReleaseDate, CompanyCredit, Image, Video],
    PlainAdmin,
)


@admin.register(SlugRedirect)
class SlugRedirectAdmin(admin.ModelAdmin[SlugRedirect]):
    """Old slugs and where they lead: written by the services when a slug changes, so staff
    only look and, for a redirect that should not be, delete."""

    list_display = ("old_slug", "kind", "title", "person", "company", "created_at")
    list_filter = ("kind",)
    search_fields = ("old_slug",)
    readonly_fields = ("kind", "old_slug", "title", "person", "company")

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: SlugRedirect | None = None) -> bool:
        return False
