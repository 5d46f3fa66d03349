package org.djgc.core.orphan;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.util.Comparator;
import org.djgc.core.sort.PathOrder;
import org.djgc.core.sort.RecordCodec;

/**
 * A stored object found in a section, as the diff sees it.
 *
 * @param path the object's path relative to the store root
 * @param section index of its section in the run's section list
 * @param sizeBytes its size (0 when unknown)
 * @param sizeKnown whether the size could be read
 * @param modifiedMillis its modification time in epoch milliseconds
 * @param etag the version the listing saw, where the backend has etags (null otherwise): a move
 *     into the trash moves that version or nothing
 */
public record ListedFile(String path, int section, long sizeBytes, boolean sizeKnown, long modifiedMillis,
    String etag) {
  /** A file without an etag. */
  public ListedFile(String path, int section, long sizeBytes, boolean sizeKnown, long modifiedMillis) {
    this(path, section, sizeBytes, sizeKnown, modifiedMillis, null);
  }

  static final String MANIFEST_SUFFIX = ".manifest.json";

  /** Diff order: by {@link #matchKey()} in {@link PathOrder}, then by path. */
  public static final Comparator<ListedFile> MATCH_ORDER =
      Comparator.comparing(ListedFile::matchKey, PathOrder.INSTANCE).thenComparing(ListedFile::path);

  /** Spill-file format. */
  public static final RecordCodec<ListedFile> CODEC = new RecordCodec<>() {
    @Override
    public void write(DataOutput out, ListedFile file) throws IOException {
      RecordCodec.writeString(out, file.path);
      out.writeInt(file.section);
      out.writeLong(file.sizeBytes);
      out.writeBoolean(file.sizeKnown);
      out.writeLong(file.modifiedMillis);
      RecordCodec.writeString(out, file.etag == null ? "" : file.etag);
    }

    @Override
    public ListedFile read(DataInput in) throws IOException {
      String path = RecordCodec.readString(in);
      int section = in.readInt();
      long size = in.readLong();
      boolean sizeKnown = in.readBoolean();
      long modified = in.readLong();
      String etag = RecordCodec.readString(in);
      return new ListedFile(path, section, size, sizeKnown, modified, etag.isEmpty() ? null : etag);
    }
  };

  /**
   * The path a reference must equal or contain to cover this file: the path itself, or for a
   * {@code P.manifest.json} sidecar, {@code P} (upstream's {@code _is_covered}).
   */
  public String matchKey() {
    return path.endsWith(MANIFEST_SUFFIX) ? path.substring(0, path.length() - MANIFEST_SUFFIX.length()) : path;
  }
}
