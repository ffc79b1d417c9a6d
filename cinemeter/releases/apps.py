from django.apps import AppConfig


class ReleasesConfig(AppConfig):
    name = "cinemeter.releases"
    verbose_name = "Releases"

    def ready(self) -> None:
        from cinemeter.releases.media import releases_media_register
        from cinemeter.releases.panels import releases_panels_register
        from cinemeter.releases.search import releases_sources_register

        # The title and person pages show this app's panels, the title's media page its
        # covers, and search finds its editions and albums; neither the catalogue nor search
        # imports this app.
        releases_panels_register()
        releases_media_register()
        releases_sources_register()
