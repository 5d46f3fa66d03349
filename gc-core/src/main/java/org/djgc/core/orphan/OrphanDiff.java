package org.djgc.core.orphan;

import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import org.djgc.core.sort.CloseableIterator;
import org.djgc.core.sort.PathOrder;
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
 * <p>Both inputs are in {@link PathOrder}, where a path's descendants follow it contiguously, so
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
    Deque<String> ancestors = new ArrayDeque<>();
    try (CloseableIterator<ReferencedPath> refs = RecordFile.read(references, ReferencedPath.CODEC);
        CloseableIterator<ListedFile> files = RecordFile.read(listing, ListedFile.CODEC);
        RecordFile.Writer<ListedFile> out = RecordFile.writer(orphans, ListedFile.CODEC)) {
      String pendingRef = refs.hasNext() ? refs.next().path() : null;
      while (files.hasNext()) {
        ListedFile file = files.next();
        String key = file.matchKey();
        while (pendingRef != null && PathOrder.INSTANCE.compare(pendingRef, key) <= 0) {
          while (!ancestors.isEmpty() && !coversOrEquals(ancestors.peek(), pendingRef)) {
            ancestors.pop();
          }
          ancestors.push(pendingRef);
          pendingRef = refs.hasNext() ? refs.next().path() : null;
        }
        while (!ancestors.isEmpty() && !coversOrEquals(ancestors.peek(), key)) {
          ancestors.pop();
        }
        if (ancestors.isEmpty()) {
          out.write(file);
          counts.set(file.section(), counts.get(file.section()).plusOrphan(file));
        }
      }
    }
    return counts;
  }

  /** Whether {@code reference} equals {@code path} or is an ancestor of it at a {@code /} boundary. */
  static boolean coversOrEquals(String reference, String path) {
    return path.equals(reference)
        || (path.length() > reference.length() && path.charAt(reference.length()) == '/'
            && path.startsWith(reference));
  }
}
