package org.djgc.core.partition;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.IntFunction;
import org.djgc.core.orphan.ReferencedPath;
import org.djgc.core.sort.CloseableIterator;
import org.djgc.core.sort.RecordFile;

/**
 * Splits a run's one sorted reference file into one per {@link Slice}, in one pass, so that each
 * slice's diff reads only the references that can cover its files and still decides exactly as
 * the diff over everything would. A reference {@code r} goes to
 *
 * <ul>
 *   <li>every slice of a section whose directory {@code r} equals or contains (it covers them all);
 *   <li>the one slice of a section whose range holds the first character of {@code r}'s path below
 *       the directory (a file it covers has a match key starting with that path, hence with that
 *       character: its own path starts with it too);
 *   <li>every slice of that section when that path is empty ({@code r} = the directory plus
 *       {@code /}, which covers the match key of a sidecar named {@code .manifest.json});
 * </ul>
 *
 * and nowhere else: it covers no listed file. Each output stays in the input's order, a
 * subsequence of it. Sending a reference to more slices would only keep more files; this rule
 * never sends it to fewer than can need it.
 */
public final class ReferenceRouter {
  private ReferenceRouter() {}

  /** Counts of what was routed. */
  public record Routed(long references, long routes) {}

  /**
   * Reads {@code references} and writes slice {@code i}'s share to {@code output.apply(i)}.
   *
   * @return how many references were read and how many slice records were written
   */
  public static Routed split(Path references, List<Slice> slices, IntFunction<Path> output) {
    List<RecordFile.Writer<ReferencedPath>> writers = new ArrayList<>(slices.size());
    long read = 0;
    long routes = 0;
    try (CloseableIterator<ReferencedPath> refs = RecordFile.read(references, ReferencedPath.CODEC)) {
      for (int i = 0; i < slices.size(); i++) {
        writers.add(RecordFile.writer(output.apply(i), ReferencedPath.CODEC));
      }
      while (refs.hasNext()) {
        ReferencedPath ref = refs.next();
        read++;
        for (int i = 0; i < slices.size(); i++) {
          if (needs(slices.get(i), ref.path())) {
            writers.get(i).write(ref);
            routes++;
          }
        }
      }
    } finally {
      for (RecordFile.Writer<ReferencedPath> writer : writers) {
        writer.close();
      }
    }
    return new Routed(read, routes);
  }

  /** Whether {@code reference} may cover a file of {@code slice}. */
  static boolean needs(Slice slice, String reference) {
    String directory = slice.directory();
    if (!directory.isEmpty() && (reference.equals(directory) || directory.startsWith(reference + "/"))) {
      return true;
    }
    String below;
    if (directory.isEmpty()) {
      below = reference;
    } else if (reference.startsWith(directory + "/")) {
      below = reference.substring(directory.length() + 1);
    } else {
      return false;
    }
    return below.isEmpty() || slice.range().position(below) == 0;
  }
}
