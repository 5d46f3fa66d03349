package org.djgc.batch.job.report;

import java.io.PrintStream;
import java.time.Instant;
import java.util.Locale;
import org.djgc.core.layout.Section;
import org.djgc.core.layout.SectionKind;
import org.djgc.core.orphan.ListedFile;
import org.djgc.core.sort.CloseableIterator;
import org.djgc.core.sort.RecordFile;

/**
 * The orphans as CSV for spreadsheets ({@code --format=csv}, RFC 4180): a header, then one row per
 * orphan sorted by path: {@code path, size_bytes, section, schema, table, attribute, modified_utc}.
 * Table and attribute are empty for hash-addressed orphans. Streamed; the outcome is the exit code
 * (3 when refused) and the log's last lines.
 */
final class CsvReport {
  static final String HEADER = "path,size_bytes,section,schema,table,attribute,modified_utc";

  private CsvReport() {}

  static void write(ReportModel report, int tokenLength, PrintStream out) {
    out.print(HEADER + "\r\n");
    try (CloseableIterator<ListedFile> orphans = RecordFile.read(report.orphansFile(), ListedFile.CODEC)) {
      while (orphans.hasNext()) {
        ListedFile orphan = orphans.next();
        Section section = report.sections().get(orphan.section());
        String table = "";
        String attribute = "";
        if (section.kind() == SectionKind.SCHEMA) {
          SchemaObjectNames.TableAttribute named = SchemaObjectNames.of(section.directory(), orphan.path(),
              tokenLength);
          table = named.table();
          attribute = named.attribute();
        }
        out.print(String.join(",", field(orphan.path()), Long.toString(orphan.sizeBytes()),
            section.kind().name().toLowerCase(Locale.ROOT), field(section.schema()), field(table), field(attribute),
            Instant.ofEpochMilli(orphan.modifiedMillis()).toString()) + "\r\n");
      }
    }
    out.flush();
  }

  /** A field, quoted when it holds a comma, a quote or a line break (quotes doubled). */
  static String field(String value) {
    if (value.indexOf(',') < 0 && value.indexOf('"') < 0 && value.indexOf('\n') < 0 && value.indexOf('\r') < 0) {
      return value;
    }
    return '"' + value.replace("\"", "\"\"") + '"';
  }
}
