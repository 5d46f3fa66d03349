package org.djgc.batch.cycle;

import java.util.Set;
import org.djgc.batch.support.ReportJson;

/** Orphans of a report, for cycle assertions. */
final class ReportJsonOrphans {
  private ReportJsonOrphans() {}

  static Set<String> of(ReportJson report) {
    return report.orphanPaths();
  }
}
