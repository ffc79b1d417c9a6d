from django.urls import path

from cinemeter.editorial.editor import views as editor
from cinemeter.editorial.pages import feeds, views

app_name = "editorial"

urlpatterns = [
    path("articles/", views.articles_index, name="index"),
    path("articles/feed/", feeds.ArticlesFeed(), name="feed"),
    path("articles/rss/", feeds.ArticlesRssFeed(), name="rss"),
    path("articles/about/<slug:kind>/<path:ref>/", views.articles_about, name="about"),
    path("articles/editor/", editor.dashboard, name="dashboard"),
    path("articles/editor/new/", editor.article_new, name="new"),
    path("articles/editor/lookup/", editor.lookup, name="lookup"),
    path("articles/editor/<slug:slug>/", editor.article_edit, name="edit"),
    path("articles/editor/<slug:slug>/revisions/", editor.revisions, name="revisions"),
    path(
        "articles/editor/<slug:slug>/revisions/<int:revision>/",
        editor.revision_diff,
        name="revision",
    ),
    path("articles/<slug:slug>/", views.article_detail, name="article"),
]
