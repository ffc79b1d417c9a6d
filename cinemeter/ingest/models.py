"""The record of every data import."""

from django.db import models


class ImportStatus(models.TextChoices):
    RUNNING = "running", "Running"
    SUCCEEDED = "succeeded", "Succeeded"
    FAILED = "failed", "Failed"
    DRY_RUN = "dry_run", "Dry run (rolled back)"
    # Its process is gone without closing it (killed, machine stopped); found by a later run.
    INTERRUPTED = "interrupted", "Interrupted"


class ImportRun(models.Model):
    """One run of an importer command over a set of source files. Written by the pipeline.

    A run killed mid-way keeps the counts of the batches it committed; the next run of any
    importer marks it "interrupted" (its `process` is gone) and converges to the same final
    state when given the same files.
    """

    source = models.CharField(max_length=20, db_index=True)
    files = models.JSONField(default=list)
    options = models.JSONField(default=dict, blank=True)
    started_at = models.DateTimeField()
    finished_at = models.DateTimeField(null=True, blank=True)
    status = models.CharField(
        max_length=12, choices=ImportStatus.choices, default=ImportStatus.RUNNING
    )
    read = models.PositiveBigIntegerField(default=0)
    created = models.PositiveBigIntegerField(default=0)
    updated = models.PositiveBigIntegerField(default=0)
    unchanged = models.PositiveBigIntegerField(default=0)
    rejected = models.PositiveBigIntegerField(default=0)
    rejects_file = models.CharField(max_length=500, blank=True)
    error = models.TextField(blank=True)
    # host|pid|process start of the command that runs it (cinemeter.core.processes).
    process = models.CharField(max_length=200, blank=True)

    class Meta:
        ordering = ["-started_at"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(finished_at__isnull=True)
                | models.Q(finished_at__gte=models.F("started_at")),
                name="importrun_finishes_after_start",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.source} run {self.pk} ({self.status})"

    @property
    def duration_seconds(self) -> float | None:
        if self.finished_at is None:
            return None
        return (self.finished_at - self.started_at).total_seconds()


class ImdbEpisodeStage(models.Model):
    """An IMDb episode's title.basics row, kept until title.episode places it in its show.

    Written and emptied by `ingest_imdb`: an episode cannot be a catalogue title before its
    show and season are known (the database requires its parent), and title.basics comes
    before title.episode. The row is deleted in the batch that creates the episode; rows
    whose show is not in the catalogue stay for a later import.
    """

    tconst = models.CharField(max_length=20, unique=True)
    title = models.CharField(max_length=300)
    original_title = models.CharField(max_length=300, blank=True)
    year = models.PositiveSmallIntegerField(null=True, blank=True)
    runtime_minutes = models.PositiveIntegerField(null=True, blank=True)
    genres = models.CharField(
        max_length=300, blank=True, help_text="IMDb's names, comma-separated."
    )

    class Meta:
        verbose_name = "staged IMDb episode"

    def __str__(self) -> str:
        return f"{self.tconst} {self.title}"
