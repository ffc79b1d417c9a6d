from django.apps import AppConfig


class CommunityConfig(AppConfig):
    name = "cinemeter.community"
    verbose_name = "Community"

    def ready(self) -> None:
        from cinemeter.catalog.selectors import own_vote_lookup_register
        from cinemeter.community.votes.counters import register_community_counters
        from cinemeter.community.votes.selectors import own_vote

        register_community_counters()
        # The title page shows the member's own vote without the catalogue importing votes.
        own_vote_lookup_register(own_vote)
