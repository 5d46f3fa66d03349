"""dj-gc from Python: run gc-batch.jar's jobs and get their JSON reports as dicts.

    import dj_gc
    report = dj_gc.report(schema="my_pipeline", store="main")
    report["stats"]["hash_paths_orphaned"]

Each call runs ``java -jar gc-batch.jar --job=<job> --format=json ...`` and returns the parsed
output; an exit code other than 0 raises the matching error of :mod:`dj_gc.errors`. The jar is
found by ``DJ_GC_JAR``, else beside this package; ``java`` by ``JAVA_HOME``, else on ``PATH``.
DataJoint's own configuration (``datajoint.json``, ``.secrets/``, ``DJ_*``) is read by the jar,
from ``config=`` or by its upward search from ``cwd=``. Standard library only.
"""

import json
import os
import shutil
import subprocess
import tempfile
from pathlib import Path

from .errors import (BY_EXIT_CODE, DjGcError, FailedError, LockedError, ObjectErrors, RefusedError,
                     UsageError)

__all__ = ["report", "stats", "history", "quarantine", "purge", "restore", "verify", "restart", "run",
           "find_jar", "DjGcError", "ObjectErrors", "UsageError", "RefusedError", "LockedError", "FailedError"]

JAR_ENV = "DJ_GC_JAR"


def find_jar(jar=None):
    """The jar to run: ``jar``, else ``$DJ_GC_JAR``, else ``gc-batch.jar`` beside this package."""
    candidate = jar or os.environ.get(JAR_ENV) or str(Path(__file__).with_name("gc-batch.jar"))
    if not Path(candidate).is_file():
        raise UsageError("gc-batch.jar not found at %s (set %s or pass jar=)" % (candidate, JAR_ENV), 2)
    return candidate


def _java():
    home = os.environ.get("JAVA_HOME")
    if home and Path(home, "bin", "java").is_file():
        return str(Path(home, "bin", "java"))
    found = shutil.which("java")
    if not found:
        raise UsageError("java not found (set JAVA_HOME or put java on PATH)", 2)
    return found


def _schemas(schema):
    if schema is None:
        return []
    if isinstance(schema, str):
        return [schema]
    return list(schema)


def run(job, *, store=None, schema=None, all_schemas=False, config=None, options=None, jar=None, java_options=(),
        cwd=None, env=None, timeout=None):
    """Runs one job with ``--format=json`` and returns its parsed output.

    Args:
        job: report, quarantine, purge, restore, stats, verify, history or trace.
        store: the DataJoint store name (default: the config's stores.default).
        schema: one schema name or a list of them.
        all_schemas: every schema on the server that declares a column on the store.
        config: path of the datajoint.json to use (default: searched upward from ``cwd``).
        options: more options as a dict, ``{"path": "...", "gc.grace-seconds": 86400}``;
            ``True`` gives a bare flag.
        jar, java_options, cwd, env, timeout: how the JVM is started.

    Raises:
        ObjectErrors (1), UsageError (2), RefusedError (3), LockedError (4), FailedError (5).
    """
    args = ["--job=" + job, "--format=json"]
    if store is not None:
        args.append("--store=" + store)
    args += ["--schema=" + s for s in _schemas(schema)]
    if all_schemas:
        args.append("--all-schemas")
    if config is not None:
        args.append("--dj-config=" + str(config))
    return _execute(args, options, jar, java_options, cwd, env, timeout)


def _execute(args, options, jar, java_options, cwd, env, timeout):
    for name, value in (options or {}).items():
        args.append("--" + name if value is True else "--%s=%s" % (name, value))
    with tempfile.TemporaryDirectory(prefix="dj-gc-") as scratch:
        id_file = Path(scratch, "execution-id")
        command = [_java(), *java_options, "-jar", find_jar(jar), *args, "--execution-id-file=" + str(id_file)]
        process = subprocess.run(command, cwd=cwd, env=env, capture_output=True, text=True, timeout=timeout)
        execution_id = int(id_file.read_text().strip()) if id_file.is_file() else None
    result = _parse(process.stdout)
    if process.returncode == 0:
        return result
    error = BY_EXIT_CODE.get(process.returncode, DjGcError)
    message = _message(process.stderr) or "gc-batch.jar exited %d" % process.returncode
    if error is FailedError:
        raise FailedError(message, process.returncode, process.stderr, result, execution_id)
    raise error(message, process.returncode, process.stderr, result)


def _parse(stdout):
    text = stdout.strip()
    if not text:
        return None
    try:
        return json.loads(text)
    except ValueError:
        return {"text": text}


def _message(stderr):
    """dj-gc's own lines on stderr (``dj-gc: ...``), else its last line."""
    lines = [line[len("dj-gc: "):] for line in stderr.splitlines() if line.startswith("dj-gc: ")]
    if lines:
        return "; ".join(lines)
    rest = [line for line in stderr.splitlines() if line.strip()]
    return rest[-1] if rest else ""


def report(schema=None, store=None, **kwargs):
    """Read-only: which files of the store's sections are orphaned (DataJoint's collect(dry_run=True) stats)."""
    return run("report", schema=schema, store=store, **kwargs)


def quarantine(schema=None, store=None, **kwargs):
    """Moves orphans older than gc.min-object-age into the trash and records them; never deletes."""
    return run("quarantine", schema=schema, store=store, **kwargs)


def purge(schema=None, store=None, **kwargs):
    """Deletes from the trash what has been quarantined longer than gc.grace-seconds and nothing references."""
    return run("purge", schema=schema, store=store, **kwargs)


def restore(store=None, *, path=None, glob=None, quarantine_run=None, since=None, until=None, schema=None,
            **kwargs):
    """Moves quarantined files back (never overwriting), selected by path, glob, schema, run or time."""
    options = dict(kwargs.pop("options", None) or {})
    for name, value in (("path", path), ("glob", glob), ("quarantine-run", quarantine_run), ("since", since),
                        ("until", until)):
        if value is not None:
            options[name] = value
    return run("restore", schema=schema, store=store, options=options, **kwargs)


def stats(store=None, schema=None, **kwargs):
    """From the ledger: counts and bytes per state, schema and section; what is due for purge."""
    return run("stats", store=store, schema=schema, **kwargs)


def verify(store=None, **kwargs):
    """Compares the trash with the ledger and reports drift."""
    return run("verify", store=store, **kwargs)


def history(store=None, limit=20, **kwargs):
    """Past executions, newest first, from Spring Batch's tables."""
    options = dict(kwargs.pop("options", None) or {})
    options["limit"] = limit
    return run("history", store=store, options=options, **kwargs)["executions"]


def restart(execution_id, *, config=None, jar=None, java_options=(), cwd=None, env=None, timeout=None):
    """Restarts a failed, stopped or killed execution (FailedError.execution_id)."""
    args = ["--restart=%d" % execution_id, "--format=json"]
    if config is not None:
        args.append("--dj-config=" + str(config))
    return _execute(args, None, jar, java_options, cwd, env, timeout)
