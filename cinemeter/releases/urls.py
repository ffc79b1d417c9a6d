from django.urls import path

from cinemeter.releases.editions import feeds, views
from cinemeter.releases.music import views as music_views

app_name = "releases"

urlpatterns = [
    path("title/<slug:slug>/editions/", views.title_editions, name="title-editions"),
    path("title/<slug:slug>/editions/compare/", views.editions_compare, name="compare"),
    path("title/<slug:slug>/editions/<slug:edition>/", views.edition_detail, name="edition"),
    path("releases/", views.new_releases, name="new-releases"),
    path("releases/feed/", feeds.NewReleasesFeed(), name="new-releases-feed"),
    path("album/<slug:album>/", music_views.album_detail, name="album"),
    path("album/<slug:album>/<slug:release>/", music_views.album_detail, name="album-release"),
]
