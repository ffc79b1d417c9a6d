from django.apps import AppConfig


class IngestConfig(AppConfig):
    name = "cinemeter.ingest"
    verbose_name = "Data imports"
