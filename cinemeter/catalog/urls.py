from django.urls import path

from cinemeter.catalog import views

app_name = "catalog"

urlpatterns = [
    path("", views.home, name="home"),
    path("title/<slug:slug>/", views.title_detail, name="title"),
    path("title/<slug:slug>/cast/", views.title_credits, name="title-credits"),
    path("title/<slug:slug>/media/", views.title_media, name="title-media"),
    path("title/<slug:slug>/videos/", views.title_videos, name="title-videos"),
    path("person/<slug:slug>/", views.person_detail, name="person"),
    path("browse/", views.browse, name="browse"),
    path("browse/genre/<slug:slug>/", views.browse_genre, name="browse-genre"),
    path("browse/country/<str:code>/", views.browse_country, name="browse-country"),
    path("browse/decade/<int:decade>s/", views.browse_decade, name="browse-decade"),
    path("browse/year/<int:year>/", views.browse_year, name="browse-year"),
]
