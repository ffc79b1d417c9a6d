"""factory_boy factories for the catalogue; titles and credits go through the services."""

from typing import Any

import factory
from factory.declarations import LazyAttribute, Sequence

from cinemeter.catalog import services
from cinemeter.catalog.models import Country, Credit, Department, Genre, Person, Title, TitleKind


class GenreFactory(factory.django.DjangoModelFactory[Genre]):
    class Meta:
        model = Genre
        django_get_or_create = ("slug",)

    name = Sequence(lambda n: f"Genre {n}")
    slug = LazyAttribute(lambda o: o.name.lower().replace(" ", "-"))


class CountryFactory(factory.django.DjangoModelFactory[Country]):
    class Meta:
        model = Country
        django_get_or_create = ("code",)

    code = "US"
    name = "United States"


class TitleFactory(factory.django.DjangoModelFactory[Title]):
    class Meta:
        model = Title

    kind = TitleKind.MOVIE
    title = Sequence(lambda n: f"Film number {n}")
    year = 1996

    @classmethod
    def _create(cls, model_class: type[Title], *args: Any, **kwargs: Any) -> Title:
        return services.title_create(**kwargs)


class PersonFactory(factory.django.DjangoModelFactory[Person]):
    class Meta:
        model = Person

    name = Sequence(lambda n: f"Person {n}")

    @classmethod
    def _create(cls, model_class: type[Person], *args: Any, **kwargs: Any) -> Person:
        return services.person_create(**kwargs)


def add_actor(title: Title, name: str, character: str, order: int) -> Credit:
    return services.credit_add(
        title=title,
        person=PersonFactory.create(name=name),
        department=Department.ACTING,
        character=character,
        billing_order=order,
    )


def add_crew(title: Title, name: str, department: str, job: str) -> Credit:
    return services.credit_add(
        title=title, person=PersonFactory.create(name=name), department=department, job=job
    )
