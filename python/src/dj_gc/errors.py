"""One exception per exit code of gc-batch.jar (docs/spec/cli.md section 12.2)."""


class DjGcError(Exception):
    """A run of gc-batch.jar that did not end with exit code 0.

    Attributes:
        exit_code: the jar's exit code.
        stderr: what it printed on stderr (one line per failure, without secrets).
        result: its JSON output, parsed, when it printed one (else None).
    """

    exit_code = None

    def __init__(self, message, exit_code=None, stderr="", result=None):
        super().__init__(message)
        if exit_code is not None:
            self.exit_code = exit_code
        self.stderr = stderr
        self.result = result


class ObjectErrors(DjGcError):
    """Exit 1: the run completed, but some objects failed (each named in result["errors"])."""

    exit_code = 1


class UsageError(DjGcError):
    """Exit 2: a usage or configuration error; nothing ran."""

    exit_code = 2


class RefusedError(DjGcError):
    """Exit 3: a safety gate refused the run (findings, scan errors, count gates); nothing was moved or deleted."""

    exit_code = 3


class LockedError(DjGcError):
    """Exit 4: another run holds the store's lock, or the execution to restart still runs."""

    exit_code = 4


class FailedError(DjGcError):
    """Exit 5: the run failed; restart it with dj_gc.restart(execution_id).

    Attributes:
        execution_id: the failed execution's id (None when no execution had started).
    """

    exit_code = 5

    def __init__(self, message, exit_code=None, stderr="", result=None, execution_id=None):
        super().__init__(message, exit_code, stderr, result)
        self.execution_id = execution_id


BY_EXIT_CODE = {1: ObjectErrors, 2: UsageError, 3: RefusedError, 4: LockedError, 5: FailedError}
