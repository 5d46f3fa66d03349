"""Unit tests of dj_gc_runner and of the exception mapping in dj_gc_dag, without Airflow.

    cd jobs/airflow && python3 -m unittest -v
"""

from __future__ import annotations

import ast
import importlib.util
import logging
import os
import re
import shutil
import sys
import tempfile
import textwrap
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import dj_gc_dag  # noqa: E402
import dj_gc_runner as runner  # noqa: E402
from dj_gc_runner import Action  # noqa: E402

HERE = os.path.dirname(os.path.abspath(__file__))
logging.getLogger().addHandler(logging.NullHandler())  # the expected failures need not be printed

FAILED_STDERR = textwrap.dedent("""\
    2026-11-25T02:15:03.101Z INFO  [GcCommand] [job=quarantine store=main run=] Starting job quarantine
    2026-11-25T02:15:04.270Z INFO  [RunOutcomeListener] [job=quarantine store=main run=123] Discovery
    dj-gc: quarantine execution 123 failed: cannot move _schema/lab/t/f.dat: Input/output error
    dj-gc: restart it with --restart=123
    """)
REFUSED_STDOUT = textwrap.dedent("""\
    dj-gc quarantine: store main, schemas [lab], execution 77
      quarantined            0
      findings               2
      scan_errors            0
    RESULT: REFUSED: 2 reference finding(s)
    """)
REFUSED_STDERR = "dj-gc: quarantine execution 77 refused: 2 reference finding(s) (undeclared codec <peertext@main>)\n"


class DecideTest(unittest.TestCase):
    def test_zero_succeeds_with_the_execution_the_jar_wrote(self):
        outcome = runner.decide(0, "dj-gc purge: store main, schemas [lab], execution 12\nRESULT: OK\n", "", 12)
        self.assertIs(Action.SUCCESS, outcome.action)
        self.assertEqual(12, outcome.execution_id)
        self.assertEqual({"exit_code": 0, "meaning": "done", "execution_id": 12}, outcome.summary())

    def test_one_fails_without_retry_and_shows_the_error_lines(self):
        stdout = "dj-gc purge: store main, schemas [lab], execution 8\n  error: delete _trash/x/f.dat: EACCES\nRESULT: ERRORS\n"
        outcome = runner.decide(1, stdout, "dj-gc: purge execution 8 completed with 1 error(s)\n", 8)
        self.assertIs(Action.FAIL, outcome.action)
        self.assertIn("error: delete _trash/x/f.dat: EACCES", outcome.message)
        self.assertIn("dj-gc: purge execution 8 completed with 1 error(s)", outcome.message)

    def test_two_fails_without_retry(self):
        outcome = runner.decide(2, "", "dj-gc: Unknown option --bogus (see --help)\n")
        self.assertIs(Action.FAIL, outcome.action)
        self.assertIn("Unknown option --bogus", outcome.message)

    def test_three_fails_without_retry_and_says_why(self):
        outcome = runner.decide(3, REFUSED_STDOUT, REFUSED_STDERR, 77)
        self.assertIs(Action.FAIL, outcome.action)
        self.assertIn("refused by a safety gate", outcome.message)
        self.assertIn("undeclared codec <peertext@main>", outcome.message)
        self.assertIn("RESULT: REFUSED: 2 reference finding(s)", outcome.message)

    def test_four_retries(self):
        outcome = runner.decide(4, "", "dj-gc: store main is locked by connection 12\n")
        self.assertIs(Action.RETRY, outcome.action)
        self.assertIn("retrying later", outcome.message)

    def test_five_retries_and_names_the_execution_the_next_try_restarts(self):
        outcome = runner.decide(5, "", FAILED_STDERR, 123)
        self.assertIs(Action.RETRY, outcome.action)
        self.assertEqual(123, outcome.execution_id)
        self.assertIn("execution 123 failed; the next try (same run key) restarts it", outcome.message)

    def test_the_execution_id_comes_only_from_the_id_file(self):
        # the output names execution 123 twice; without the file's id none is reported
        outcome = runner.decide(5, "", FAILED_STDERR)
        self.assertIsNone(outcome.execution_id)
        self.assertIn("failed before an execution existed", outcome.message)

    def test_a_killed_jvm_is_retried(self):
        for code in (-9, 137):
            outcome = runner.decide(code, "", "", 55)
            self.assertIs(Action.RETRY, outcome.action)
            self.assertIn("killed by a signal", outcome.message)


