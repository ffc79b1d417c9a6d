from django.apps import AppConfig


class CommunityConfig(AppConfig):
    name = "cinemeter.community"
    verbose_name = "Community"

    def ready(self) -> None:
        from cinemeter.catalog.selectors import own_vote_lookup_register
        from cinemeter.community.tasks import message_translate_task
        from cinemeter.community.translation.queue import translate_task_register
        from cinemeter.community.votes.counters import register_community_counters
        from cinemeter.community.votes.selectors import own_vote

        register_community_counters()
        # The title page shows the member's own vote without the catalogue importing votes.
        own_vote_lookup_register(own_vote)
        # Every process that starts Django knows the task; the translation services queue it
        # through this registration, as they may not import the module that imports them.
        translate_task_register(message_translate_task)
