"""Runs one dj-gc job (``java -jar gc-batch.jar``) for a scheduler and decides what its exit code means.

This module imports nothing from the scheduler, so its logic (command building, the run key,
exit-code decisions) is testable on its own; ``dj_gc_dag.py`` maps
its outcomes onto task success, failure without retry, and failure with retry.

The exit-code contract of gc-batch.jar (docs/spec/cli.md section 12.2):

====  ===========================================  ============================================
code  meaning                                      decision here
====  ===========================================  ============================================
0     done                                         success
1     done, with per-object errors                 fail, no retry (the report names each object;
                                                   the next scheduled run tries them again)
2     usage or configuration error, nothing ran    fail, no retry
3     refused by a safety gate, nothing moved      fail, no retry (a person must look)
4     another run holds the store's lock           retry later
5     failed, restartable                          retry: the next try (same run key) restarts it
====  ===========================================  ============================================

Retries: every try of one task instance passes the same ``--run-key`` (DAG, task, run and map
index). The jar itself recognises a retry: it restarts the execution a failed or killed try left
(``--restart`` semantics: recovery, the stored ages, refusal with exit 4 while that execution's
process is still alive), and does nothing for a run that already completed. The runner keeps no
state and reads no execution id from the jar's output: the id it reports is the one the jar wrote
to ``--execution-id-file``.

Python 3.8+ (Airflow 2.7 still supports 3.8).
"""

from __future__ import annotations

import collections
import dataclasses
import enum
import hashlib
import logging
import os
import re
import shlex
import shutil
import subprocess
import tempfile
import threading
from typing import Callable, Deque, Dict, List, Mapping, Optional, Sequence

OK = 0
OBJECT_ERRORS = 1
USAGE = 2
REFUSED = 3
LOCKED = 4
FAILED = 5

MEANINGS = {
    OK: "done",
    OBJECT_ERRORS: "done with per-object errors",
    USAGE: "usage or configuration error: nothing ran",
    REFUSED: "refused by a safety gate: nothing was moved or deleted",
    LOCKED: "another run holds the store's lock: nothing ran",
    FAILED: "failed: restartable with --restart=<jobExecutionId>",
}

# Jobs that examine store sections and so need --schema or --all-schemas.
SCHEMA_JOBS = frozenset({"report", "quarantine", "purge", "collect"})

# The longest --run-key the jar accepts.
MAX_RUN_KEY = 200

log = logging.getLogger(__name__)


class Action(enum.Enum):
    """What the scheduler should do with a finished run."""

    SUCCESS = "success"
    FAIL = "fail"  # fail without retrying
    RETRY = "retry"  # fail, and retry if tries are left


@dataclasses.dataclass(frozen=True)
class Outcome:
    """The decision about one run of the jar."""

    action: Action
    exit_code: int
    message: str
    # The execution this run was or restarted (from --execution-id-file), when the jar got that far.
    execution_id: Optional[int] = None
    # Lines worth showing with a failure: the jar's "dj-gc:" lines, RESULT and error lines.
    details: Sequence[str] = ()

    def summary(self) -> Dict[str, object]:
        return {
            "exit_code": self.exit_code,
            "meaning": MEANINGS.get(self.exit_code, "unexpected exit code"),
            "execution_id": self.execution_id,
        }


@dataclasses.dataclass(frozen=True)
class Settings:
    """How to run the jar. ``from_env`` reads the same variables as jobs/cron/dj-gc-run.sh."""

    jar: str
    home: str
    java: str = "java"
    java_opts: Sequence[str] = ()
    store: Optional[str] = None
    schemas: Sequence[str] = ()
    all_schemas: bool = False
    dj_config: Optional[str] = None
    metrics_dir: Optional[str] = None
    log_format: Optional[str] = None
    extra_args: Sequence[str] = ()
    # Seconds between SIGTERM and SIGKILL when the task is stopped while the jar runs.
    stop_grace_seconds: float = 60.0

    @classmethod
    def from_env(cls, env: Optional[Mapping[str, str]] = None) -> "Settings":
        env = os.environ if env is None else env
        home = env.get("DJGC_HOME") or "/opt/dj-gc"
        java_home = env.get("JAVA_HOME")
        raw_schemas = (env.get("DJGC_SCHEMAS") or "").strip()
        all_schemas = raw_schemas == "--all-schemas"
        schemas = [] if all_schemas else [s for s in re.split(r"[\s,]+", raw_schemas) if s]
        return cls(
            jar=env.get("DJGC_JAR") or os.path.join(home, "gc-batch.jar"),
            home=home,
            java=os.path.join(java_home, "bin", "java") if java_home else "java",
            java_opts=tuple(shlex.split(env.get("JAVA_OPTS") or "")),
            store=env.get("DJGC_STORE") or None,
            schemas=tuple(schemas),
            all_schemas=all_schemas,
            dj_config=env.get("DJGC_DJ_CONFIG") or None,
            metrics_dir=env.get("DJGC_METRICS_DIR") or None,
            log_format=env.get("DJGC_LOG_FORMAT") or None,
            extra_args=tuple(shlex.split(env.get("DJGC_EXTRA_ARGS") or "")),
        )


