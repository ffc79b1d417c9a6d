from django.apps import AppConfig


class CommunityConfig(AppConfig):
    name = "cinemeter.community"
    verbose_name = "Community"

    def ready(self) -> None:
        from cinemeter.community.panels import (
            community_home_panels_register,
            community_panels_register,
        )
        from cinemeter.community.tasks import message_translate_task
        from cinemeter.community.translation.queue import translate_task_register
        from cinemeter.community.votes.counters import register_community_counters

        register_community_counters()
        # The title page shows the own vote and the reviews; the catalogue imports neither.
        community_panels_register()
        community_home_panels_register()  # the home page's recent reviews
        # Every process that starts Django knows the task; the translation services queue it
        # through this registration, as they may not import the module that imports them.
        translate_task_register(message_translate_task)
