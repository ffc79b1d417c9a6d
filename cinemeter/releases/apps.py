from django.apps import AppConfig


class ReleasesConfig(AppConfig):
    name = "cinemeter.releases"
    verbose_name = "Releases"

    def ready(self) -> None:
        from cinemeter.releases.panels import releases_panels_register

        # The title page shows the editions panel; the catalogue never imports this app.
        releases_panels_register()
