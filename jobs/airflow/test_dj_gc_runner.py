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

RESTART_STDERR = textwrap.dedent("""\
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


class ParseTest(unittest.TestCase):
    def test_restart_id_comes_from_the_jars_restart_line(self):
        self.assertEqual(123, runner.parse_restart_id(RESTART_STDERR))

    def test_the_last_restart_line_wins(self):
        text = "dj-gc: restart it with --restart=5\nRestarting execution 5\ndj-gc: restart it with --restart=9\n"
        self.assertEqual(9, runner.parse_restart_id(text))

    def test_restart_line_inside_a_json_log_line_is_found(self):
        line = '{"log":{"level":"ERROR"},"message":"dj-gc: restart it with --restart=41","run":"41"}'
        self.assertEqual(41, runner.parse_restart_id(line))

    def test_no_restart_id_without_a_number(self):
        self.assertIsNone(runner.parse_restart_id("5  failed: restart with --restart=<jobExecutionId>"))
        self.assertIsNone(runner.parse_restart_id(""))
        self.assertIsNone(runner.parse_restart_id(None))

    def test_running_id_from_text_and_json_log_lines(self):
        self.assertEqual(194, runner.parse_running_id(
            "2026-11-25T21:04:12.662Z INFO  [GcCommand] [job=purge store=demo run=194] Job purge ended"))
        self.assertEqual(17, runner.parse_running_id('{"message":"Listing","job":"purge","run":"17"}'))
        self.assertIsNone(runner.parse_running_id("[job=history store= run=] Starting"))
        self.assertIsNone(runner.parse_running_id("restore --quarantine-run=5 selected 3 files"))

    def test_execution_id_is_the_last_one_mentioned(self):
        self.assertEqual(194, runner.parse_execution_id(
            "Restarting execution 190 of job purge\nJob purge execution 194 ended COMPLETED"))
        self.assertIsNone(runner.parse_execution_id("no run at all"))


class DecideTest(unittest.TestCase):
    def test_zero_succeeds_and_forgets_any_restart(self):
        outcome = runner.decide(0, "dj-gc purge: store main, schemas [lab], execution 12\nRESULT: OK\n", "", 11)
        self.assertIs(Action.SUCCESS, outcome.action)
        self.assertIsNone(outcome.restart_id)
        self.assertEqual(12, outcome.execution_id)

    def test_one_fails_without_retry_and_shows_the_error_lines(self):
        stdout = "dj-gc purge: store main, schemas [lab], execution 8\n  error: delete _trash/x/f.dat: EACCES\nRESULT: ERRORS\n"
        outcome = runner.decide(1, stdout, "dj-gc: purge execution 8 completed with 1 error(s)\n")
        self.assertIs(Action.FAIL, outcome.action)
        self.assertIn("error: delete _trash/x/f.dat: EACCES", outcome.message)
        self.assertIn("dj-gc: purge execution 8 completed with 1 error(s)", outcome.message)
        self.assertIsNone(outcome.restart_id)

    def test_two_fails_without_retry(self):
        outcome = runner.decide(2, "", "dj-gc: Unknown option --bogus (see --help)\n")
        self.assertIs(Action.FAIL, outcome.action)
        self.assertIn("Unknown option --bogus", outcome.message)

    def test_two_after_a_restart_of_a_completed_instance_is_success(self):
        stderr = ("dj-gc: Execution 5 of job quarantine already completed (as execution 7); "
                  "nothing to restart\n")
        outcome = runner.decide(2, "", stderr, restarted_id=5)
        self.assertIs(Action.SUCCESS, outcome.action)
        self.assertIsNone(outcome.restart_id)

    def test_three_fails_without_retry_and_says_why(self):
        outcome = runner.decide(3, REFUSED_STDOUT, REFUSED_STDERR, restarted_id=70, running_id=77)
        self.assertIs(Action.FAIL, outcome.action)
        self.assertIn("refused by a safety gate", outcome.message)
        self.assertIn("undeclared codec <peertext@main>", outcome.message)
        self.assertIn("RESULT: REFUSED: 2 reference finding(s)", outcome.message)
        self.assertIsNone(outcome.restart_id)

    def test_four_retries_and_keeps_the_execution_being_restarted(self):
        self.assertIs(Action.RETRY, runner.decide(4, "", "dj-gc: store main is locked by connection 12\n").action)
        self.assertIsNone(runner.decide(4, "", "").restart_id)
        self.assertEqual(9, runner.decide(4, "", "dj-gc: Execution 9 is still running", restarted_id=9).restart_id)

    def test_five_retries_by_restarting_the_printed_execution(self):
        outcome = runner.decide(5, "", RESTART_STDERR)
        self.assertIs(Action.RETRY, outcome.action)
        self.assertEqual(123, outcome.restart_id)
        self.assertIn("--restart=123", outcome.message)

    def test_five_of_a_restart_restarts_the_newest_execution(self):
        outcome = runner.decide(5, "", "dj-gc: restart it with --restart=124\n", restarted_id=123)
        self.assertEqual(124, outcome.restart_id)

    def test_five_without_an_id_keeps_the_execution_being_restarted(self):
        self.assertEqual(123, runner.decide(5, "", "dj-gc: failed: boom (java.io.IOException)", 123).restart_id)
        self.assertIsNone(runner.decide(5, "", "dj-gc: failed: boom (java.io.IOException)").restart_id)

    def test_the_id_file_wins_over_the_output(self):
        self.assertEqual(130, runner.decide(5, "", RESTART_STDERR, running_id=125, started_id=130).restart_id)
        self.assertEqual(130, runner.decide(137, "", "", running_id=125, started_id=130).restart_id)

    def test_a_killed_jvm_is_retried_by_restarting_what_it_was_running(self):
        outcome = runner.decide(-9, "", "", restarted_id=None, running_id=55)
        self.assertIs(Action.RETRY, outcome.action)
        self.assertEqual(55, outcome.restart_id)
        self.assertEqual(55, runner.decide(137, "", "", running_id=55).restart_id)


class CommandTest(unittest.TestCase):
    settings = runner.Settings(jar="/opt/dj-gc/gc-batch.jar", home="/srv/pipeline", java="/jdk/bin/java",
                               java_opts=("-Xmx2g",), store="main", schemas=("lab", "ephys"),
                               dj_config="/srv/pipeline/datajoint.json", metrics_dir="/var/lib/node",
                               log_format="json", extra_args=("--force", "--gc.chunk-size=100"))

    def test_a_new_run(self):
        self.assertEqual(
            ["/jdk/bin/java", "-Xmx2g", "-jar", "/opt/dj-gc/gc-batch.jar", "--job=quarantine", "--store=main",
             "--schema=lab,ephys", "--dj-config=/srv/pipeline/datajoint.json", "--log-format=json",
             "--metrics-file=/var/lib/node/dj-gc-quarantine-main.prom", "--force", "--gc.chunk-size=100"],
            runner.build_command(self.settings, "quarantine"))

    def test_a_restart_passes_only_the_options_of_every_run_and_settings(self):
        self.assertEqual(
            ["/jdk/bin/java", "-Xmx2g", "-jar", "/opt/dj-gc/gc-batch.jar", "--restart=123",
             "--dj-config=/srv/pipeline/datajoint.json", "--log-format=json",
             "--metrics-file=/var/lib/node/dj-gc-quarantine-main.prom", "--gc.chunk-size=100"],
            runner.build_command(self.settings, "quarantine", 123))

    def test_the_id_file_is_passed_when_given(self):
        command = runner.build_command(self.settings, "quarantine", 123, "/tmp/x/execution-id")
        self.assertEqual("--execution-id-file=/tmp/x/execution-id", command[-2])

    def test_all_schemas_and_jobs_without_schemas(self):
        settings = runner.Settings(jar="j.jar", home=".", all_schemas=True)
        self.assertEqual(["java", "-jar", "j.jar", "--job=purge", "--all-schemas"],
                         runner.build_command(settings, "purge"))
        self.assertEqual(["java", "-jar", "j.jar", "--job=stats"], runner.build_command(settings, "stats"))

    def test_bad_job_names_are_refused(self):
        with self.assertRaises(ValueError):
            runner.build_command(self.settings, "purge --force")

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
    """Stands in for execute(): answers each command with a scripted exit code and output."""

    def __init__(self, *answers):
        self.answers = list(answers)
        self.commands = []

    def __call__(self, command, cwd, on_line, grace):
        self.commands.append(list(command))
        answer = self.answers.pop(0)
        exit_code, stdout, stderr = answer[:3]
        if len(answer) > 3:  # the execution id the jar writes to --execution-id-file as it starts
            id_file = [arg.split("=", 1)[1] for arg in command if arg.startswith("--execution-id-file=")][0]
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

    def setUp(self):
        self.directory = tempfile.mkdtemp()
        self.state = runner.FileStateStore(self.directory)
        self.key = runner.state_key("dj_gc_quarantine", "quarantine", "scheduled__2026-11-25T02:15:00+00:00")

    def tearDown(self):
        shutil.rmtree(self.directory)

    def run_try(self, jar):
        return runner.run_job(self.settings, "quarantine", self.state, self.key, executor=jar)

    def test_a_failed_try_is_restarted_by_its_id_on_the_next_try(self):
        jar = FakeJar((5, "", RESTART_STDERR), (0, "RESULT: OK\n", "Job quarantine execution 124 ended COMPLETED\n"))
        first = self.run_try(jar)
        self.assertIs(Action.RETRY, first.action)
        self.assertEqual(123, self.state.load(self.key))
        second = self.run_try(jar)
        self.assertIs(Action.SUCCESS, second.action)
        self.assertIn("--restart=123", jar.commands[1])
        self.assertNotIn("--job=quarantine", jar.commands[1])
        self.assertIn("--job=quarantine", jar.commands[0])
        self.assertIsNone(self.state.load(self.key))

    def test_a_killed_try_is_restarted_by_the_id_it_logged(self):
        class Timeout(BaseException):
            pass

        jar = FakeJar((Timeout(), "", "x [job=quarantine store=main run=88] Listing\n"), (0, "", ""))
        with self.assertRaises(Timeout):
            self.run_try(jar)
        self.assertEqual(88, self.state.load(self.key))
        self.run_try(jar)
        self.assertIn("--restart=88", jar.commands[1])

    def test_the_id_the_jar_wrote_wins_over_its_output_and_is_kept_when_the_try_is_killed(self):
        class Timeout(BaseException):
            pass

        jar = FakeJar((Timeout(), "", "x [job=quarantine store=main run=88] Listing\n", 91),
                      (5, "", RESTART_STDERR, 92), (0, "RESULT: OK\n", ""))
        with self.assertRaises(Timeout):
            self.run_try(jar)
        self.assertEqual(91, self.state.load(self.key))
        second = self.run_try(jar)
        self.assertIn("--restart=91", jar.commands[1])
        self.assertEqual(92, second.restart_id)
        self.run_try(jar)
        self.assertIn("--restart=92", jar.commands[2])
        self.assertTrue(all(any(arg.startswith("--execution-id-file=") for arg in c) for c in jar.commands))

    def test_a_refusal_forgets_the_state(self):
        self.state.save(self.key, 70)
        outcome = self.run_try(FakeJar((3, REFUSED_STDOUT, REFUSED_STDERR)))
        self.assertIs(Action.FAIL, outcome.action)
        self.assertIsNone(self.state.load(self.key))

    def test_other_task_instances_have_their_own_state(self):
        self.state.save(self.key, 70)
        other = runner.state_key("dj_gc_quarantine", "quarantine", "scheduled__2026-11-26T02:15:00+00:00")
        self.assertNotEqual(self.key, other)
        self.assertIsNone(self.state.load(other))

    def test_the_real_executor_runs_a_process_and_streams_its_lines(self):
        seen = []
        completed = runner.execute(
            [sys.executable, "-c", "import sys; print('out'); print('dj-gc: restart it with --restart=3', "
             "file=sys.stderr); sys.exit(5)"], self.directory, lambda stream, line: seen.append((stream, line)))
        self.assertEqual(5, completed.exit_code)
        self.assertIn(("stdout", "out"), seen)
        self.assertEqual(3, runner.parse_restart_id(completed.stderr))


class AirflowMappingTest(unittest.TestCase):
    def test_exit_codes_map_onto_airflow_exceptions(self):
        self.assertEqual({"exit_code": 0, "meaning": "done", "execution_id": 3},
                         dj_gc_dag.to_airflow(runner.decide(0, "execution 3", "")))
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
if [ -e "$STUB_DIR/fail" ]; then
  echo "dj-gc: quarantine execution 31 failed: disk full" >&2
  echo "dj-gc: restart it with --restart=31" >&2
  exit 5
fi
echo "dj-gc quarantine: store main, schemas [lab], execution 32"
exit 0
"""


class DagWithAirflowStandInTest(unittest.TestCase):
    """The DAG module with stand-ins for Airflow 2's modules: both DAGs are built, and their task
    restarts a failed execution by its id on the next try."""

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
                           "DJGC_STORE": "main", "DJGC_SCHEMAS": "lab", "STUB_DIR": self.directory,
                           "DJGC_STATE_DIR": os.path.join(self.directory, "state")})
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

    def test_the_retry_of_a_failed_try_restarts_its_execution(self):
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
        self.assertEqual(["-jar %s/gc-batch.jar --job=quarantine --store=main --schema=lab" % self.directory,
                          "-jar %s/gc-batch.jar --restart=31" % self.directory], lines)


class PythonVersionTest(unittest.TestCase):
    def test_sources_parse_as_python_3_8(self):
        for name in ("dj_gc_runner.py", "dj_gc_dag.py"):
            with open(os.path.join(HERE, name), encoding="utf-8") as source:
                ast.parse(source.read(), filename=name, feature_version=(3, 8))


if __name__ == "__main__":
    unittest.main()
