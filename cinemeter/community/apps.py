from django.apps import AppConfig


class CommunityConfig(AppConfig):
    name = "cinemeter.community"
    verbose_name = "Community"

    def ready(self) -> None:
        from cinemeter.community.counters import register_community_counters
        from cinemeter.community.panels import community_panels_register

        register_community_counters()
        # The title page shows the own vote and the reviews; the catalogue imports neither.
        community_panels_register()
