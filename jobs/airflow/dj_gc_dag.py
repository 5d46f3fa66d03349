"""Airflow DAGs for dj-gc: ``dj_gc_quarantine`` (nightly) and ``dj_gc_purge`` (hourly).

Each DAG has one task that runs ``java -jar gc-batch.jar --job=...`` through dj_gc_runner.py and
maps the jar's exit code onto Airflow:

* 0: success (the return value, an XCom, holds the exit code and execution id);
* 1 (done with per-object errors), 2 (usage or configuration error), 3 (refused by a safety
  gate, nothing moved or deleted): ``AirflowFailException``, failed without retry, with the
  jar's explanation in the message;
* 4 (another run holds the store's lock): ``AirflowException``, retried after ``retry_delay``;
* 5 (failed, restartable) or a killed try: ``AirflowException``; every try of a task instance
  passes the same ``--run-key`` (DAG, task, run and map index), so the jar restarts the execution
  the failed try left instead of starting a new one, and does nothing for a run that completed.
  Nothing is kept between tries here: the job repository is the state.

Targets Airflow 2.7 to 2.11 and 3.x: the imports below try Airflow 3's locations first
(``airflow.sdk``, the standard provider) and fall back to Airflow 2's. Without Airflow installed
the module still imports (the DAGs are then simply not defined), so ``python3 -m py_compile``
and the runner's unit tests work anywhere.

Configuration, read when the DAG file is parsed (set it in the scheduler's and the workers'
environment): DJGC_HOME, DJGC_JAR, DJGC_STORE, DJGC_SCHEMAS, DJGC_DJ_CONFIG, DJGC_METRICS_DIR,
DJGC_LOG_FORMAT, JAVA_HOME, JAVA_OPTS, LOADER_PATH and DJGC_EXTRA_ARGS, as for
jobs/cron/dj-gc-run.sh; plus DJGC_QUARANTINE_SCHEDULE (default "15 2 * * *"), DJGC_PURGE_SCHEDULE (default "40 * * * *"),
DJGC_RETRIES (default 3), DJGC_RETRY_DELAY_MINUTES (default 10) and DJGC_POOL (optional: a
one-slot pool keeps quarantine and purge from meeting on the store lock).
"""

from __future__ import annotations

import datetime
import logging
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import dj_gc_runner as runner  # noqa: E402  (beside this file)

try:  # Airflow 3
    from airflow.sdk import DAG
except ImportError:
    try:  # Airflow 2
        from airflow import DAG
    except ImportError:  # no Airflow: the runner logic stays importable and testable
        DAG = None

try:  # Airflow 3 (and 2.x with apache-airflow-providers-standard)
    from airflow.providers.standard.operators.python import PythonOperator
except ImportError:
    try:  # Airflow 2
        from airflow.operators.python import PythonOperator
    except ImportError:
        PythonOperator = None

try:  # Airflow 3.2+: the Task SDK's exceptions (airflow.exceptions re-exports them, deprecated)
    from airflow.sdk.exceptions import AirflowException, AirflowFailException
except ImportError:
    try:  # Airflow 2.x, 3.0, 3.1
        from airflow.exceptions import AirflowException, AirflowFailException
    except ImportError:

        class AirflowException(Exception):  # type: ignore[no-redef]
            """Stands in for Airflow's when it is not installed."""

        class AirflowFailException(AirflowException):  # type: ignore[no-redef]
            """Stands in for Airflow's when it is not installed."""


log = logging.getLogger(__name__)

QUARANTINE_SCHEDULE = os.environ.get("DJGC_QUARANTINE_SCHEDULE") or "15 2 * * *"
PURGE_SCHEDULE = os.environ.get("DJGC_PURGE_SCHEDULE") or "40 * * * *"
RETRIES = int(os.environ.get("DJGC_RETRIES") or 3)
RETRY_DELAY = datetime.timedelta(minutes=float(os.environ.get("DJGC_RETRY_DELAY_MINUTES") or 10))
POOL = os.environ.get("DJGC_POOL") or None


def run_dj_gc(job: str, **context) -> dict:
    """The task: one try of ``job``. Raises so that Airflow retries only what a retry can fix."""
    ti = context["ti"]
    key = runner.run_key(ti.dag_id, ti.task_id, context.get("run_id") or ti.run_id, getattr(ti, "map_index", -1))
    outcome = runner.run_job(runner.Settings.from_env(), job, key, logger=log)
    return to_airflow(outcome)


def to_airflow(outcome: runner.Outcome) -> dict:
    """Success returns a small summary (the XCom); otherwise raises the matching exception."""
    if outcome.action is runner.Action.SUCCESS:
        return outcome.summary()
    if outcome.action is runner.Action.FAIL:
        log.error("%s", outcome.message)
        raise AirflowFailException(outcome.message)
    log.warning("%s", outcome.message)
    raise AirflowException(outcome.message)


def make_dag(job: str, schedule: str, description: str, timeout_hours: float):
    """One DAG running ``job`` on ``schedule``, never two runs at once."""
    task_args = {}
    if POOL:
        task_args["pool"] = POOL
    with DAG(
        dag_id="dj_gc_" + job,
        description=description,
        schedule=schedule,
        start_date=datetime.datetime(2024, 1, 1, tzinfo=datetime.timezone.utc),
        catchup=False,
        max_active_runs=1,
        tags=["dj-gc", "datajoint"],
        default_args={
            "owner": "dj-gc",
            "retries": RETRIES,
            "retry_delay": RETRY_DELAY,
        },
        doc_md=__doc__,
    ) as dag:
        PythonOperator(
            task_id=job,
            python_callable=run_dj_gc,
            op_kwargs={"job": job},
            execution_timeout=datetime.timedelta(hours=timeout_hours),
            **task_args,
        )
    return dag


if DAG is not None and PythonOperator is not None:
    dj_gc_quarantine = make_dag(
        "quarantine", QUARANTINE_SCHEDULE,
        "dj-gc: move orphaned DataJoint objects into the store's trash (never deletes)", 12)
    dj_gc_purge = make_dag(
        "purge", PURGE_SCHEDULE,
        "dj-gc: heal re-referenced files, delete trash older than the grace period", 6)
