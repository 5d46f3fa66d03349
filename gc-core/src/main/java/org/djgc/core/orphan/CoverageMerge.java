package org.djgc.core.orphan;

import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Iterator;
import java.util.function.Function;
import org.djgc.core.sort.CloseableIterator;
import org.djgc.core.sort.PathOrder;
import org.djgc.core.sort.RecordFile;

/**
 * Decides, in one streaming merge, which items are covered by a sorted reference file: an item is
 * covered when its key equals a referenced path or lies under one at a {@code /} boundary. Items
 * must arrive sorted by key in {@link PathOrder}, as the references are; then the references
 * covering the current key are exactly a stack of the references consumed so far.
 */
public final class CoverageMerge {
  /** Receives each item with its verdict, in input order. */
  public interface Sink<T> {
    void accept(T item, boolean covered);
  }

  private CoverageMerge() {}

  /** Streams {@code items} (sorted by {@code key} in {@link PathOrder}) to {@code sink}. */
  public static <T> void partition(Path references, Iterator<T> items, Function<T, String> key, Sink<T> sink) {
    Deque<String> ancestors = new ArrayDeque<>();
    try (CloseableIterator<ReferencedPath> refs = RecordFile.read(references, ReferencedPath.CODEC)) {
      String pendingRef = refs.hasNext() ? refs.next().path() : null;
      while (items.hasNext()) {
        T item = items.next();
        String itemKey = key.apply(item);
        while (pendingRef != null && PathOrder.INSTANCE.compare(pendingRef, itemKey) <= 0) {
          while (!ancestors.isEmpty() && !coversOrEquals(ancestors.peek(), pendingRef)) {
            ancestors.pop();
          }
          ancestors.push(pendingRef);
          pendingRef = refs.hasNext() ? refs.next().path() : null;
        }
        while (!ancestors.isEmpty() && !coversOrEquals(ancestors.peek(), itemKey)) {
          ancestors.pop();
        }
        sink.accept(item, !ancestors.isEmpty());
      }
    }
  }

  /** Whether {@code reference} equals {@code path} or is an ancestor of it at a {@code /} boundary. */
  static boolean coversOrEquals(String reference, String path) {
    return path.equals(reference)
        || (path.length() > reference.length() && path.charAt(reference.length()) == '/'
            && path.startsWith(reference));
  }
}