class RunKeyTest(unittest.TestCase):
    def test_every_try_of_a_task_instance_has_the_same_key_and_other_instances_others(self):
        key = runner.run_key("dj_gc_purge", "purge", "scheduled__2026-11-25T02:40:00+00:00")
        self.assertEqual(key, runner.run_key("dj_gc_purge", "purge", "scheduled__2026-11-25T02:40:00+00:00", -1))
        others = {runner.run_key("dj_gc_purge", "purge", "scheduled__2026-11-25T03:40:00+00:00"),
                  runner.run_key("dj_gc_quarantine", "purge", "scheduled__2026-11-25T02:40:00+00:00"),
                  runner.run_key("dj_gc_purge", "purge", "scheduled__2026-11-25T02:40:00+00:00", 0),
                  runner.run_key("dj_gc_purge", "purge.x", "scheduled__2026-11-25T02:40:00+00:00")}
        self.assertEqual(4, len(others))
        self.assertNotIn(key, others)
        self.assertTrue(key.startswith("dj_gc_purge.purge.scheduled__2026-11-25T02:40:00+00:00."), key)

    def test_keys_stay_within_the_jars_limit_and_printable(self):
        key = runner.run_key("d" * 250, "t", "manual__\u00e9\n" + "r" * 300)
        self.assertLessEqual(len(key), runner.MAX_RUN_KEY)
        self.assertRegex(key, r"^[A-Za-z0-9_.:+-]+$")
        self.assertNotEqual(key, runner.run_key("d" * 250, "t", "manual__\u00e9\n" + "r" * 301))


class CommandTest(unittest.TestCase):
    settings = runner.Settings(jar="/opt/dj-gc/gc-batch.jar", home="/srv/pipeline", java="/jdk/bin/java",
                               java_opts=("-Xmx2g",), store="main", schemas=("lab", "ephys"),
                               dj_config="/srv/pipeline/datajoint.json", metrics_dir="/var/lib/node",
                               log_format="json", extra_args=("--force", "--gc.chunk-size=100"))

    def test_every_try_is_the_same_command_with_the_run_key(self):
        self.assertEqual(
            ["/jdk/bin/java", "-Xmx2g", "-jar", "/opt/dj-gc/gc-batch.jar", "--job=quarantine", "--store=main",
             "--schema=lab,ephys", "--dj-config=/srv/pipeline/datajoint.json", "--log-format=json",
             "--metrics-file=/var/lib/node/dj-gc-quarantine-main.prom", "--run-key=k1",
             "--execution-id-file=/tmp/x/execution-id", "--force", "--gc.chunk-size=100"],
            runner.build_command(self.settings, "quarantine", "k1", "/tmp/x/execution-id"))

    def test_all_schemas_and_jobs_without_schemas(self):
        settings = runner.Settings(jar="j.jar", home=".", all_schemas=True)
        self.assertEqual(["java", "-jar", "j.jar", "--job=purge", "--all-schemas", "--run-key=k"],
                         runner.build_command(settings, "purge", "k"))
        self.assertEqual(["java", "-jar", "j.jar", "--job=stats", "--run-key=k"],
                         runner.build_command(settings, "stats", "k"))

    def test_bad_job_names_are_refused(self):
        with self.assertRaises(ValueError):
            runner.build_command(self.settings, "purge --force", "k")

    def test_settings_from_the_wrappers_environment(self):
        settings = runner.Settings.from_env({
            "DJGC_HOME": "/srv/p", "JAVA_HOME": "/jdk", "JAVA_OPTS": "-Xmx1g -Dx='a b'",
            "DJGC_STORE": "raw", "DJGC_SCHEMAS": "lab, ephys imaging", "DJGC_EXTRA_ARGS": "--force"})
        self.assertEqual("/srv/p/gc-batch.jar", settings.jar)
        self.assertEqual("/jdk/bin/java", settings.java)
        self.assertEqual(("-Xmx1g", "-Dx=a b"), tuple(settings.java_opts))
        self.assertEqual(("lab", "ephys", "imaging"), tuple(settings.schemas))
        self.assertFalse(settings.all_schemas)
        self.assertEqual(("--force",), tuple(settings.extra_args))
        self.assertTrue(runner.Settings.from_env({"DJGC_SCHEMAS": "--all-schemas"}).all_schemas)


