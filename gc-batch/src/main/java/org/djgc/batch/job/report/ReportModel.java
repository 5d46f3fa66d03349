package org.djgc.batch.job.report;

import java.nio.file.Path;
import java.util.List;
import org.djgc.core.layout.Section;
import org.djgc.core.layout.SectionKind;
import org.djgc.core.orphan.SectionCounts;

/**
 * Everything a report prints. Orphans and findings stay in their record files and are streamed.
 *
 * @param executionId the job execution
 * @param store the store name
 * @param location where the store lives (no credentials)
 * @param schemas requested schemas
 * @param schemasRead schemas whose rows were read for references
 * @param sections the sections, in listing order
 * @param counts counts per section, same order
 * @param hashReferenced distinct paths referenced by hash-addressed columns
 * @param schemaReferenced distinct paths referenced by schema-addressed columns
 * @param scanErrors listing errors
 * @param findingCount findings in total ({@code findingsFile} holds the first ones)
 * @param findingsFile the findings record file
 * @param orphansFile orphans sorted by path
 * @param skippedSections sections not listed because they can hold user files, with the reason
 * @param unknownStoreReferences references kept although they name a store the configuration does
 *     not know
 * @param recorded false when the execution has no record in the metadata database (spec §12.1c)
 */
record ReportModel(long executionId, String store, String location, List<String> schemas, List<String> schemasRead,
    List<Section> sections, List<SectionCounts> counts, long hashReferenced, long schemaReferenced,
    List<String> scanErrors, long findingCount, Path findingsFile, Path orphansFile, List<String> skippedSections,
    long unknownStoreReferences, boolean recorded) {

  /** Whether the run must refuse destructive work. */
  boolean refused() {
    return findingCount > 0 || !scanErrors.isEmpty();
  }

  /** The counts of all sections of one kind, summed. */
  SectionCounts total(SectionKind kind) {
    SectionCounts total = SectionCounts.ZERO;
    for (int i = 0; i < sections.size(); i++) {
      if (sections.get(i).kind() == kind) {
        total = total.plus(counts.get(i));
      }
    }
    return total;
  }

  /** Why the run refuses, in one line. */
  String refusal() {
    return findingCount + " reference finding(s), " + scanErrors.size() + " scan error(s)";
  }
}
