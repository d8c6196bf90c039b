"""The background task of an import job (``ledgers.jobs``), run by the task worker (``manage.py db_worker``)."""

from django_tasks import task

from . import jobs


@task()
def run_import(job_id: int) -> None:
    jobs.run(job_id)
