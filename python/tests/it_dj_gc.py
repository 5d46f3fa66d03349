"""dj_gc against the real gc-batch.jar and a real pipeline, run by the Java test PythonEntryPointIT.

Not collected by ``python3 -m unittest`` discovery (its name does not start with ``test``): it needs
the pipeline the Java test builds, described by these variables, and fails without them:
DJ_GC_JAR, DJ_GC_IT_CONFIG (its datajoint.json), DJ_GC_IT_STORE, DJ_GC_IT_SCHEMA, DJ_GC_IT_ORPHAN
(the orphaned file's store-relative path), DJ_GC_IT_LIVE (a live one) and DJ_GC_IT_STORE_ROOT.
"""

import os
import sys
import unittest
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

import dj_gc  # noqa: E402

TESTING = ["-Ddjgc.testing=true"]


def setting(name):
    value = os.environ.get(name)
    if not value:
        raise AssertionError("%s is not set: run this module through PythonEntryPointIT" % name)
    return value


class AgainstTheJar(unittest.TestCase):
    def setUp(self):
        self.config = setting("DJ_GC_IT_CONFIG")
        self.store = setting("DJ_GC_IT_STORE")
        self.schema = setting("DJ_GC_IT_SCHEMA")
        self.orphan = setting("DJ_GC_IT_ORPHAN")
        self.live = setting("DJ_GC_IT_LIVE")
        self.root = Path(setting("DJ_GC_IT_STORE_ROOT"))
        setting("DJ_GC_JAR")

    def test_report_quarantine_stats_restore_history_in_turn(self):
        # report: the orphan, with DataJoint's stat keys
        report = dj_gc.report(schema=self.schema, store=self.store, config=self.config)
        self.assertEqual(report["stats"]["orphaned_hash_paths"], [self.orphan])
        self.assertTrue(report["stats"]["dry_run"])

        # quarantine (dj-gc's clock two days ahead, so the new orphan is past gc.min-object-age)
        moved = dj_gc.quarantine(schema=self.schema, store=self.store, config=self.config, java_options=TESTING,
                                 options={"gc.testing.clock-offset": "P2D"})
        self.assertEqual(moved["counters"]["quarantined"], 1)
        self.assertFalse((self.root / self.orphan).exists())
        self.assertTrue((self.root / self.live).exists())

        # stats: one quarantined file
        self.assertEqual(dj_gc.stats(store=self.store, config=self.config)["states"]["quarantined"]["count"], 1)

        # restore it by path
        restored = dj_gc.restore(store=self.store, path=self.orphan, config=self.config)
        self.assertEqual(restored["counters"]["restored_operator"], 1)
        self.assertTrue((self.root / self.orphan).exists())

        # history: newest first
        runs = dj_gc.history(store=self.store, limit=4, config=self.config)
        self.assertEqual([run["job"] for run in runs[:4]], ["restore", "stats", "quarantine", "report"])

    def test_bad_input_raises_the_usage_error_with_dj_gcs_message(self):
        with self.assertRaises(dj_gc.UsageError) as raised:
            dj_gc.report(schema=self.schema, store="no_such_store", config=self.config)
        self.assertIn("no_such_store", str(raised.exception))
        # the jar's JSON document for a failure outside a job
        self.assertEqual(raised.exception.result["status"], "failed")
        self.assertEqual(raised.exception.result["exit_code"], 2)
        self.assertIn("no_such_store", raised.exception.result["error"])


if __name__ == "__main__":
    unittest.main()
