"""dj_gc's contract with the jar, against a stand-in ``java`` that records its arguments.

The stand-in prints the JSON and exits with the code the test asks for (``STUB_EXIT``), and writes
the execution id file as the real jar does; ``it_dj_gc.py`` runs the same calls against the real jar.
"""

import json
import os
import stat
import sys
import tempfile
import unittest
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

import dj_gc  # noqa: E402

STUB = """#!/usr/bin/env python3
import json, os, sys
args = sys.argv[1:]
with open(os.environ["STUB_ARGS"], "w") as f:
    json.dump(args, f)
for arg in args:
    if arg.startswith("--execution-id-file=") and os.environ.get("STUB_EXECUTION"):
        with open(arg.split("=", 1)[1], "w") as f:
            f.write(os.environ["STUB_EXECUTION"] + "\\n")
sys.stdout.write(os.environ.get("STUB_OUT", ""))
sys.stderr.write(os.environ.get("STUB_ERR", ""))
sys.exit(int(os.environ.get("STUB_EXIT", "0")))
"""


class DjGcTest(unittest.TestCase):
    def setUp(self):
        self.tmp = tempfile.TemporaryDirectory()
        home = Path(self.tmp.name, "jdk")
        (home / "bin").mkdir(parents=True)
        java = home / "bin" / "java"
        java.write_text(STUB)
        java.chmod(java.stat().st_mode | stat.S_IEXEC)
        self.jar = Path(self.tmp.name, "gc-batch.jar")
        self.jar.write_bytes(b"stand-in")
        self.args_file = Path(self.tmp.name, "args.json")
        self.saved = dict(os.environ)
        os.environ.update({"JAVA_HOME": str(home), "DJ_GC_JAR": str(self.jar), "STUB_ARGS": str(self.args_file)})

    def tearDown(self):
        os.environ.clear()
        os.environ.update(self.saved)
        self.tmp.cleanup()

    def given(self, exit_code=0, out=None, err="", execution=None):
        os.environ["STUB_EXIT"] = str(exit_code)
        os.environ["STUB_OUT"] = json.dumps(out) if out is not None else ""
        os.environ["STUB_ERR"] = err
        if execution is None:
            os.environ.pop("STUB_EXECUTION", None)
        else:
            os.environ["STUB_EXECUTION"] = str(execution)

    def args(self):
        return json.loads(self.args_file.read_text())

    def test_report_returns_the_parsed_json_and_passes_each_schema(self):
        self.given(out={"job": "report", "stats": {"hash_paths_orphaned": 2}})

        result = dj_gc.report(schema=["a", "b"], store="main", config="/p/datajoint.json")

        self.assertEqual(result["stats"]["hash_paths_orphaned"], 2)
        args = self.args()
        self.assertEqual(args[:2], ["-jar", str(self.jar)])
        self.assertEqual(args[2:8], ["--job=report", "--format=json", "--store=main", "--schema=a", "--schema=b",
                                     "--dj-config=/p/datajoint.json"])
        self.assertTrue(args[-1].startswith("--execution-id-file="))

    def test_each_exit_code_raises_its_error_with_dj_gcs_message(self):
        cases = [(1, dj_gc.ObjectErrors), (2, dj_gc.UsageError), (3, dj_gc.RefusedError), (4, dj_gc.LockedError),
                 (5, dj_gc.FailedError)]
        for code, error in cases:
            with self.subTest(code=code):
                self.given(code, out={"status": "x"}, err="a log line\ndj-gc: what went wrong\n")
                with self.assertRaises(error) as raised:
                    dj_gc.purge(schema="s")
                self.assertEqual(raised.exception.exit_code, code)
                self.assertEqual(str(raised.exception), "what went wrong")
                self.assertEqual(raised.exception.result, {"status": "x"})
                self.assertIsInstance(raised.exception, dj_gc.DjGcError)

    def test_a_failed_run_carries_its_execution_id_and_restart_takes_it(self):
        self.given(5, err="dj-gc: purge execution 41 failed\n", execution=41)
        with self.assertRaises(dj_gc.FailedError) as raised:
            dj_gc.purge(schema="s")
        self.assertEqual(raised.exception.execution_id, 41)

        self.given(out={"job": "purge", "status": "ok"})
        self.assertEqual(dj_gc.restart(raised.exception.execution_id)["status"], "ok")
        self.assertEqual(self.args()[2:4], ["--restart=41", "--format=json"])

    def test_restore_and_history_spell_their_options_as_the_jar_does(self):
        self.given(out={"job": "restore"})
        dj_gc.restore(store="main", path="_hash/s/x", quarantine_run=7)
        self.assertIn("--path=_hash/s/x", self.args())
        self.assertIn("--quarantine-run=7", self.args())

        self.given(out={"schema_version": 1, "job": "history", "store": None, "executions": []})
        self.assertEqual(dj_gc.history(limit=3), [])
        self.assertIn("--limit=3", self.args())

        self.given(out={"job": "report"})
        dj_gc.report(all_schemas=True, options={"reference-scope": "requested", "force": True})
        self.assertIn("--all-schemas", self.args())
        self.assertIn("--reference-scope=requested", self.args())
        self.assertIn("--force", self.args())

    def test_a_missing_jar_is_a_usage_error_naming_where_it_looked(self):
        os.environ["DJ_GC_JAR"] = str(Path(self.tmp.name, "nowhere.jar"))
        with self.assertRaises(dj_gc.UsageError) as raised:
            dj_gc.report(schema="s")
        self.assertIn("nowhere.jar", str(raised.exception))
        self.assertIn("DJ_GC_JAR", str(raised.exception))


if __name__ == "__main__":
    unittest.main()
