package org.djgc.batch.job.report;

import java.io.PrintStream;
import org.djgc.core.layout.Section;
import org.djgc.core.layout.SectionKind;
import org.djgc.core.orphan.ListedFile;
import org.djgc.core.orphan.SectionCounts;
import org.djgc.core.reference.Finding;
import org.djgc.core.sort.CloseableIterator;
import org.djgc.core.sort.RecordFile;

/** The report for people: totals with upstream's names, sections, problems, then every orphan. */
final class TextReport {
  private TextReport() {}

  static void write(ReportModel report, PrintStream out) {
    out.printf("dj-gc report: store %s (%s), execution %d%n", report.store(), report.location(),
        report.executionId());
    out.printf("schemas: %s%n", String.join(", ", report.schemas()));
    out.printf("references read from: %s%n%n", String.join(", ", report.schemasRead()));
    SectionCounts hash = report.total(SectionKind.HASH);
    SectionCounts schema = report.total(SectionKind.SCHEMA);
    out.printf("%-28s %14s %14s%n", "", "hash_paths", "schema_paths");
    row(out, "referenced", report.hashReferenced(), report.schemaReferenced());
    row(out, "stored", hash.stored(), schema.stored());
    row(out, "orphaned", hash.orphaned(), schema.orphaned());
    row(out, "orphaned_bytes", hash.orphanedBytes(), schema.orphanedBytes());
    out.println();
    out.printf("%-40s %10s %14s %10s %14s%n", "section", "stored", "bytes", "orphaned", "bytes");
    for (int i = 0; i < report.sections().size(); i++) {
      Section section = report.sections().get(i);
      SectionCounts counts = report.counts().get(i);
      out.printf("%-40s %10d %14d %10d %14d%n", section.directory() + "/", counts.stored(), counts.storedBytes(),
          counts.orphaned(), counts.orphanedBytes());
    }
    out.println();
    if (!report.skippedSections().isEmpty()) {
      out.printf("skipped_sections: %d%n", report.skippedSections().size());
      report.skippedSections().forEach(skipped -> out.println("  " + skipped));
    }
    if (report.unknownStoreReferences() > 0) {
      out.printf("unknown_store_references: %d (rows naming a store this configuration does not know; their paths"
          + " protect)%n", report.unknownStoreReferences());
    }
    out.printf("scan_errors: %s%n", report.scanErrors().isEmpty() ? "none" : report.scanErrors().size());
    report.scanErrors().forEach(error -> out.println("  " + error));
    out.printf("findings: %s%n", report.findingCount() == 0 ? "none" : report.findingCount());
    try (CloseableIterator<Finding> findings = RecordFile.read(report.findingsFile(), FindingsFile.CODEC)) {
      findings.forEachRemaining(finding -> out.println("  " + finding.describe()));
    }
    long orphanCount = hash.orphaned() + schema.orphaned();
    out.printf("%norphaned files: %d%n", orphanCount);
    try (CloseableIterator<ListedFile> orphans = RecordFile.read(report.orphansFile(), ListedFile.CODEC)) {
      orphans.forEachRemaining(orphan -> out.printf("  %12d  %s%n", orphan.sizeBytes(), orphan.path()));
    }
    out.println();
    if (report.refused()) {
      out.printf("RESULT: REFUSED (%s): a destructive run would not move or delete anything%n", report.refusal());
    } else {
      out.printf("RESULT: OK: %d orphaned file(s), %d byte(s); dry run, nothing moved or deleted%n", orphanCount,
          hash.orphanedBytes() + schema.orphanedBytes());
    }
    out.flush();
  }

  private static void row(PrintStream out, String name, long hash, long schema) {
    out.printf("%-28s %14d %14d%n", name, hash, schema);
  }
}
