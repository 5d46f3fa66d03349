"""Runs one dj-gc job (``java -jar gc-batch.jar``) for a scheduler and decides what its exit code means.

This module imports nothing from the scheduler, so its logic (command building, exit-code
decisions, execution-id parsing, the restart state) is testable on its own; ``dj_gc_dag.py`` maps
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
5     failed, restartable                          retry: the next try runs ``--restart=<id>``
====  ===========================================  ============================================

Restart: the jar writes the id of each execution it starts to ``--execution-id-file`` (a file in a
private temporary directory of the try) before any step runs. The id is kept in a small state file
keyed by the task instance (not by the try), and the next try restarts that execution instead of
starting a new one. It is recorded as soon as the jar has written it (checked on every output line),
so a try that was killed (a timeout, a lost worker) is restarted by the next try too; dj-gc refuses
(exit 4) to restart an execution whose process is still alive. The jar's ``dj-gc: restart it with
--restart=<id>`` line and the ``run=<id>`` of its log lines are read only when no file was written
(a jar older than the option).

Python 3.8+ (Airflow 2.7 still supports 3.8).
"""

from __future__ import annotations

import collections
import dataclasses
import datetime
import enum
import hashlib
import json
import logging
import os
import re
import shlex
import shutil
import subprocess
import tempfile
import threading
import time
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

_RESTART_HINT = re.compile(r"restart it with --restart=(\d+)")
_RESTART_ANY = re.compile(r"--restart=(\d+)")
# The execution id in the jar's log lines: "[job=purge store=main run=194]" in text,
# "run":"194" in JSON.
_RUNNING_TEXT = re.compile(r"(?<![\w-])run=(\d+)\b")
_RUNNING_JSON = re.compile(r"\"run\"\s*:\s*\"?(\d+)")
_EXECUTION = re.compile(r"\bexecution (\d+)\b")
_ALREADY_COMPLETED = re.compile(r"already completed")

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
    # The execution the next try must restart, or None to start a new run.
    restart_id: Optional[int] = None
    # The execution this run was (for the task's return value and logs), when known.
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


def build_command(settings: Settings, job: str, restart_id: Optional[int] = None,
                  id_file: Optional[str] = None) -> List[str]:
    """The command line of one run: a new run of ``job``, or the restart of ``restart_id``; with
    ``id_file``, the jar writes the id of each execution it starts there (``--execution-id-file``).

    A restart takes its job, store, schemas and --force from the failed execution's parameters;
    only the options of every run (--dj-config, --log-format, --metrics-file) and settings
    (--gc.KEY=..., --spring.KEY=...) are passed again.
    """
    if not re.match(r"^[a-z]+$", job):
        raise ValueError("invalid job name %r" % job)
    command = [settings.java]
    command.extend(settings.java_opts)
    command.extend(["-jar", settings.jar])
    if restart_id is not None:
        command.append("--restart=%d" % int(restart_id))
    else:
        command.append("--job=" + job)
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
    if id_file:
        command.append("--execution-id-file=" + id_file)
    for arg in settings.extra_args:
        if restart_id is None or "." in arg.split("=", 1)[0]:
            command.append(arg)
    return command


def _last(pattern: "re.Pattern[str]", text: str) -> Optional[int]:
    found = pattern.findall(text or "")
    return int(found[-1]) if found else None


def parse_restart_id(text: str) -> Optional[int]:
    """The execution id the jar asks to restart (``dj-gc: restart it with --restart=<id>``)."""
    hinted = _last(_RESTART_HINT, text)
    return hinted if hinted is not None else _last(_RESTART_ANY, text)


def parse_running_id(line: str) -> Optional[int]:
    """The execution id in one of the jar's log lines (``run=<id>``), once a job has started."""
    found = _RUNNING_TEXT.findall(line or "") or _RUNNING_JSON.findall(line or "")
    return int(found[-1]) if found else None


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


def parse_execution_id(text: str) -> Optional[int]:
    """The last execution the output talks about (``... execution 194 ...``)."""
    return _last(_EXECUTION, text)


