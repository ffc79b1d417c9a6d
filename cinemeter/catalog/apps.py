from django.apps import AppConfig


class CatalogConfig(AppConfig):
    name = "cinemeter.catalog"
    verbose_name = "Catalogue"

    def ready(self) -> None:
        from cinemeter.catalog.counters import register_catalog_counters

        register_catalog_counters()
