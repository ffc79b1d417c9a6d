"""Reports, the moderation queue, hiding, approving, suspensions, rate limits and permissions,
all over real HTTP (and with CSRF checks on where it matters).
"""

from datetime import timedelta

import pytest
from django.contrib.auth.models import Group, Permission
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from cinemeter.accounts.models import User
from cinemeter.community.models import Message, MessageStatus, Report, ReportStatus, Suspension
from cinemeter.community.moderation.services import (
    member_can_post,
    new_member_vote_allowed,
)
from tests.accounts.factories import MemberFactory
from tests.accounts.pages import csrf_token
from tests.catalog.factories import TitleFactory
from tests.community.messages_helpers import NEW, PLOT, post, reload

QUEUE = reverse("community:moderation")


@pytest.fixture
def title():
    return TitleFactory.create(title="Escape from L.A.", plot=PLOT)


@pytest.fixture
def ann():
    return MemberFactory.create(username="ann")


@pytest.fixture
def bob():
    return MemberFactory.create(username="bob")


@pytest.fixture
def staff():
    return MemberFactory.create(username="mod", is_staff=True)


@pytest.fixture
def message(title, ann):
    return post(ann, title, "Spam spam spam.")


def action(pk, name):
    return reverse("community:moderation-message", args=[pk, name])


# --- Reports and the queue --------------------------------------------------------------------


def test_a_member_reports_a_message_once(client, message, bob, staff):
    client.force_login(bob)
    report = reverse("community:message-report", args=[message.pk])
    assert "What is wrong with this message?" in client.get(report).text
    assert client.post(report, {"reason": "Advertising."}).status_code == 302
    again = client.post(report, {"reason": "Still advertising."})
    assert again.status_code == 200
    assert "You have already reported this message" in again.text
    assert "Still advertising." in again.text  # the form keeps what was typed
    assert Report.objects.filter(message=message, reporter=bob).count() == 1

    client.force_login(staff)
    queue = client.get(QUEUE).text
    assert "Open reports (1)" in queue
    assert "Advertising." in queue
    assert "Spam spam spam." in queue


def test_the_queue_is_for_moderators_only(client, bob, staff):
    assert client.get(QUEUE).url.startswith(reverse("accounts:login"))
    client.force_login(bob)
    assert client.get(QUEUE).status_code == 403
    client.force_login(staff)
    assert client.get(QUEUE).status_code == 200


def test_a_moderator_group_member_may_moderate(client, bob, message):
    moderators = Group.objects.create(name="moderators")
    moderators.permissions.add(Permission.objects.get(codename="moderate_message"))
    bob.groups.add(moderators)
    client.force_login(bob)
    assert client.get(QUEUE).status_code == 200
    assert client.post(action(message.pk, "hide")).status_code == 302
    assert reload(message).status == MessageStatus.HIDDEN


def test_hide_and_restore(client, title, message, ann, bob, staff):
    Report.objects.create(message=message, reporter=bob, reason="Spam")
    client.force_login(staff)
    client.post(action(message.pk, "hide"))
    assert reload(message).status == MessageStatus.HIDDEN
    assert Report.objects.get().status == ReportStatus.RESOLVED

    client.force_login(bob)
    page = client.get(title.get_absolute_url()).text
    assert "This message was hidden by a moderator." in page
    assert "Spam spam spam." not in page
    client.logout()
    assert "This message was hidden by a moderator." in client.get(title.get_absolute_url()).text
    client.force_login(ann)
    page = client.get(title.get_absolute_url()).text
    assert "Spam spam spam." in page
    assert "Hidden by a moderator: only you and moderators see it." in page

    client.force_login(staff)
    client.post(action(message.pk, "restore"))
    assert reload(message).status == MessageStatus.PUBLISHED
    client.logout()
    assert "Spam spam spam." in client.get(title.get_absolute_url()).text


def test_approve_a_held_message(client, title, ann, staff):
    client.force_login(ann)
    client.post(NEW.format(title.slug), {"body": PLOT, "confirm_paste": "on"})
    held = Message.objects.get()
    client.force_login(staff)
    queue = client.get(QUEUE).text
    assert "Held messages (1)" in queue
    assert client.post(action(held.pk, "approve")).status_code == 302
    assert reload(held).status == MessageStatus.PUBLISHED
    assert reload(held).moderated_by == staff
    client.logout()
    assert "Snake Plissken is sent" in client.get(title.get_absolute_url()).text


def test_dismiss_a_report(client, message, bob, staff):
    report = Report.objects.create(message=message, reporter=bob, reason="Meh")
    client.force_login(staff)
    client.post(reverse("community:moderation-report-dismiss", args=[report.pk]))
    assert Report.objects.get().status == ReportStatus.RESOLVED
    assert reload(message).status == MessageStatus.PUBLISHED


def test_suspend_blocks_posting_and_keeps_the_text(client, title, ann, staff):
    client.force_login(staff)
    suspend = reverse("community:moderation-member", args=["ann", "suspend"])
    assert client.post(suspend, {"reason": "Spam"}).status_code == 302
    assert Suspension.objects.get(user=ann).reason == "Spam"
    assert not member_can_post(User.objects.get(pk=ann.pk))

    client.force_login(ann)
    response = client.post(NEW.format(title.slug), {"body": "Let me speak!"})
    assert response.status_code == 200
    assert "Your account may not post messages at the moment." in response.text
    assert "Let me speak!</textarea>" in response.text
    assert not Message.objects.exists()

    client.force_login(staff)
    client.post(reverse("community:moderation-member", args=["ann", "unsuspend"]))
    assert member_can_post(User.objects.get(pk=ann.pk))