def details(stdout: str, stderr: str, limit: int = 40) -> List[str]:
    """The lines that explain an outcome: the jar's own ``dj-gc:`` lines on stderr, and the
    ``RESULT:``, ``error:``, findings and scan-error lines of its report on stdout."""
    picked = [line.strip() for line in (stderr or "").splitlines() if line.startswith("dj-gc")]
    for line in (stdout or "").splitlines():
        stripped = line.strip()
        if stripped.startswith(("RESULT:", "error:", "findings", "scan_errors")):
            picked.append(stripped)
    return picked[-limit:]


def decide(exit_code: int, stdout: str, stderr: str, restarted_id: Optional[int] = None,
           running_id: Optional[int] = None, started_id: Optional[int] = None) -> Outcome:
    """What a finished run means for the scheduler.

    ``restarted_id`` is the execution this run restarted (None for a new run), ``running_id`` the
    execution id seen in the jar's log lines, if any, and ``started_id`` the one the jar wrote to
    ``--execution-id-file``, which wins over anything read in the output. The returned
    ``restart_id`` is what the next try must restart (None: start a new run).
    """
    text = (stdout or "") + "\n" + (stderr or "")
    lines = details(stdout, stderr)
    execution = parse_execution_id(text)
    meaning = MEANINGS.get(exit_code, "unexpected exit code")

    def outcome(action: Action, message: str, restart_id: Optional[int] = None) -> Outcome:
        shown = message if not lines else message + "\n" + "\n".join(lines)
        return Outcome(action, exit_code, shown, restart_id, execution, tuple(lines))

    if exit_code == OK:
        return outcome(Action.SUCCESS, "dj-gc %s" % meaning)
    if exit_code == OBJECT_ERRORS:
        return outcome(Action.FAIL, "dj-gc exited 1, %s; not retried (the next scheduled run tries"
                       " those objects again):" % meaning)
    if exit_code == USAGE:
        if restarted_id is not None and _ALREADY_COMPLETED.search(stderr or ""):
            return outcome(Action.SUCCESS, "dj-gc execution %d already completed; nothing to restart"
                           % restarted_id)
        return outcome(Action.FAIL, "dj-gc exited 2, %s; not retried: fix the named flag, setting or"
                       " connection" % meaning)
    if exit_code == REFUSED:
        return outcome(Action.FAIL, "dj-gc exited 3, %s; not retried: read the findings and scan"
                       " errors, declare the codec or fix rows or permissions (count gates: --force)"
                       % meaning)
    if exit_code == LOCKED:
        return outcome(Action.RETRY, "dj-gc exited 4, %s; retrying later" % meaning, restarted_id)
    if exit_code == FAILED:
        restart_id = (started_id or parse_restart_id(stderr) or parse_restart_id(stdout) or running_id
                      or restarted_id)
        if restart_id is None:
            return outcome(Action.RETRY, "dj-gc exited 5, failed before an execution existed; the"
                           " next try starts a new run")
        return outcome(Action.RETRY, "dj-gc exited 5, execution %d failed; the next try runs"
                       " --restart=%d" % (restart_id, restart_id), restart_id)
    restart_id = started_id or running_id or restarted_id
    return outcome(Action.RETRY, "dj-gc exited %d (killed by a signal, or the JVM could not start);"
                   " retrying%s" % (exit_code, "" if restart_id is None else " with --restart=%d" % restart_id),
                   restart_id)


def state_key(dag_id: str, task_id: str, run_id: str, map_index: int = -1) -> str:
    """A file name for one task instance, the same for all its tries."""
    identity = "\0".join([dag_id, task_id, run_id, str(map_index)])
    digest = hashlib.sha256(identity.encode("utf-8")).hexdigest()[:16]
    readable = re.sub(r"[^A-Za-z0-9_.-]", "_", "%s.%s" % (dag_id, task_id))[:100]
    return "%s.%s" % (readable, digest)


