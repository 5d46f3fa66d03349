package org.djgc.batch.job.report;

import java.io.PrintStream;
import org.djgc.core.layout.Section;
import org.djgc.core.layout.SectionKind;
import org.djgc.core.orphan.ListedFile;
import org.djgc.core.orphan.SectionCounts;
import org.djgc.core.reference.Finding;
import org.djgc.core.sort.CloseableIterator;
import org.djgc.core.sort.RecordFile;

/**
 * The report for people: totals with upstream's names, sections, the orphans by table and
 * attribute, the largest ones and their monthly cost, problems, and with {@code --list} every
 * orphan.
 */
final class TextReport {
  private TextReport() {}

  /**
   * Prints the report.
   *
   * @param summary the orphans summed up
   * @param list whether to print every orphan ({@code --list})
   */
  static void write(ReportModel report, OrphanSummary summary, boolean list, PrintStream out) {
    out.printf("dj-gc report: store %s (%s), execution %d%s%n", report.store(), report.location(),
        report.executionId(), report.recorded() ? "" : " (not recorded)");
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
    out.printf("%-40s %10s %10s %10s %10s%n", "section", "stored", "size", "orphaned", "size");
    for (int i = 0; i < report.sections().size(); i++) {
      Section section = report.sections().get(i);
      SectionCounts counts = report.counts().get(i);
      out.printf("%-40s %10d %10s %10d %10s%n", section.directory() + "/", counts.stored(),
          ByteSizes.human(counts.storedBytes()), counts.orphaned(), ByteSizes.human(counts.orphanedBytes()));
    }
    out.println();
    writeSummary(summary, out);
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
    long orphanBytes = hash.orphanedBytes() + schema.orphanedBytes();
    out.printf("%norphaned files: %d%s%n", orphanCount, list || orphanCount == 0 ? "" : " (--list prints every path)");
    if (list) {
      try (CloseableIterator<ListedFile> orphans = RecordFile.read(report.orphansFile(), ListedFile.CODEC)) {
        orphans.forEachRemaining(orphan -> out.printf("  %12d  %s%n", orphan.sizeBytes(), orphan.path()));
      }
    }
    out.println();
    if (report.refused()) {
      out.printf("RESULT: REFUSED (%s): a destructive run would not move or delete anything%n", report.refusal());
    } else {
      out.printf("RESULT: OK: %d orphaned file(s), %d byte(s) (%s); dry run, nothing moved or deleted%n", orphanCount,
          orphanBytes, ByteSizes.human(orphanBytes));
    }
    out.flush();
  }

  /** Orphans by schema, table and attribute; the largest; their monthly cost. */
  private static void writeSummary(OrphanSummary summary, PrintStream out) {
    if (summary.orphaned() == 0) {
      return;
    }
    int schemaWidth = "schema".length();
    int tableWidth = "table".length();
    int attributeWidth = "attribute".length();
    for (OrphanSummary.Group group : summary.groups()) {
      schemaWidth = Math.max(schemaWidth, group.schema().length());
      tableWidth = Math.max(tableWidth, group.table().length());
      attributeWidth = Math.max(attributeWidth, group.attribute().length());
    }
    String format = "%-" + schemaWidth + "s  %-" + tableWidth + "s  %-" + attributeWidth + "s %10s %10s%n";
    out.println("orphans by table and attribute (schema-addressed paths name them; hash-addressed ones do not):");
    out.printf(format, "schema", "table", "attribute", "orphaned", "size");
    for (OrphanSummary.Group group : summary.groups()) {
      out.printf(format, group.schema(), group.table(), group.attribute(), group.orphaned(),
          ByteSizes.human(group.orphanedBytes()));
    }
    out.println();
    if (!summary.largest().isEmpty()) {
      out.printf("largest %d orphan(s) (gc.report.top):%n", summary.largest().size());
      summary.largest().forEach(orphan -> out.printf("  %10s  %s%n", ByteSizes.human(orphan.sizeBytes()),
          orphan.path()));
      out.println();
    }
    out.printf(java.util.Locale.ROOT, "estimated cost of keeping them: %.2f per month at %s per GB-month"
        + " (gc.report.price-per-gb-month)%n%n", summary.monthlyCost(),
        java.math.BigDecimal.valueOf(summary.pricePerGbMonth()).stripTrailingZeros().toPlainString());
  }

  private static void row(PrintStream out, String name, long hash, long schema) {
    out.printf("%-28s %14d %14d%n", name, hash, schema);
  }
}
