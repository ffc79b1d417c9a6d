from django.urls import path

from cinemeter.community import views

app_name = "community"

urlpatterns = [
    path("member/<str:username>/", views.profile, name="profile"),
    path("account/delete/", views.account_delete, name="account-delete"),
    path("title/<slug:slug>/vote/", views.vote, name="vote"),
]
