"""`manage.py queue_status`: what waits in the job queue, what runs, what failed, who works."""

import json
from datetime import timedelta

from django.conf import settings
from django.core.management.base import BaseCommand
from django.db.models import Count, Max
from django.utils import timezone
from procrastinate.contrib.django.models import ProcrastinateJob, ProcrastinateWorker


class Command(BaseCommand):
    help = "Report the job queue's depth per queue, its failed jobs and its workers."

    def add_arguments(self, parser):
        parser.add_argument("--json", action="store_true", help="one JSON object, for a monitor")
        parser.add_argument(
            "--failed", type=int, default=10, help="how many of the latest failed jobs to list"
        )

    def handle(self, *args, **options):
        report = self.report(options["failed"])
        if options["json"]:
            self.stdout.write(json.dumps(report, default=str))
            return
        self.stdout.write("queue            waiting  running  failed")
        for name, counts in sorted(report["queues"].items()):
            self.stdout.write(
                f"{name:<16} {counts['todo']:>7}  {counts['doing']:>7}  {counts['failed']:>6}"
            )
        self.stdout.write(
            f"workers: {report['workers']['alive']} alive, {report['workers']['stalled']} stalled"
        )
        for job in report["failed"]:
            self.stdout.write(
                f"failed #{job['id']} {job['task']} after {job['attempts']} attempt(s),"
                f" at {job['at']}: {json.dumps(job['args'])}"
            )

    def report(self, failed_count):
        queues = {}
        for row in ProcrastinateJob.objects.values("queue_name", "status").annotate(n=Count("id")):
            counts = queues.setdefault(row["queue_name"], {"todo": 0, "doing": 0, "failed": 0})
            if row["status"] in counts:
                counts[row["status"]] = row["n"]
        failed = (
            ProcrastinateJob.objects.filter(status="failed")
            .annotate(at=Max("procrastinateevent__at"))
            .order_by("-at")[:failed_count]
        )
        stalled_before = timezone.now() - timedelta(seconds=settings.QUEUE_STALLED_AFTER)
        workers = ProcrastinateWorker.objects.all()
        return {
            "queues": queues,
            "workers": {
                "alive": workers.filter(last_heartbeat__gte=stalled_before).count(),
                "stalled": workers.filter(last_heartbeat__lt=stalled_before).count(),
            },
            "failed": [
                {
                    "id": job.id,
                    "task": job.task_name,
                    "queue": job.queue_name,
                    "attempts": job.attempts,
                    "args": job.args,
                    "at": job.at,
                }
                for job in failed
            ],
        }
