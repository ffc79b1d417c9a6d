"""Helpers for the message tests: posting through the services, reading the page's messages."""

import re

from cinemeter.community.messages.services import Draft, message_post
from cinemeter.community.models import Message

NEW = "/title/{}/messages/new/"
PLOT = (
    "Snake Plissken is sent into the walled ruins of Los Angeles, now an island prison for"
    " everyone the moral president has exiled, to recover a black box that can switch off"
    " every power grid on the planet. He has ten hours before a designer virus in his blood"
    " kills him, a map from a surfer who knows the fault lines, and a cheerful con man who"
    " sells him out twice before breakfast. Along the way he plays basketball for his life,"
    " escapes a plastic surgeon's collection of body parts, and rides a tidal wave down"
    " Wilshire Boulevard before deciding that the whole world deserves a fresh start."
)
ORIGINAL = (
    "I went in expecting a lazy retread and came out grinning. Carpenter clearly knows the"
    " sequel is a joke about sequels, so he leans into it: every set piece from the first film"
    " comes back bigger and sillier, the effects look cheap on purpose, and Kurt Russell plays"
    " the whole thing completely straight. The basketball scene is the best thing in it. The"
    " ending still lands, too, because it is angrier than anything else in the film and it"
    " trusts you to notice. Not a great movie, but a very honest one, and I will watch it again."
)


def post(author, title, text="A fine film.", parent=None, **draft):
    return message_post(
        author=author, title=title, draft=Draft(source=text, **draft), parent=parent
    )


def shown_ids(html):
    """The ids of the messages on a page, in order."""
    return [int(pk) for pk in re.findall(r'<article class="msg[^"]*" id="message-(\d+)"', html)]


def reload(message):
    return Message.objects.get(pk=message.pk)