def metrics_file(settings: Settings, job: str) -> Optional[str]:
    """One Prometheus textfile per job and store, so purge never overwrites quarantine's."""
    if not settings.metrics_dir:
        return None
    store = re.sub(r"[^A-Za-z0-9_-]", "_", settings.store or "default")
    return os.path.join(settings.metrics_dir, "dj-gc-%s-%s.prom" % (job, store))


def build_command(settings: Settings, job: str, run_key: str, id_file: Optional[str] = None) -> List[str]:
    """The command line of every try of one task instance: the same ``--run-key``, so the jar
    restarts what an earlier try left; with ``id_file``, the jar writes the id of the execution it
    starts or restarts there (``--execution-id-file``)."""
    if not re.match(r"^[a-z]+$", job):
        raise ValueError("invalid job name %r" % job)
    command = [settings.java]
    command.extend(settings.java_opts)
    command.extend(["-jar", settings.jar, "--job=" + job])
    if settings.store:
        command.append("--store=" + settings.store)
    if job in SCHEMA_JOBS:
        if settings.all_schemas:
            command.append("--all-schemas")
        elif settings.schemas:
            command.append("--schema=" + ",".join(settings.schemas))
    if settings.dj_config:
        command.append("--dj-config=" + settings.dj_config)
    if settings.log_format:
        command.append("--log-format=" + settings.log_format)
    metrics = metrics_file(settings, job)
    if metrics:
        command.append("--metrics-file=" + metrics)
    command.append("--run-key=" + run_key)
    if id_file:
        command.append("--execution-id-file=" + id_file)
    command.extend(settings.extra_args)
    return command


def read_started_id(path: Optional[str]) -> Optional[int]:
    """The execution id the jar wrote to ``--execution-id-file`` (None before it started one)."""
    if not path:
        return None
    try:
        with open(path, encoding="utf-8") as handle:
            text = handle.read().strip()
    except OSError:
        return None
    return int(text) if text.isdigit() else None


def details(stdout: str, stderr: str, limit: int = 40) -> List[str]:
    """The lines that explain an outcome: the jar's own ``dj-gc:`` lines on stderr, and the
    ``RESULT:``, ``error:``, findings and scan-error lines of its report on stdout."""
    picked = [line.strip() for line in (stderr or "").splitlines() if line.startswith("dj-gc")]
    for line in (stdout or "").splitlines():
        stripped = line.strip()
        if stripped.startswith(("RESULT:", "error:", "findings", "scan_errors")):
            picked.append(stripped)
    return picked[-limit:]


def decide(exit_code: int, stdout: str, stderr: str, execution_id: Optional[int] = None) -> Outcome:
    """What a finished run means for the scheduler; ``execution_id`` is the one the jar wrote to
    ``--execution-id-file`` (None when it failed before an execution existed)."""
    lines = details(stdout, stderr)
    meaning = MEANINGS.get(exit_code, "unexpected exit code")

    def outcome(action: Action, message: str) -> Outcome:
        shown = message if not lines else message + "\n" + "\n".join(lines)
        return Outcome(action, exit_code, shown, execution_id, tuple(lines))

    if exit_code == OK:
        return outcome(Action.SUCCESS, "dj-gc %s" % meaning)
    if exit_code == OBJECT_ERRORS:
        return outcome(Action.FAIL, "dj-gc exited 1, %s; not retried (the next scheduled run tries"
                       " those objects again):" % meaning)
    if exit_code == USAGE:
        return outcome(Action.FAIL, "dj-gc exited 2, %s; not retried: fix the named flag, setting or"
                       " connection" % meaning)
    if exit_code == REFUSED:
        return outcome(Action.FAIL, "dj-gc exited 3, %s; not retried: read the findings and scan"
                       " errors, declare the codec or fix rows or permissions (count gates: --force)"
                       % meaning)
    if exit_code == LOCKED:
        return outcome(Action.RETRY, "dj-gc exited 4, %s; retrying later" % meaning)
    if exit_code == FAILED:
        if execution_id is None:
            return outcome(Action.RETRY, "dj-gc exited 5, failed before an execution existed; the"
                           " next try starts the run")
        return outcome(Action.RETRY, "dj-gc exited 5, execution %d failed; the next try (same run key)"
                       " restarts it" % execution_id)
    return outcome(Action.RETRY, "dj-gc exited %d (killed by a signal, or the JVM could not start); the"
                   " next try (same run key) restarts what it left" % exit_code)


