package org.djgc.core.orphan;

/**
 * Counters of one section in one run: what was listed and what was found orphaned.
 *
 * @param stored files listed (after the section's name filter)
 * @param storedBytes their total size
 * @param orphaned files not covered by any reference
 * @param orphanedBytes their total size
 * @param sizeUnknown files whose size could not be read (counted as 0 bytes)
 */
public record SectionCounts(long stored, long storedBytes, long orphaned, long orphanedBytes, long sizeUnknown)
    implements java.io.Serializable {
  public static final SectionCounts ZERO = new SectionCounts(0, 0, 0, 0, 0);

  SectionCounts plusStored(ListedFile file) {
    return new SectionCounts(stored + 1, storedBytes + file.sizeBytes(), orphaned, orphanedBytes,
        sizeUnknown + (file.sizeKnown() ? 0 : 1));
  }

  /** These counts with one more orphan. */
  public SectionCounts plusOrphan(ListedFile file) {
    return new SectionCounts(stored, storedBytes, orphaned + 1, orphanedBytes + file.sizeBytes(), sizeUnknown);
  }

  /** The sum of two counters. */
  public SectionCounts plus(SectionCounts other) {
    return new SectionCounts(stored + other.stored, storedBytes + other.storedBytes, orphaned + other.orphaned,
        orphanedBytes + other.orphanedBytes, sizeUnknown + other.sizeUnknown);
  }
}
