package org.djgc.batch.job.support;

import java.nio.file.Path;
import java.util.List;
import org.djgc.core.orphan.CoverageMerge;
import org.djgc.core.quarantine.QuarantineEntry;
import org.djgc.core.sort.CloseableIterator;
import org.djgc.core.sort.ExternalSorter;

/**
 * Checks ledger rows against a sorted reference file without loading either into memory: rows are
 * paged by id, sorted by their original path's match key on disk, and merged with the references.
 */
public final class LedgerCoverage {
  /** A page of rows after an id. */
  public interface RowSource {
    List<QuarantineEntry> page(long afterId, int limit);
  }

  private static final int PAGE = 1000;

  private LedgerCoverage() {}

  /** Streams every row of {@code rows} with whether a reference covers its original path. */
  public static void partition(RowSource rows, Path references, Path tempDirectory, int bufferRecords,
      CoverageMerge.Sink<LedgerRef> sink) {
    partition(rows, entry -> true, references, tempDirectory, bufferRecords, sink);
  }

  /** As {@link #partition(RowSource, Path, Path, int, CoverageMerge.Sink)}, for the rows {@code include} keeps. */
  public static void partition(RowSource rows, java.util.function.Predicate<QuarantineEntry> include, Path references,
      Path tempDirectory, int bufferRecords, CoverageMerge.Sink<LedgerRef> sink) {
    try (ExternalSorter<LedgerRef> sorter =
        new ExternalSorter<>(LedgerRef.MATCH_ORDER, LedgerRef.CODEC, bufferRecords, tempDirectory)) {
      long after = 0;
      List<QuarantineEntry> page;
      do {
        page = rows.page(after, PAGE);
        for (QuarantineEntry entry : page) {
          if (include.test(entry)) {
            sorter.add(new LedgerRef(entry.id(), entry.originalPath()));
          }
          after = entry.id();
        }
      } while (page.size() == PAGE);
      try (CloseableIterator<LedgerRef> sorted = sorter.sorted()) {
        CoverageMerge.partition(references, sorted, LedgerRef::matchKey, sink);
      }
    }
  }
}
