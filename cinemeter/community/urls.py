"""The community app's URLs: votes, member pages, messages and moderation."""

from django.urls import path

from cinemeter.community.members import views as member_views
from cinemeter.community.messages import views as message_views
from cinemeter.community.moderation import views as moderation_views
from cinemeter.community.votes import views as vote_views

app_name = "community"

urlpatterns = [
    path("member/<str:username>/", member_views.profile, name="profile"),
    path("account/delete/", member_views.account_delete, name="account-delete"),
    path("title/<slug:slug>/vote/", vote_views.vote, name="vote"),
]

# Messages (reviews and comments) and their moderation.
urlpatterns += [
    path("title/<slug:slug>/messages/new/", message_views.message_new, name="message-new"),
    path("messages/<int:pk>/", message_views.message_permalink, name="message"),
    path("messages/<int:pk>/edit/", message_views.message_edit, name="message-edit"),
    path("messages/<int:pk>/delete/", message_views.message_delete, name="message-delete"),
    path("messages/<int:pk>/helpful/", message_views.message_helpful, name="message-helpful"),
    path("messages/<int:pk>/report/", message_views.message_report, name="message-report"),
    path("moderation/", moderation_views.moderation_queue, name="moderation"),
    path(
        "moderation/messages/<int:pk>/<str:action>/",
        moderation_views.moderation_message,
        name="moderation-message",
    ),
    path(
        "moderation/reports/<int:pk>/dismiss/",
        moderation_views.moderation_report_dismiss,
        name="moderation-report-dismiss",
    ),
    path(
        "moderation/members/<str:username>/<str:action>/",
        moderation_views.moderation_suspend,
        name="moderation-member",
    ),
]
