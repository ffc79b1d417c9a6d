"""People and their credits on titles."""

from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from cinemeter.catalog.vocabulary import job_name
from cinemeter.core.models import BaseModel


class Person(BaseModel):
    """An actor, director, writer or other crew member. Written by catalogue services."""

    name = models.CharField(max_length=200, db_index=True)
    slug = models.SlugField(max_length=220, unique=True)
    birth_date = models.DateField(null=True, blank=True)
    birth_year = models.PositiveSmallIntegerField(null=True, blank=True)
    death_date = models.DateField(null=True, blank=True)
    death_year = models.PositiveSmallIntegerField(null=True, blank=True)
    birth_place = models.CharField(max_length=200, blank=True)
    biography = models.TextField(blank=True)

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "people"
        constraints = [
            models.CheckConstraint(
                condition=Q(death_year__isnull=True)
                | Q(birth_year__isnull=True)
                | Q(death_year__gte=models.F("birth_year")),
                name="person_death_not_before_birth",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("catalog:person", kwargs={"slug": self.slug})

    @property
    def born(self) -> object:
        return self.birth_date or self.birth_year

    @property
    def died(self) -> object:
        return self.death_date or self.death_year


class Department(models.TextChoices):
    """The departments credits are grouped by, in the order a credits page lists them."""

    DIRECTING = "directing", _("Directing")
    WRITING = "writing", _("Writing")
    ACTING = "acting", _("Cast")
    PRODUCTION = "production", _("Production")
    SOUND = "sound", _("Music & sound")
    CAMERA = "camera", _("Camera")
    EDITING = "editing", _("Editing")
    ART = "art", _("Art")
    COSTUME = "costume", _("Costume & make-up")
    VISUAL_EFFECTS = "visual_effects", _("Visual effects")
    CREW = "crew", _("Crew")


DEPARTMENT_ORDER = {value: index for index, value in enumerate(Department.values)}


class Credit(models.Model):
    """One person's part in one title: an acting role or a crew job.

    Written by catalogue services. `job` says what the person did ("Director", "Screenplay",
    "Original Music Composer"); actors carry their character name(s) and billing order.
    """

    # Not indexed alone: credit_title_dept_order_idx and credit_person_dept_idx start with them.
    title = models.ForeignKey(
        "catalog.Title", on_delete=models.CASCADE, related_name="credits", db_index=False
    )
    person = models.ForeignKey(
        Person, on_delete=models.CASCADE, related_name="credits", db_index=False
    )
    department = models.CharField(max_length=16, choices=Department.choices)
    job = models.CharField(max_length=100, blank=True)
    character = models.CharField(
        max_length=500, blank=True, help_text='Several characters are separated by " / ".'
    )
    billing_order = models.PositiveIntegerField(null=True, blank=True)

    class Meta:
        ordering = ["title", "department", "billing_order", "id"]
        indexes = [
            models.Index(
                fields=["title", "department", "billing_order"], name="credit_title_dept_order_idx"
            ),
            models.Index(fields=["person", "department"], name="credit_person_dept_idx"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["title", "person", "department", "job"], name="credit_unique_job"
            ),
            models.CheckConstraint(
                condition=Q(department="acting") | Q(character=""),
                name="credit_only_actors_have_characters",
            ),
        ]

    def __str__(self) -> str:
        role = self.character or self.job or self.get_department_display()
        return f"{self.person_id} in {self.title_id} as {role}"

    @property
    def job_display(self) -> str:
        """The job in the reader's language when it is a common one."""
        return job_name(self.job)
