package org.djgc.core.storage.hadoop;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.function.Consumer;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.FileChecksum;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.LocatedFileStatus;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.RawLocalFileSystem;
import org.apache.hadoop.fs.RemoteIterator;
import org.apache.hadoop.fs.permission.FsPermission;
import org.apache.hadoop.util.Progressable;

/**
 * Hadoop's raw local file system under the scheme {@code faulty:}, which dj-gc does not know, so a
 * store on it moves by copy, verify, delete. Its recursive listing comes out shuffled (as object
 * stores may list), it reports an MD5 {@link FileChecksum}, and static hooks inject faults.
 */
public class FaultyLocalFileSystem extends RawLocalFileSystem {
  public static final String SCHEME = "faulty";
  private static final URI NAME = URI.create(SCHEME + ":///");

  /** The listing throws after this many entries; negative: never. */
  static volatile int failListingAfter = -1;
  /** Writes throw after this many bytes; negative: never. */
  static volatile long failWriteAfterBytes = -1;
  /** Deletes of paths ending with this throw; null: never. */
  static volatile String failDeleteOf;
  /** Checksums of paths ending with this are wrong; null: never. */
  static volatile String corruptChecksumOf;
  /** Called with the target path each time a file is created. */
  static volatile Consumer<Path> onCreate = p -> {};

  static void reset() {
    failListingAfter = -1;
    failWriteAfterBytes = -1;
    failDeleteOf = null;
    corruptChecksumOf = null;
    onCreate = p -> {};
  }

  @Override
  public URI getUri() {
    return NAME;
  }

  @Override
  public String getScheme() {
    return SCHEME;
  }

  @Override
  public RemoteIterator<LocatedFileStatus> listFiles(Path path, boolean recursive) throws IOException {
    // walked with java.nio: RawLocalFileSystem's own LocatedFileStatus insists on file: URIs
    java.nio.file.Path start = java.nio.file.Path.of(path.toUri().getPath());
    if (!java.nio.file.Files.exists(start)) {
      throw new java.io.FileNotFoundException(path.toString());
    }
    List<LocatedFileStatus> all = new ArrayList<>();
    try (java.util.stream.Stream<java.nio.file.Path> files = java.nio.file.Files.walk(start)) {
      for (java.nio.file.Path file : (Iterable<java.nio.file.Path>) files::iterator) {
        if (java.nio.file.Files.isRegularFile(file)) {
          Path child = new Path(new URI(SCHEME, null, file.toString(), null, null));
          FileStatus status = new FileStatus(java.nio.file.Files.size(file), false, 1, 1 << 20,
              java.nio.file.Files.getLastModifiedTime(file).toMillis(), child);
          all.add(new LocatedFileStatus(status, null));
        }
      }
    } catch (java.net.URISyntaxException e) {
      throw new IOException(e);
    }
    Collections.shuffle(all, new Random(42));
    int failAfter = failListingAfter;
    return new RemoteIterator<>() {
      private int position;

      @Override
      public boolean hasNext() throws IOException {
        if (failAfter >= 0 && position >= failAfter) {
          throw new IOException("injected listing failure after " + position + " entries");
        }
        return position < all.size();
      }

      @Override
      public LocatedFileStatus next() throws IOException {
        if (!hasNext()) {
          throw new java.util.NoSuchElementException();
        }
        return all.get(position++);
      }
    };
  }

  @Override
  public FSDataOutputStream create(Path path, FsPermission permission, boolean overwrite, int bufferSize,
      short replication, long blockSize, Progressable progress) throws IOException {
    return faulty(path, super.create(path, permission, overwrite, bufferSize, replication, blockSize, progress));
  }

  @Override
  public FSDataOutputStream create(Path path, boolean overwrite, int bufferSize, short replication, long blockSize,
      Progressable progress) throws IOException {
    return faulty(path, super.create(path, overwrite, bufferSize, replication, blockSize, progress));
  }

  private static FSDataOutputStream faulty(Path path, FSDataOutputStream real) {
    onCreate.accept(path);
    long limit = failWriteAfterBytes;
    if (limit < 0) {
      return real;
    }
    OutputStream failing = new FilterOutputStream(real) {
      private long written;

      @Override
      public void write(int b) throws IOException {
        write(new byte[] {(byte) b}, 0, 1);
      }

      @Override
      public void write(byte[] bytes, int offset, int length) throws IOException {
        if (written + length > limit) {
          throw new IOException("injected write failure after " + written + " bytes");
        }
        out.write(bytes, offset, length);
        written += length;
      }
    };
    return new FSDataOutputStream(failing, null);
  }

  @Override
  public boolean delete(Path path, boolean recursive) throws IOException {
    String suffix = failDeleteOf;
    if (suffix != null && path.toUri().getPath().endsWith(suffix)) {
      throw new IOException("injected delete failure");
    }
    return super.delete(path, recursive);
  }

  @Override
  public FileChecksum getFileChecksum(Path path) throws IOException {
    MessageDigest md5;
    try {
      md5 = MessageDigest.getInstance("MD5");
    } catch (NoSuchAlgorithmException e) {
      throw new IOException(e);
    }
    try (InputStream in = open(path)) {
      byte[] buffer = new byte[8192];
      int read;
      while ((read = in.read(buffer)) >= 0) {
        md5.update(buffer, 0, read);
      }
    }
    byte[] digest = md5.digest();
    String suffix = corruptChecksumOf;
    if (suffix != null && path.toUri().getPath().endsWith(suffix)) {
      digest[0] ^= 1;
    }
    return new Md5Checksum(digest);
  }

  /** An MD5 of the whole content. */
  static final class Md5Checksum extends FileChecksum {
    private byte[] digest;

    Md5Checksum(byte[] digest) {
      this.digest = digest;
    }

    @Override
    public String getAlgorithmName() {
      return "TEST-MD5";
    }

    @Override
    public int getLength() {
      return digest.length;
    }

    @Override
    public byte[] getBytes() {
      return digest.clone();
    }

    @Override
    public void write(DataOutput out) throws IOException {
      out.writeInt(digest.length);
      out.write(digest);
    }

    @Override
    public void readFields(DataInput in) throws IOException {
      digest = new byte[in.readInt()];
      in.readFully(digest);
    }

    @Override
    public String toString() {
      return "TEST-MD5:" + Arrays.toString(digest);
    }
  }
}