class FakeJar:
    """Stands in for execute(): answers each command with a scripted exit code and output, and
    writes the execution id it is given to --execution-id-file, as the jar does when it starts one."""

    def __init__(self, *answers):
        self.answers = list(answers)
        self.commands = []
        self.id_files = []

    def __call__(self, command, cwd, on_line, grace):
        self.commands.append(list(command))
        id_file = [arg.split("=", 1)[1] for arg in command if arg.startswith("--execution-id-file=")][0]
        self.id_files.append(id_file)
        answer = self.answers.pop(0)
        exit_code, stdout, stderr = answer[:3]
        if len(answer) > 3:
            with open(id_file, "w", encoding="utf-8") as handle:
                handle.write("%d\n" % answer[3])
        for line in stdout.splitlines():
            on_line("stdout", line)
        for line in stderr.splitlines():
            on_line("stderr", line)
        if isinstance(exit_code, BaseException):
            raise exit_code
        return runner.Completed(exit_code, stdout, stderr)


class RunJobTest(unittest.TestCase):
    settings = runner.Settings(jar="gc.jar", home="/srv", store="main", all_schemas=True)
    key = runner.run_key("dj_gc_quarantine", "quarantine", "scheduled__2026-11-25T02:15:00+00:00")

    def run_try(self, jar):
        return runner.run_job(self.settings, "quarantine", self.key, executor=jar)

    def test_every_try_passes_the_same_run_key_and_reports_the_id_the_jar_wrote(self):
        jar = FakeJar((5, "", FAILED_STDERR, 123), (0, "RESULT: OK\n", "execution 999\n", 124))
        first = self.run_try(jar)
        second = self.run_try(jar)
        self.assertIs(Action.RETRY, first.action)
        self.assertEqual(123, first.execution_id)
        self.assertIs(Action.SUCCESS, second.action)
        self.assertEqual(124, second.execution_id)
        without_id_files = [[a for a in c if not a.startswith("--execution-id-file=")] for c in jar.commands]
        self.assertEqual(without_id_files[0], without_id_files[1])
        self.assertIn("--run-key=" + self.key, jar.commands[0])
        self.assertNotIn("--restart", " ".join(jar.commands[1]))

    def test_a_killed_try_raises_and_leaves_no_id_file(self):
        class Timeout(BaseException):
            pass

        jar = FakeJar((Timeout(), "", "x [job=quarantine store=main run=88] Listing\n", 88))
        with self.assertRaises(Timeout):
            self.run_try(jar)
        self.assertFalse(os.path.exists(os.path.dirname(jar.id_files[0])))

    def test_the_real_executor_runs_a_process_and_streams_its_lines(self):
        seen = []
        directory = tempfile.mkdtemp()
        try:
            completed = runner.execute(
                [sys.executable, "-c", "import sys; print('out'); print('err', file=sys.stderr); sys.exit(5)"],
                directory, lambda stream, line: seen.append((stream, line)))
        finally:
            shutil.rmtree(directory)
        self.assertEqual(5, completed.exit_code)
        self.assertIn(("stdout", "out"), seen)
        self.assertIn(("stderr", "err"), seen)
        self.assertEqual("err", completed.stderr)


class AirflowMappingTest(unittest.TestCase):
    def test_exit_codes_map_onto_airflow_exceptions(self):
        self.assertEqual({"exit_code": 0, "meaning": "done", "execution_id": 3},
                         dj_gc_dag.to_airflow(runner.decide(0, "execution 3", "", 3)))
        for code in (1, 2, 3):
            with self.assertRaises(dj_gc_dag.AirflowFailException):
                dj_gc_dag.to_airflow(runner.decide(code, "", ""))
        for code in (4, 5, 137):
            with self.assertRaises(dj_gc_dag.AirflowException) as raised:
                dj_gc_dag.to_airflow(runner.decide(code, "", ""))
            self.assertNotIsInstance(raised.exception, dj_gc_dag.AirflowFailException)


FAKE_AIRFLOW = {
    "airflow/__init__.py": """
        class DAG:
            current = None
            def __init__(self, dag_id, **kwargs):
                self.dag_id, self.kwargs, self.tasks = dag_id, kwargs, []
            def __enter__(self):
                DAG.current = self
                return self
            def __exit__(self, *exc):
                DAG.current = None
        """,
    "airflow/exceptions.py": """
        class AirflowException(Exception):
            pass
        class AirflowFailException(AirflowException):
            pass
        """,
    "airflow/operators/__init__.py": "",
    "airflow/operators/python.py": """
        import airflow
        class PythonOperator:
            def __init__(self, task_id, python_callable, op_kwargs=None, **kwargs):
                self.task_id, self.python_callable, self.op_kwargs, self.kwargs = task_id, python_callable, op_kwargs, kwargs
                airflow.DAG.current.tasks.append(self)
        """,
}

