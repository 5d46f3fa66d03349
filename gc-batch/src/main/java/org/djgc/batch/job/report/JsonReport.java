package org.djgc.batch.job.report;

import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.io.OutputStream;
import org.djgc.batch.job.support.JsonDocuments;
import org.djgc.core.layout.Section;
import org.djgc.core.layout.SectionKind;
import org.djgc.core.orphan.ListedFile;
import org.djgc.core.orphan.SectionCounts;
import org.djgc.core.reference.Finding;
import org.djgc.core.sort.CloseableIterator;
import org.djgc.core.sort.RecordFile;

/**
 * The report as one JSON document: upstream's {@code collect(dry_run=True)} stat keys under
 * {@code stats}, then per-section counts, orphans with sizes, and findings. Streamed.
 */
final class JsonReport {
  private JsonReport() {}

  static void write(ReportModel report, OrphanSummary summary, OutputStream stream) throws IOException {
    try (JsonGenerator json = JsonDocuments.open(stream)) {
      JsonDocuments.begin(json, "report");
      JsonDocuments.execution(json, report.executionId(), report.recorded());
      json.writeStringField("status", report.refused() ? "refused" : "ok");
      json.writeStringField("store", report.store());
      json.writeStringField("location", report.location());
      JsonDocuments.stringArray(json, "schemas", report.schemas());
      JsonDocuments.stringArray(json, "references_read_from", report.schemasRead());
      writeStats(report, json);
      json.writeArrayFieldStart("sections");
      for (int i = 0; i < report.sections().size(); i++) {
        writeSection(json, report.sections().get(i), report.counts().get(i));
      }
      json.writeEndArray();
      writeSummary(json, summary);
      JsonDocuments.stringArray(json, "skipped_sections", report.skippedSections());
      json.writeNumberField("unknown_store_references", report.unknownStoreReferences());
      writeOrphans(report, json);
      json.writeNumberField("findings_total", report.findingCount());
      json.writeArrayFieldStart("findings");
      try (CloseableIterator<Finding> findings = RecordFile.read(report.findingsFile(), FindingsFile.CODEC)) {
        while (findings.hasNext()) {
          Finding finding = findings.next();
          json.writeStartObject();
          json.writeStringField("kind", finding.kind().name());
          json.writeStringField("column", finding.column());
          json.writeStringField("row", finding.row());
          json.writeStringField("detail", finding.detail());
          json.writeEndObject();
        }
      }
      json.writeEndArray();
      json.writeEndObject();
    }
    stream.write('\n');
    stream.flush();
  }

  private static void writeStats(ReportModel report, JsonGenerator json) throws IOException {
    SectionCounts hash = report.total(SectionKind.HASH);
    SectionCounts schema = report.total(SectionKind.SCHEMA);
    json.writeObjectFieldStart("stats");
    json.writeNumberField("hash_paths_referenced", report.hashReferenced());
    json.writeNumberField("hash_paths_stored", hash.stored());
    json.writeNumberField("hash_paths_orphaned", hash.orphaned());
    json.writeNumberField("hash_paths_orphaned_bytes", hash.orphanedBytes());
    orphanPaths(report, json, "orphaned_hash_paths", SectionKind.HASH);
    json.writeNumberField("schema_paths_referenced", report.schemaReferenced());
    json.writeNumberField("schema_paths_stored", schema.stored());
    json.writeNumberField("schema_paths_orphaned", schema.orphaned());
    json.writeNumberField("schema_paths_orphaned_bytes", schema.orphanedBytes());
    orphanPaths(report, json, "orphaned_schema_paths", SectionKind.SCHEMA);
    for (String zero : new String[] {"hash_paths_deleted", "schema_paths_deleted", "deleted", "bytes_freed",
        "errors"}) {
      json.writeNumberField(zero, 0);
    }
    JsonDocuments.stringArray(json, "scan_errors", report.scanErrors());
    json.writeBooleanField("dry_run", true);
    json.writeEndObject();
  }

  private static void orphanPaths(ReportModel report, JsonGenerator json, String field, SectionKind kind)
      throws IOException {
    json.writeArrayFieldStart(field);
    try (CloseableIterator<ListedFile> orphans = RecordFile.read(report.orphansFile(), ListedFile.CODEC)) {
      while (orphans.hasNext()) {
        ListedFile orphan = orphans.next();
        if (report.sections().get(orphan.section()).kind() == kind) {
          json.writeString(orphan.path());
        }
      }
    }
    json.writeEndArray();
  }

  private static void writeOrphans(ReportModel report, JsonGenerator json) throws IOException {
    json.writeArrayFieldStart("orphans");
    try (CloseableIterator<ListedFile> orphans = RecordFile.read(report.orphansFile(), ListedFile.CODEC)) {
      while (orphans.hasNext()) {
        ListedFile orphan = orphans.next();
        Section section = report.sections().get(orphan.section());
        json.writeStartObject();
        json.writeStringField("path", orphan.path());
        json.writeNumberField("size", orphan.sizeBytes());
        json.writeStringField("section", section.kind().name().toLowerCase(java.util.Locale.ROOT));
        json.writeStringField("schema", section.schema());
        json.writeEndObject();
      }
    }
    json.writeEndArray();
  }

  private static void writeSummary(JsonGenerator json, OrphanSummary summary) throws IOException {
    json.writeObjectFieldStart("summary");
    json.writeArrayFieldStart("by_table");
    for (OrphanSummary.Group group : summary.groups()) {
      json.writeStartObject();
      json.writeStringField("schema", group.schema());
      json.writeStringField("table", group.table());
      json.writeStringField("attribute", group.attribute());
      json.writeNumberField("orphaned", group.orphaned());
      json.writeNumberField("orphaned_bytes", group.orphanedBytes());
      json.writeEndObject();
    }
    json.writeEndArray();
    json.writeArrayFieldStart("largest");
    for (ListedFile orphan : summary.largest()) {
      json.writeStartObject();
      json.writeStringField("path", orphan.path());
      json.writeNumberField("size", orphan.sizeBytes());
      json.writeEndObject();
    }
    json.writeEndArray();
    json.writeNumberField("price_per_gb_month", summary.pricePerGbMonth());
    json.writeNumberField("estimated_monthly_cost", Math.round(summary.monthlyCost() * 100) / 100.0);
    json.writeEndObject();
  }

  private static void writeSection(JsonGenerator json, Section section, SectionCounts counts) throws IOException {
    json.writeStartObject();
    json.writeStringField("kind", section.kind().name().toLowerCase(java.util.Locale.ROOT));
    json.writeStringField("schema", section.schema());
    json.writeStringField("directory", section.directory());
    json.writeNumberField("stored", counts.stored());
    json.writeNumberField("stored_bytes", counts.storedBytes());
    json.writeNumberField("orphaned", counts.orphaned());
    json.writeNumberField("orphaned_bytes", counts.orphanedBytes());
    json.writeNumberField("size_unknown", counts.sizeUnknown());
    json.writeEndObject();
  }
}
