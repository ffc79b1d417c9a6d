from django.apps import AppConfig


class CommunityConfig(AppConfig):
    name = "cinemeter.community"
    verbose_name = "Community"

    def ready(self) -> None:
        from cinemeter.community.counters import register_community_counters

        register_community_counters()
