package org.djgc.batch.job.support;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.util.Comparator;
import org.djgc.core.orphan.ListedFile;
import org.djgc.core.sort.PathOrder;
import org.djgc.core.sort.RecordCodec;

/**
 * A ledger row as the sorted merges see it: its id and original path. Sorted by the original
 * path's match key, ledger rows can be checked against the sorted references in one pass.
 *
 * @param id ledger id
 * @param originalPath the original path
 */
public record LedgerRef(long id, String originalPath) {
  public static final RecordCodec<LedgerRef> CODEC = new RecordCodec<>() {
    @Override
    public void write(DataOutput out, LedgerRef ref) throws IOException {
      out.writeLong(ref.id);
      RecordCodec.writeString(out, ref.originalPath);
    }

    @Override
    public LedgerRef read(DataInput in) throws IOException {
      return new LedgerRef(in.readLong(), RecordCodec.readString(in));
    }
  };

  /** By match key in {@link PathOrder}, then id. */
  public static final Comparator<LedgerRef> MATCH_ORDER =
      Comparator.comparing(LedgerRef::matchKey, PathOrder.INSTANCE).thenComparingLong(LedgerRef::id);

  /** The original path, or for a manifest sidecar the object it describes (as for listed files). */
  public String matchKey() {
    return new ListedFile(originalPath, 0, 0, true, 0).matchKey();
  }
}
