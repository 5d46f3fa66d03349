package org.djgc.batch.job.support;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.djgc.core.storage.ObjectKey;
import org.djgc.core.storage.ObjectStore;

/**
 * Prunes the directories a chunk's moves or deletes may have emptied: each directory once per
 * chunk, deepest first, never once per file. Removing a directory that is not empty can cost a scan
 * of it (ext4 looks past every deleted entry for a live one), so trying a shared parent after each
 * file of a large directory costs time that grows with the square of its size.
 */
public final class EmptyParents {
  private EmptyParents() {}

  /**
   * Prunes, for every key, its ancestors strictly below the boundary it maps to (best effort, as
   * {@link ObjectStore#pruneEmptyParents}): every such directory is tried once, after the
   * directories below it.
   */
  public static void prune(ObjectStore store, Map<ObjectKey, ObjectKey> boundaryByKey) {
    Map<ObjectKey, ObjectKey> parentByDirectory = new LinkedHashMap<>();
    boundaryByKey.forEach((key, boundary) -> {
      List<ObjectKey> ancestors = key.ancestorsBelow(boundary);
      for (int i = 0; i < ancestors.size(); i++) {
        parentByDirectory.putIfAbsent(ancestors.get(i), i + 1 < ancestors.size() ? ancestors.get(i + 1) : boundary);
      }
    });
    List<ObjectKey> deepestFirst = new ArrayList<>(parentByDirectory.keySet());
    deepestFirst.sort(Comparator.comparingLong((ObjectKey d) -> d.path().chars().filter(c -> c == '/').count())
        .reversed());
    // a key just inside the directory, bounded by its parent: pruneEmptyParents then tries that directory alone
    deepestFirst.forEach(d -> store.pruneEmptyParents(d.resolve("_"), parentByDirectory.get(d)));
  }
}