def run_key(dag_id: str, task_id: str, run_id: str, map_index: int = -1) -> str:
    """The ``--run-key`` of one task instance, the same for all its tries: readable, and unique by a
    digest of all four parts, within the jar's limit."""
    identity = "\0".join([dag_id, task_id, run_id, str(map_index)])
    digest = hashlib.sha256(identity.encode("utf-8")).hexdigest()[:16]
    readable = re.sub(r"[^A-Za-z0-9_.:+-]", "_", "%s.%s.%s" % (dag_id, task_id, run_id))
    return "%s.%s" % (readable[:MAX_RUN_KEY - 17], digest)

@dataclasses.dataclass
class Completed:
    """A finished process: its exit code and the tail of each stream."""

    exit_code: int
    stdout: str
    stderr: str


def execute(command: Sequence[str], cwd: str, on_line: Callable[[str, str], None],
            stop_grace_seconds: float = 60.0, keep_lines: int = 5000) -> Completed:
    """Runs the jar, passing every output line to ``on_line(stream, line)`` as it comes.

    If the caller is interrupted (a task timeout, SIGTERM turned into an exception), the jar is
    stopped with SIGTERM, then SIGKILL after ``stop_grace_seconds``, and the exception goes on.
    """
    process = subprocess.Popen(
        list(command), cwd=cwd, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
        stderr=subprocess.PIPE, text=True, encoding="utf-8", errors="replace", bufsize=1)
    tails = {"stdout": collections.deque(maxlen=keep_lines),
             "stderr": collections.deque(maxlen=keep_lines)}  # type: Dict[str, Deque[str]]

    def pump(name: str, stream) -> None:
        for raw in stream:
            line = raw.rstrip("\n")
            tails[name].append(line)
            try:
                on_line(name, line)
            except Exception:  # a logging problem must not stop the pump
                log.exception("output handler failed")
        stream.close()

    threads = [threading.Thread(target=pump, args=("stdout", process.stdout), daemon=True),
               threading.Thread(target=pump, args=("stderr", process.stderr), daemon=True)]
    for thread in threads:
        thread.start()
    try:
        exit_code = process.wait()
    except BaseException:
        stop(process, stop_grace_seconds)
        raise
    finally:
        for thread in threads:
            thread.join(timeout=30)
    return Completed(exit_code, "\n".join(tails["stdout"]), "\n".join(tails["stderr"]))


def stop(process: "subprocess.Popen[str]", grace_seconds: float) -> None:
    """SIGTERM, then SIGKILL if the jar has not ended after ``grace_seconds``."""
    if process.poll() is not None:
        return
    log.warning("stopping gc-batch.jar (pid %d)", process.pid)
    process.terminate()
    try:
        process.wait(timeout=grace_seconds)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


def run_job(settings: Settings, job: str, key: str, logger: Optional[logging.Logger] = None,
            executor: Callable[..., Completed] = execute) -> Outcome:
    """One try of a scheduled job under run key ``key``; returns the decision."""
    logger = logger or log
    id_directory = tempfile.mkdtemp(prefix="dj-gc-id-")
    id_file = os.path.join(id_directory, "execution-id")
    try:
        command = build_command(settings, job, key, id_file)
        logger.info("running: %s (in %s)", " ".join(shlex.quote(part) for part in command), settings.home)
        completed = executor(command, settings.home, lambda stream, line: logger.info("[%s] %s", stream, line),
                             settings.stop_grace_seconds)
        outcome = decide(completed.exit_code, completed.stdout, completed.stderr, read_started_id(id_file))
    finally:
        shutil.rmtree(id_directory, ignore_errors=True)
    logger.info("dj-gc %s exited %d (%s): %s", job, completed.exit_code,
                MEANINGS.get(completed.exit_code, "unexpected exit code"), outcome.action.value)
    return outcome
