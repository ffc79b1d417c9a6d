from django.apps import AppConfig


class CatalogConfig(AppConfig):
    name = "cinemeter.catalog"
    verbose_name = "Catalogue"

    def ready(self) -> None:
        from cinemeter.catalog.counters import register_catalog_counters
        from cinemeter.catalog.pages.home import home_panels_register
        from cinemeter.catalog.pages.person import person_panels_register
        from cinemeter.catalog.pages.title import title_panels_register

        register_catalog_counters()
        title_panels_register()
        person_panels_register()
        home_panels_register()
