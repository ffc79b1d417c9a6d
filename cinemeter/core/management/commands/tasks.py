"""The task queue for staff: what is queued, running and failed; run failed tasks again."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from cinemeter.core import task_store


class Command(BaseCommand):
    help = (
        "List queued, running and failed background tasks; --retry ID (or --retry-all) queues "
        "a failed task again, --forget ID drops it."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--retry", metavar="ID", action="append", default=[])
        parser.add_argument("--retry-all", action="store_true")
        parser.add_argument("--forget", metavar="ID", action="append", default=[])

    def handle(self, *args: Any, **options: Any) -> None:
        from huey.contrib.djhuey import HUEY

        retry = list(options["retry"])
        if options["retry_all"]:
            retry += [task.id for task in task_store.failed_list(HUEY)]
        for task_id in retry:
            if not task_store.failed_retry(HUEY, task_id):
                raise CommandError(f"no failed task {task_id} (see `manage.py tasks`)")
            self.stdout.write(f"queued again: {task_id}")
        for task_id in options["forget"]:
            if not task_store.failed_forget(HUEY, task_id):
                raise CommandError(f"no failed task {task_id} (see `manage.py tasks`)")
            self.stdout.write(f"forgotten: {task_id}")
        if retry or options["forget"]:
            return
        self._report(HUEY)

    def _report(self, huey: Any) -> None:
        self.stdout.write(f"queued: {huey.pending_count()}, scheduled: {huey.scheduled_count()}")
        running = task_store.journal_entries(huey)
        self.stdout.write(f"running: {len(running)}")
        for entry in running:
            self.stdout.write(
                f"  {entry['id']}  {entry['name']}  since {entry['started_at']}"
                f"  in {entry['owner']}"
            )
        failed = task_store.failed_list(huey)
        self.stdout.write(f"failed: {len(failed)}")
        for task in failed:
            self.stdout.write(
                f"  {task.id}  {task.name}{task.arguments}  at {task.failed_at}\n"
                f"      {task.reason}"
            )
        if failed:
            self.stdout.write("`manage.py tasks --retry ID` (or --retry-all) queues them again.")
