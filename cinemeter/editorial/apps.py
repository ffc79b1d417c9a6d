from django.apps import AppConfig


class EditorialConfig(AppConfig):
    name = "cinemeter.editorial"
    verbose_name = "Editorial"

    def ready(self) -> None:
        from cinemeter.editorial import queue, tasks
        from cinemeter.editorial.panels import editorial_panels_register
        from cinemeter.editorial.search_source import articles_source_register

        # "Articles about …" on the title, person and edition pages; the apps below import
        # nothing from this one.
        editorial_panels_register()
        articles_source_register()
        queue.related_task_register(tasks.article_related_task)
        queue.translate_task_register(tasks.article_translate_task)
