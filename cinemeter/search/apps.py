from django.apps import AppConfig


class SearchConfig(AppConfig):
    name = "cinemeter.search"
    verbose_name = "Search"

    def ready(self) -> None:
        # The catalogue may not import search, so search registers the catalogue's sources
        # and listens to its changes; later apps register theirs in their own ready().
        from cinemeter.search.maintenance import changes_listen
        from cinemeter.search.sources import catalog_sources_register

        catalog_sources_register()
        changes_listen()
