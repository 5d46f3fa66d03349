package org.djgc.core.orphan;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.djgc.core.sort.CloseableIterator;
import org.djgc.core.sort.RecordFile;

/**
 * The orphan decision, in one streaming merge of the sorted references and the sorted listing.
 *
 * <p>A listed file is <b>covered</b> (live) when its match key ({@link ListedFile#matchKey()})
 * equals a referenced path or lies under one at a {@code /} boundary: a single-file object, a
 * directory object's files, and a {@code P.manifest.json} sidecar of a referenced {@code P}
 * (upstream's {@code _is_covered}). Unlike upstream, which judges hash sections by hash references
 * only and by equality only, every reference covers files in either section by the same rule:
 * a file a live row points at is never an orphan, whatever kind of column points at it.
 *
 * <p>Both inputs are in {@link org.djgc.core.sort.PathOrder}, where a path's descendants follow it contiguously, so
 * the ancestors of the current file are exactly a stack of the references consumed so far.
 */
public final class OrphanDiff {
  private OrphanDiff() {}

  /**
   * Writes every uncovered file to {@code orphans} (in match order) and returns the section counts
   * with orphans added.
   */
  public static List<SectionCounts> diff(Path references, Path listing, Path orphans, List<SectionCounts> stored) {
    List<SectionCounts> counts = new ArrayList<>(stored);
    try (CloseableIterator<ListedFile> files = RecordFile.read(listing, ListedFile.CODEC);
        RecordFile.Writer<ListedFile> out = RecordFile.writer(orphans, ListedFile.CODEC)) {
      CoverageMerge.partition(references, files, ListedFile::matchKey, (file, covered) -> {
        if (!covered) {
          out.write(file);
          counts.set(file.section(), counts.get(file.section()).plusOrphan(file));
        }
      });
    }
    return counts;
  }

  /** Whether {@code reference} equals {@code path} or is an ancestor of it at a {@code /} boundary. */
  static boolean coversOrEquals(String reference, String path) {
    return CoverageMerge.coversOrEquals(reference, path);
  }
}
