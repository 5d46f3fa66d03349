package org.djgc.core.orphan;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.djgc.core.reference.CodecKind;
import org.djgc.core.reference.Finding;
import org.djgc.core.reference.Reference;
import org.djgc.core.reference.ReferenceSink;
import org.djgc.core.sort.CloseableIterator;
import org.djgc.core.sort.ExternalSorter;
import org.djgc.core.sort.PathOrder;
import org.djgc.core.sort.RecordFile;

/**
 * Collects references into a sorted, de-duplicated record file without holding the reference set
 * in memory, and keeps findings (all counted, the first {@value #MAX_FINDINGS_KEPT} kept).
 */
public final class ReferenceCollector implements ReferenceSink, AutoCloseable {
  static final int MAX_FINDINGS_KEPT = 1000;

  private final ExternalSorter<ReferencedPath> sorter;
  private final List<Finding> findings = new ArrayList<>();
  private long findingCount;

  public ReferenceCollector(Path tempDirectory, int maxInMemory) {
    this.sorter = new ExternalSorter<>(Comparator.comparing(ReferencedPath::path, PathOrder.INSTANCE),
        ReferencedPath.CODEC, maxInMemory, tempDirectory);
  }

  @Override
  public void reference(Reference reference) {
    // A <filepath@> path, or a row naming an unknown store, protects like any other but counts in
    // neither upstream statistic (nor in gate G3's "zero references").
    boolean hash = reference.counted() && reference.kind() == CodecKind.HASH;
    boolean schema = reference.counted() && reference.kind() == CodecKind.SCHEMA;
    sorter.add(new ReferencedPath(reference.path(), hash, schema));
    if (reference.path().endsWith(ListedFile.MANIFEST_SUFFIX)) {
      // The diff matches a P.manifest.json file by P; a row pointing at such a file itself must
      // still keep it. Covering P as well keeps a little more, never less. Not counted in stats.
      String stripped = reference.path().substring(0, reference.path().length() - ListedFile.MANIFEST_SUFFIX.length());
      if (!stripped.isEmpty()) {
        sorter.add(new ReferencedPath(stripped, false, false));
      }
    }
  }

  @Override
  public void finding(Finding finding) {
    findingCount++;
    if (findings.size() < MAX_FINDINGS_KEPT) {
      findings.add(finding);
    }
  }

  public List<Finding> findings() {
    return List.copyOf(findings);
  }

  public long findingCount() {
    return findingCount;
  }

  /**
   * Writes the distinct referenced paths, in {@link PathOrder}, to {@code target}.
   *
   * @return distinct paths referenced by hash-addressed and by schema-addressed columns
   */
  public ReferenceCounts writeDistinct(Path target) {
    long hashPaths = 0;
    long schemaPaths = 0;
    try (CloseableIterator<ReferencedPath> sorted = sorter.sorted();
        RecordFile.Writer<ReferencedPath> out = RecordFile.writer(target, ReferencedPath.CODEC)) {
      ReferencedPath pending = null;
      while (sorted.hasNext()) {
        ReferencedPath next = sorted.next();
        if (pending != null && pending.path().equals(next.path())) {
          pending = pending.merge(next);
          continue;
        }
        if (pending != null) {
          out.write(pending);
          hashPaths += pending.fromHash() ? 1 : 0;
          schemaPaths += pending.fromSchema() ? 1 : 0;
        }
        pending = next;
      }
      if (pending != null) {
        out.write(pending);
        hashPaths += pending.fromHash() ? 1 : 0;
        schemaPaths += pending.fromSchema() ? 1 : 0;
      }
    }
    return new ReferenceCounts(hashPaths, schemaPaths);
  }

  @Override
  public void close() {
    sorter.close();
  }

  /**
   * Distinct referenced paths per column kind: upstream's {@code hash_paths_referenced} and
   * {@code schema_paths_referenced}.
   */
  public record ReferenceCounts(long hashPaths, long schemaPaths) {}
}