STUB_JAVA = """#!/bin/sh
echo "$*" >> "$STUB_DIR/calls"
for arg in "$@"; do
  case "$arg" in --execution-id-file=*) id_file="${arg#--execution-id-file=}" ;; esac
done
if [ -e "$STUB_DIR/fail" ]; then
  echo 31 > "$id_file"
  echo "dj-gc: quarantine execution 31 failed: disk full" >&2
  exit 5
fi
echo 32 > "$id_file"
echo "dj-gc quarantine: store main, schemas [lab], execution 32"
exit 0
"""


class DagWithAirflowStandInTest(unittest.TestCase):
    """The DAG module with stand-ins for Airflow 2's modules: both DAGs are built, and every try of
    their task passes the same run key, which makes the jar restart what a failed try left."""

    def setUp(self):
        self.directory = tempfile.mkdtemp()
        for path, text in FAKE_AIRFLOW.items():
            target = os.path.join(self.directory, "fake", path)
            os.makedirs(os.path.dirname(target), exist_ok=True)
            with open(target, "w", encoding="utf-8") as out:
                out.write(textwrap.dedent(text))
        java = os.path.join(self.directory, "jdk", "bin", "java")
        os.makedirs(os.path.dirname(java))
        with open(java, "w", encoding="utf-8") as out:
            out.write(STUB_JAVA)
        os.chmod(java, 0o755)
        self.saved_env = dict(os.environ)
        os.environ.update({"JAVA_HOME": os.path.join(self.directory, "jdk"), "DJGC_HOME": self.directory,
                           "DJGC_STORE": "main", "DJGC_SCHEMAS": "lab", "STUB_DIR": self.directory})
        sys.path.insert(0, os.path.join(self.directory, "fake"))
        spec = importlib.util.spec_from_file_location("dj_gc_dag_under_airflow", os.path.join(HERE, "dj_gc_dag.py"))
        self.module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(self.module)

    def tearDown(self):
        sys.path.remove(os.path.join(self.directory, "fake"))
        for name in [n for n in sys.modules if n == "airflow" or n.startswith("airflow.")]:
            del sys.modules[name]
        os.environ.clear()
        os.environ.update(self.saved_env)
        shutil.rmtree(self.directory)

    def test_two_dags_with_one_task_each(self):
        quarantine, purge = self.module.dj_gc_quarantine, self.module.dj_gc_purge
        self.assertEqual(("dj_gc_quarantine", "15 2 * * *"), (quarantine.dag_id, quarantine.kwargs["schedule"]))
        self.assertEqual(("dj_gc_purge", "40 * * * *"), (purge.dag_id, purge.kwargs["schedule"]))
        self.assertEqual(1, quarantine.kwargs["max_active_runs"])
        self.assertEqual(3, quarantine.kwargs["default_args"]["retries"])
        self.assertEqual([{"job": "quarantine"}], [t.op_kwargs for t in quarantine.tasks])
        self.assertEqual([{"job": "purge"}], [t.op_kwargs for t in purge.tasks])

    def test_the_retry_of_a_failed_try_passes_the_same_run_key(self):
        task = self.module.dj_gc_quarantine.tasks[0]

        class TaskInstance:
            dag_id, task_id, run_id, map_index = "dj_gc_quarantine", "quarantine", "scheduled__2026-11-25", -1

        open(os.path.join(self.directory, "fail"), "w").close()
        with self.assertRaises(self.module.AirflowException) as first:
            task.python_callable(ti=TaskInstance(), run_id=TaskInstance.run_id, **task.op_kwargs)
        self.assertNotIsInstance(first.exception, self.module.AirflowFailException)
        os.remove(os.path.join(self.directory, "fail"))
        result = task.python_callable(ti=TaskInstance(), run_id=TaskInstance.run_id, **task.op_kwargs)
        self.assertEqual({"exit_code": 0, "meaning": "done", "execution_id": 32}, result)
        with open(os.path.join(self.directory, "calls"), encoding="utf-8") as calls:
            lines = [re.sub(r" --execution-id-file=\S+$", "", line) for line in calls.read().splitlines()]
        key = runner.run_key("dj_gc_quarantine", "quarantine", "scheduled__2026-11-25")
        command = "-jar %s/gc-batch.jar --job=quarantine --store=main --schema=lab --run-key=%s" % (self.directory, key)
        self.assertEqual([command, command], lines)


class PythonVersionTest(unittest.TestCase):
    def test_sources_parse_as_python_3_8(self):
        for name in ("dj_gc_runner.py", "dj_gc_dag.py"):
            with open(os.path.join(HERE, name), encoding="utf-8") as source:
                ast.parse(source.read(), filename=name, feature_version=(3, 8))


if __name__ == "__main__":
    unittest.main()