def test_staff_cannot_be_suspended_and_actions_are_checked(client, staff, message):
    other = MemberFactory.create(username="other-staff", is_staff=True)
    client.force_login(staff)
    client.post(reverse("community:moderation-member", args=["other-staff", "suspend"]))
    assert not Suspension.objects.filter(user=other).exists()
    assert client.post(action(message.pk, "explode")).status_code == 404


def test_member_can_post_rules(ann):
    assert member_can_post(ann)
    imported = User.objects.create(username="ml-1", is_imported=True, is_active=False)
    assert not member_can_post(imported)
    from django.contrib.auth.models import AnonymousUser

    assert not member_can_post(AnonymousUser())


# --- Rate limits for new accounts -------------------------------------------------------------


def test_new_members_post_at_most_the_hourly_limit(client, settings, title, ann):
    settings.NEW_MEMBER_MESSAGES_PER_HOUR = 3
    client.force_login(ann)
    for n in range(3):
        assert client.post(NEW.format(title.slug), {"body": f"Note {n}"}).status_code == 302
    response = client.post(NEW.format(title.slug), {"body": "One more thing."})
    assert response.status_code == 200
    assert "New members may post at most 3 messages an hour." in response.text
    assert "One more thing.</textarea>" in response.text
    assert Message.objects.count() == 3


def test_older_members_are_not_limited(client, settings, title, ann):
    settings.NEW_MEMBER_MESSAGES_PER_HOUR = 1
    User.objects.filter(pk=ann.pk).update(date_joined=timezone.now() - timedelta(days=30))
    client.force_login(ann)
    for n in range(3):
        assert client.post(NEW.format(title.slug), {"body": f"Note {n}"}).status_code == 302


def test_new_member_vote_allowed(settings, ann):
    settings.NEW_MEMBER_VOTES_PER_HOUR = 60
    assert all(new_member_vote_allowed(ann) for _ in range(60))
    assert not new_member_vote_allowed(ann)
    old = MemberFactory.create(date_joined=timezone.now() - timedelta(days=8))
    assert all(new_member_vote_allowed(old) for _ in range(100))


# --- Object permissions -----------------------------------------------------------------------


def test_another_member_gets_403_on_edit_and_delete(client, message, bob):
    client.force_login(bob)
    edit = reverse("community:message-edit", args=[message.pk])
    delete = reverse("community:message-delete", args=[message.pk])
    assert client.get(edit).status_code == 403
    assert client.post(edit, {"body": "Hijacked"}).status_code == 403
    assert client.get(delete).status_code == 403
    assert client.post(delete).status_code == 403
    message = reload(message)
    assert message.source == "Spam spam spam."
    assert message.deleted_at is None


def test_own_message_cannot_be_marked_or_reported(client, message, ann):
    client.force_login(ann)
    assert client.post(reverse("community:message-helpful", args=[message.pk])).status_code == 403
    report = reverse("community:message-report", args=[message.pk])
    assert client.post(report, {"reason": "x"}).status_code == 403
    assert reload(message).helpful_count == 0
    assert not Report.objects.exists()


@pytest.mark.parametrize(
    ("name", "data"),
    [
        ("community:message-edit", {"body": "Hijacked"}),
        ("community:message-delete", {}),
        ("community:message-helpful", {}),
        ("community:message-report", {"reason": "x"}),
    ],
)
def test_anonymous_posts_are_sent_to_log_in(client, message, name, data):
    response = client.post(reverse(name, args=[message.pk]), data)
    assert response.status_code == 302
    assert response.url.startswith(reverse("accounts:login"))
    message = reload(message)
    assert message.source == "Spam spam spam."
    assert message.deleted_at is None
    assert message.helpful_count == 0
    assert not Report.objects.exists()


def test_anonymous_visitors_cannot_post(client, title):
    response = client.post(NEW.format(title.slug), {"body": "Drive-by"})
    assert response.url.startswith(reverse("accounts:login"))
    assert not Message.objects.exists()


@pytest.mark.parametrize("name", ["hide", "restore", "approve"])
def test_members_cannot_moderate(client, message, bob, name):
    client.force_login(bob)
    assert client.post(action(message.pk, name)).status_code == 403
    assert (
        client.post(reverse("community:moderation-member", args=["ann", "suspend"])).status_code
        == 403
    )
    assert reload(message).status == MessageStatus.PUBLISHED
    assert not Suspension.objects.exists()


def test_csrf_is_enforced(title, ann, message):
    browser = Client(enforce_csrf_checks=True)
    browser.force_login(MemberFactory.create(username="carol"))
    assert browser.post(NEW.format(title.slug), {"body": "No token"}).status_code == 403
    helpful = reverse("community:message-helpful", args=[message.pk])
    assert browser.post(helpful).status_code == 403
    assert reload(message).helpful_count == 0
    token = csrf_token(browser.get(title.get_absolute_url()).text)
    assert browser.post(helpful, {"csrfmiddlewaretoken": token}).status_code == 302
    assert reload(message).helpful_count == 1
    sent = browser.post(
        NEW.format(title.slug), {"body": "With token", "csrfmiddlewaretoken": token}
    )
    assert sent.status_code == 302
    assert Message.objects.filter(source="With token").exists()