class FileStateStore:
    """The execution id to restart, one small JSON file per task instance.

    The directory must be shared by every worker that may run a retry (a local directory is
    enough with the LocalExecutor; with Celery or Kubernetes executors use a shared volume).
    """

    def __init__(self, directory: str, keep_days: float = 30.0) -> None:
        self.directory = directory
        self.keep_days = keep_days

    def _path(self, key: str) -> str:
        return os.path.join(self.directory, key + ".json")

    def load(self, key: str) -> Optional[int]:
        try:
            with open(self._path(key), encoding="utf-8") as handle:
                value = json.load(handle).get("execution_id")
        except FileNotFoundError:
            return None
        except (OSError, ValueError, AttributeError) as error:
            log.warning("ignoring unreadable dj-gc state %s: %s", self._path(key), error)
            return None
        return int(value) if isinstance(value, int) and value > 0 else None

    def save(self, key: str, execution_id: int) -> None:
        os.makedirs(self.directory, exist_ok=True)
        record = {
            "execution_id": int(execution_id),
            "saved_at": datetime.datetime.now(datetime.timezone.utc).isoformat(),
        }
        handle, temporary = tempfile.mkstemp(prefix=".dj-gc-", dir=self.directory)
        try:
            with os.fdopen(handle, "w", encoding="utf-8") as out:
                json.dump(record, out)
            os.replace(temporary, self._path(key))
        except BaseException:
            if os.path.exists(temporary):
                os.unlink(temporary)
            raise
        self._forget_old()

    def clear(self, key: str) -> None:
        try:
            os.unlink(self._path(key))
        except FileNotFoundError:
            pass

    def _forget_old(self) -> None:
        cutoff = time.time() - self.keep_days * 86400
        try:
            names = os.listdir(self.directory)
        except OSError:
            return
        for name in names:
            path = os.path.join(self.directory, name)
            try:
                if name.endswith(".json") and os.path.getmtime(path) < cutoff:
                    os.unlink(path)
            except OSError:
                pass


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


def run_job(settings: Settings, job: str, state: Optional[FileStateStore], key: str,
            logger: Optional[logging.Logger] = None,
            executor: Callable[..., Completed] = execute) -> Outcome:
    """One try of a scheduled job: restarts the execution a previous try left, or starts a new
    run; records what the next try must restart; returns the decision."""
    logger = logger or log
    restarted = state.load(key) if state else None
    id_directory = tempfile.mkdtemp(prefix="dj-gc-id-")
    id_file = os.path.join(id_directory, "execution-id")
    try:
        return _run_try(settings, job, state, key, logger, executor, restarted, id_file)
    finally:
        shutil.rmtree(id_directory, ignore_errors=True)


def _run_try(settings: Settings, job: str, state: Optional[FileStateStore], key: str, logger: logging.Logger,
             executor: Callable[..., Completed], restarted: Optional[int], id_file: str) -> Outcome:
    command = build_command(settings, job, restarted, id_file)
    if restarted is not None:
        logger.info("restarting dj-gc execution %d left by a previous try", restarted)
    logger.info("running: %s (in %s)", " ".join(shlex.quote(part) for part in command), settings.home)

    seen = {"running": None}  # type: Dict[str, Optional[int]]

    def on_line(stream: str, line: str) -> None:
        logger.info("[%s] %s", stream, line)
        if state is not None:
            # the id file once the jar wrote it, else the id its log lines show
            running = read_started_id(id_file) or (parse_running_id(line) if stream == "stderr" else None)
            if running is not None and running != seen["running"]:
                # Recorded at once, so a try that is killed is restarted by the next one.
                seen["running"] = running
                state.save(key, running)

    completed = executor(command, settings.home, on_line, settings.stop_grace_seconds)
    outcome = decide(completed.exit_code, completed.stdout, completed.stderr, restarted, seen["running"],
                     read_started_id(id_file))
    if outcome.execution_id is None and seen["running"] is not None:
        outcome = dataclasses.replace(outcome, execution_id=seen["running"])
    if state is not None:
        if outcome.restart_id is not None:
            state.save(key, outcome.restart_id)
        else:
            state.clear(key)
    logger.info("dj-gc %s exited %d (%s): %s", job, completed.exit_code,
                MEANINGS.get(completed.exit_code, "unexpected exit code"), outcome.action.value)
    return outcome
