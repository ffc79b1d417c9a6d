"""Staff see votes in the admin and can delete them; the counter follows."""

from decimal import Decimal

from django.urls import reverse

from cinemeter.accounts.models import User
from cinemeter.accounts.services import imported_members_ensure
from cinemeter.community.models import Vote
from cinemeter.community.votes.services import vote_cast
from cinemeter.core.counters import counters_read, counters_recount
from tests.catalog.factories import TitleFactory


def test_votes_are_listed_and_deleted_through_the_service(admin_client):
    ids = imported_members_ensure(["movielens-1"])
    title = TitleFactory.create(title="Escape from L.A.")
    vote_id = vote_cast(
        user=User.objects.get(pk=ids["movielens-1"]), title=title, value=Decimal("4.5")
    )
    counters_recount()
    assert counters_read()["votes"] == 1

    page = admin_client.get(reverse("admin:community_vote_changelist"))
    assert page.status_code == 200
    assert "movielens-1" in page.text
    assert "Escape from L.A." in page.text
    assert admin_client.get(reverse("admin:community_vote_add")).status_code == 403

    response = admin_client.post(
        reverse("admin:community_vote_changelist"),
        {"action": "delete_selected", "_selected_action": [vote_id], "post": "yes"},
    )
    assert response.status_code == 302
    assert not Vote.objects.exists()
    assert counters_read()["votes"] == 0
