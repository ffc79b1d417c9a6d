"""`detect_message_languages` fills in messages posted before detection existed."""

from io import StringIO

from django.core.management import call_command

from cinemeter.community.models import Message
from tests.accounts.factories import MemberFactory
from tests.catalog.factories import TitleFactory
from tests.community.messages_helpers import post


def test_old_messages_get_their_language_and_chosen_ones_are_kept():
    title = TitleFactory.create()
    dutch = post(
        MemberFactory.create(), title, "Mooi gefilmd, maar het verhaal zakt halverwege in."
    )
    chosen = post(MemberFactory.create(), title, "Top film!", language="en")
    short = post(MemberFactory.create(), title, "Top film!")
    Message.objects.filter(pk=dutch.pk).update(language="")  # as before detection existed
    out = StringIO()
    call_command("detect_message_languages", stdout=out)
    assert "Detected the language of 1 messages." in out.getvalue()
    languages = dict(Message.objects.values_list("pk", "language"))
    assert languages == {dutch.pk: "nl", chosen.pk: "en", short.pk: ""}
