"""`__among`: the one-parameter membership lookup, on SQLite and PostgreSQL."""

from cinemeter.catalog.models import Credit, Department, ExternalId, Title
from tests.catalog.factories import PersonFactory, TitleFactory


def test_among_ids_strings_and_foreign_keys() -> None:
    titles = [TitleFactory.create(title=f"Film {n}") for n in range(4)]
    person = PersonFactory.create()
    Credit.objects.create(title=titles[1], person=person, department=Department.DIRECTING)
    ExternalId.objects.create(source="imdb", value="tt0116225", title=titles[2])

    chosen = {titles[0].pk, titles[3].pk, 10**12}
    assert set(Title.objects.filter(pk__among=chosen)) == {titles[0], titles[3]}
    slugs = {titles[1].slug, "no-such-slug"}
    assert list(Title.objects.filter(slug__among=slugs)) == [titles[1]]
    on = {titles[1].pk, titles[2].pk}
    assert Credit.objects.filter(title_id__among=on).count() == 1
    assert list(
        ExternalId.objects.filter(value__among={"tt0116225", "tt1"}).values_list("title", flat=True)
    ) == [titles[2].pk]


def test_among_nothing_matches_nothing() -> None:
    TitleFactory.create()
    assert not Title.objects.filter(pk__among=set()).exists()


def test_among_many_values_is_one_parameter(django_assert_num_queries) -> None:
    title = TitleFactory.create()
    with django_assert_num_queries(1) as context:
        assert Title.objects.filter(pk__among={title.pk, *range(10**9, 10**9 + 50_000)}).exists()
    sql = context.captured_queries[0]["sql"]
    assert "json_each(" in sql or "= ANY(" in sql
