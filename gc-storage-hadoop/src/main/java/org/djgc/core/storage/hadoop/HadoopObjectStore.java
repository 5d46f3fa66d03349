package org.djgc.core.storage.hadoop;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.BulkDelete;
import org.apache.hadoop.fs.CommonPathCapabilities;
import org.apache.hadoop.fs.EtagSource;
import org.apache.hadoop.fs.FileChecksum;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.UnsupportedFileSystemException;
import org.djgc.core.config.ConfigurationException;
import org.djgc.core.sort.ExternalSorter;
import org.djgc.core.storage.BatchDeleteResult;
import org.djgc.core.storage.DeleteOutcome;
import org.djgc.core.storage.ObjectKey;
import org.djgc.core.storage.ObjectListing;
import org.djgc.core.storage.ObjectStore;
import org.djgc.core.storage.StorageException;
import org.djgc.core.storage.StoreCapabilities;
import org.djgc.core.storage.StoreIdentity;
import org.djgc.core.storage.StoredObject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A store on any Hadoop {@link FileSystem}: ABFS ({@code azure}), the GCS connector ({@code gcs}),
 * S3A, the local file system, HDFS, Databricks volumes, ... (see {@link HadoopStoreSettings} for
 * the mapping). Each store has its own {@code FileSystem} instance (never the shared cache), closed
 * with the store.
 *
 * <p><b>Confinement.</b> Every key becomes {@code {root}/{key}}; the resulting Hadoop path is
 * checked to have the root's scheme and authority and exactly that path before any I/O. On the
 * local file system, symbolic links below the root are never followed: an operation or listing
 * that meets one fails.
 *
 * <p><b>Listing</b> is {@code FileSystem.listFiles(dir, true)}, whose order no file system
 * promises: every file after {@code startAfter} goes through an {@link ExternalSorter} (spilling to
 * the temp directory above {@code sortBuffer} entries), so keys come out in {@link
 * String#compareTo} order. The first key is therefore returned only after the whole prefix was
 * listed; any error, before or during iteration, throws {@link StorageException}. A missing prefix,
 * or one that names a file, lists nothing. Paths that are not canonical {@link ObjectKey}s are
 * skipped with a warning, so never moved or deleted.
 *
 * <p><b>Moves</b> never overwrite. Where rename is atomic and refuses an existing target (HDFS,
 * WebHDFS, ABFS with hierarchical namespace) or the file system is local, a move checks the target
 * is absent, renames, and treats a {@code false} from {@code rename} as a failure; on the local file
 * system the check and the rename are two steps, so a target created between them would be
 * replaced. Elsewhere (S3A, GCS, flat-namespace ABFS, Databricks volumes, ...) a move streams a copy
 * to a target created with {@code overwrite=false}, verifies its size, and its {@link FileChecksum}
 * where both sides report one of the same algorithm, checks that the source did not change, and
 * only then deletes the source: a crash leaves the bytes in at least one place.
 *
 * <p><b>Deletes</b> are non-recursive, of files only, and idempotent. {@link #deleteAll} uses
 * Hadoop's {@link BulkDelete} where its page size is above one (S3A), after checking which keys
 * exist.
 *
 * <p>Messages name keys relative to the store and never contain credentials.
 *
 * <p>The store keeps the root, the paths and the helpers; its parts are {@link HadoopListing}
 * (list and sort) and {@link HadoopMover} (rename, or copy, verify and delete).
 */
public final class HadoopObjectStore implements ObjectStore {
  /** Storage calls at once by default: Hadoop's object-store connectors wait on the network. */
  public static final int DEFAULT_CONCURRENCY = 16;

  private static final Logger LOG = LoggerFactory.getLogger(HadoopObjectStore.class);

  /** Listing entries sorted in memory before spilling to the temp directory. */
  public static final int DEFAULT_SORT_BUFFER = 50_000;

  /** Schemes whose {@code rename} is atomic and never replaces an existing file. */
  private static final Set<String> ATOMIC_RENAME_SCHEMES = Set.of("hdfs", "webhdfs", "swebhdfs");
  /** Schemes whose rename is atomic only with a hierarchical namespace. */
  private static final Set<String> HNS_SCHEMES = Set.of("abfs", "abfss");

  /** Connector classes tried when the scheme is not registered, and what to add when they are missing. */
  private static final Map<String, String> KNOWN_CONNECTORS = Map.of(
      "gs", "com.google.cloud.hadoop.fs.gcs.GoogleHadoopFileSystem",
      "dbfs", "com.databricks.backend.daemon.data.client.DatabricksFileSystem");

  final HadoopStoreSettings settings;
  final FileSystem fs;
  final String scheme;
  final String authority;
  final String rootPath;
  final String childPrefix;
  final Path root;
  final java.nio.file.Path localRoot;
  final java.nio.file.Path tempDirectory;
  final int sortBuffer;
  final String description;
  private final StoreIdentity identity;
  final StoreCapabilities capabilities;
  private final HadoopMover mover = new HadoopMover(this);

  private HadoopObjectStore(HadoopStoreSettings settings, FileSystem fs, java.nio.file.Path localRoot,
      java.nio.file.Path tempDirectory, int sortBuffer) {
    this.settings = settings;
    this.fs = fs;
    URI rootUri = settings.root();
    this.scheme = rootUri.getScheme();
    this.authority = emptyToNull(rootUri.getAuthority());
    this.rootPath = rootUri.getPath() == null || rootUri.getPath().isEmpty() ? "/" : rootUri.getPath();
    this.childPrefix = rootPath.endsWith("/") ? rootPath : rootPath + "/";
    this.localRoot = localRoot;
    this.tempDirectory = tempDirectory;
    this.sortBuffer = sortBuffer;
    this.description = settings.describe();
    this.identity = identityOf(scheme, authority, rootPath, localRoot);
    this.root = toPath(rootPath);
    this.capabilities = new StoreCapabilities(atomicRename(), false, bulkDeletePageSize(), false,
        DEFAULT_CONCURRENCY);
  }

  /**
   * Opens a store: checks that a FileSystem serves the root's scheme, then creates its own
   * FileSystem instance.
   *
   * @param tempDirectory where listings spill while being sorted
   * @throws ConfigurationException when no FileSystem serves the scheme (naming the jar to add) or
   *     the local root is not a directory
   * @throws StorageException when the FileSystem cannot be initialised
   */
  public static HadoopObjectStore open(HadoopStoreSettings settings, java.nio.file.Path tempDirectory) {
    return open(settings, tempDirectory, DEFAULT_SORT_BUFFER);
  }

  static HadoopObjectStore open(HadoopStoreSettings settings, java.nio.file.Path tempDirectory, int sortBuffer) {
    Configuration conf = configuration(settings);
    requireFileSystem(settings, conf);
    java.nio.file.Path localRoot = null;
    if (settings.scheme().equals("file")) {
      localRoot = java.nio.file.Path.of(settings.root());
      if (!Files.isDirectory(localRoot, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
        throw new ConfigurationException("stores." + settings.storeName() + ": store root " + settings.describe()
            + " is not a directory");
      }
    }
    FileSystem fs;
    try {
      fs = FileSystem.newInstance(settings.root(), conf);
    } catch (IOException | RuntimeException e) {
      throw new StorageException("Cannot open " + settings.describe() + ": " + reason(settings, e), cause(settings, e));
    }
    try {
      return new HadoopObjectStore(settings, fs, localRoot, tempDirectory, sortBuffer);
    } catch (RuntimeException e) {
      closeQuietly(fs);
      throw e;
    }
  }

  /** Hadoop's defaults (and any core-site.xml on the classpath), then the store's keys. */
  static Configuration configuration(HadoopStoreSettings settings) {
    Configuration conf = new Configuration();
    conf.setClassLoader(HadoopObjectStore.class.getClassLoader());
    settings.configuration().forEach(conf::set);
    return conf;
  }

  /**
   * Fails with a {@link ConfigurationException} naming the jar to add when no FileSystem serves the
   * root's scheme. Where a known connector is on the classpath but not registered, registers it.
   */
  static void requireFileSystem(HadoopStoreSettings settings, Configuration conf) {
    String scheme = settings.scheme();
    Exception problem;
    try {
      FileSystem.getFileSystemClass(scheme, conf);
      return;
    } catch (UnsupportedFileSystemException e) {
      problem = e;
    } catch (IOException | RuntimeException | LinkageError e) {
      problem = new IOException(e.toString(), e);
    }
    String known = KNOWN_CONNECTORS.get(scheme);
    if (known != null && conf.get("fs." + scheme + ".impl") == null && classPresent(known)) {
      conf.set("fs." + scheme + ".impl", known);
      return;
    }
    throw new ConfigurationException("stores." + settings.storeName() + ": no Hadoop FileSystem for " + scheme
        + ":// (" + settings.redact(String.valueOf(problem.getMessage())) + "). " + missingConnectorHint(scheme));
  }

  /** What an operator must add for a scheme whose FileSystem is missing. */
  static String missingConnectorHint(String scheme) {
    String classpath = " Put the jar on dj-gc's classpath: start the fat jar with Spring Boot's PropertiesLauncher,"
        + " java -Dloader.path=/path/to/jars -cp gc-batch.jar org.springframework.boot.loader.launch.PropertiesLauncher"
        + " (or any classpath that holds both).";
    return switch (scheme) {
      case "gs" -> "Google Cloud Storage needs the Cloud Storage connector for Hadoop 3, which this build does not"
          + " bundle: Maven com.google.cloud.bigdataoss:gcs-connector (3.x, classifier 'shaded', e.g."
          + " gcs-connector-3.1.x-shaded.jar)." + classpath;
      case "dbfs" -> "Databricks volumes (dbfs:/Volumes/...) need the Databricks Hadoop connector"
          + " (com.databricks.backend.daemon.data.client.DatabricksFileSystem), which ships only with Databricks"
          + " Runtime; elsewhere, point gc.hadoop.uri at the volume's cloud storage (abfss://, s3a://, gs://).";
      case "wasb", "wasbs" -> "wasb is served by hadoop-azure; check that hadoop-azure is on the classpath, or use"
          + " abfss://.";
      default -> "Add the jar that provides a Hadoop FileSystem for '" + scheme + "' and, if it does not register"
          + " itself, set gc.hadoop.conf[fs." + scheme + ".impl] to its class." + classpath;
    };
  }

  private static boolean classPresent(String name) {
    try {
      Class.forName(name, false, HadoopObjectStore.class.getClassLoader());
      return true;
    } catch (ClassNotFoundException | LinkageError e) {
      return false;
    }
  }

  private boolean atomicRename() {
    if (scheme.equalsIgnoreCase("file") || ATOMIC_RENAME_SCHEMES.contains(scheme.toLowerCase(Locale.ROOT))) {
      return true;
    }
    if (HNS_SCHEMES.contains(scheme.toLowerCase(Locale.ROOT))) {
      try {
        // ABFS reports ACLs exactly when the account has a hierarchical namespace
        return fs.hasPathCapability(root, CommonPathCapabilities.FS_ACLS);
      } catch (IOException | RuntimeException e) {
        LOG.warn("Cannot tell whether {} has a hierarchical namespace ({}); moves will copy, verify and delete",
            description, reason(e));
        return false;
      }
    }
    return false;
  }

  private int bulkDeletePageSize() {
    try (BulkDelete bulk = fs.createBulkDelete(root)) {
      return Math.max(1, bulk.pageSize());
    } catch (IOException | RuntimeException e) {
      return 1;
    }
  }

  /**
   * The identity of a Hadoop store root: a {@code file://} root is the local directory's ({@link
   * org.djgc.core.storage.local.LocalObjectStore#identityOf}, so the native and the Hadoop backend
   * share it); any other is the URI with the scheme lower-cased and the path normalised as Hadoop
   * does ({@code .}, {@code ..}, repeated and trailing slashes). The place (the lock) also
   * lower-cases the authority; the canonical form (the ledger) keeps it as configured.
   */
  static StoreIdentity identityOf(String scheme, String authority, String rootPath, java.nio.file.Path localRoot) {
    if (localRoot != null) {
      try {
        return org.djgc.core.storage.local.LocalObjectStore.identityOf(localRoot.toRealPath());
      } catch (IOException e) {
        throw new StorageException("Store root " + localRoot + " is not accessible: " + e.getMessage(), e);
      }
    }
    java.util.ArrayDeque<String> segments = new java.util.ArrayDeque<>();
    for (String segment : rootPath.split("/")) {
      if (segment.equals("..")) {
        segments.pollLast();
      } else if (!segment.isEmpty() && !segment.equals(".")) {
        segments.addLast(segment);
      }
    }
    String path = "/" + String.join("/", segments);
    String lowerScheme = scheme.toLowerCase(java.util.Locale.ROOT);
    String auth = authority == null ? "" : authority;
    return new StoreIdentity(lowerScheme + "://" + auth.toLowerCase(java.util.Locale.ROOT) + path,
        lowerScheme + "://" + auth + path);
  }

  @Override
  public StoreIdentity identity() {
    return identity;
  }

  @Override
  public String describe() {
    return description;
  }

  @Override
  public String toString() {
    return "HadoopObjectStore[" + description + "]";
  }

  @Override
  public StoreCapabilities capabilities() {
    return capabilities;
  }

  // ---------------------------------------------------------------------------------------------
  // keys and paths

  /** The Hadoop path of a key, confined to the root. */
  Path pathOf(ObjectKey key) {
    String expected = key.isRoot() ? rootPath : childPrefix + key.path();
    Path path = toPath(expected);
    URI uri = path.toUri();
    if (!sameFileSystem(uri) || !expected.equals(uri.getPath())) {
      throw new StorageException("Refusing " + where(key) + ": it resolves outside the store root");
    }
    if (localRoot != null) {
      checkNoLocalSymlink(key);
    }
    return path;
  }

  Path toPath(String absolutePath) {
    try {
      return new Path(new URI(scheme, authority, absolutePath, null, null));
    } catch (URISyntaxException | IllegalArgumentException e) {
      throw new StorageException("Cannot address " + absolutePath + " in " + description + ": " + e.getMessage());
    }
  }

  private boolean sameFileSystem(URI uri) {
    return uri.getScheme() != null && uri.getScheme().equalsIgnoreCase(scheme)
        && Objects.equals(lower(emptyToNull(uri.getAuthority())), lower(authority));
  }

  /** The store key of a listed path, or null (with a warning) when it is not a canonical key. */
  String keyOf(Path path) {
    URI uri = path.toUri();
    String absolute = uri.getPath();
    if (!sameFileSystem(uri) || absolute == null || !absolute.startsWith(childPrefix)) {
      throw new StorageException("Cannot list " + description + ": the file system returned a path outside the"
          + " store root (" + settings.redact(path.toString()) + ")");
    }
    String relative = absolute.substring(childPrefix.length());
    String problem = ObjectKey.problem(relative);
    if (problem != null) {
      LOG.warn("Skipping '{}' in {}: not a canonical store path ({}); it is never moved or deleted", relative,
          description, problem);
      return null;
    }
    return relative;
  }

  /** On the local file system: no component below the root may be a symbolic link. */
  private void checkNoLocalSymlink(ObjectKey key) {
    java.nio.file.Path path = localRoot;
    for (String segment : key.isRoot() ? new String[0] : key.path().split("/")) {
      path = path.resolve(segment);
      if (Files.isSymbolicLink(path)) {
        throw new StorageException("Refusing " + key + ": " + localRoot.relativize(path)
            + " is a symbolic link, which could lead outside the store root");
      }
    }
  }

  // ---------------------------------------------------------------------------------------------
  // listing

  @Override
  public ObjectListing list(ObjectKey prefix, Optional<ObjectKey> startAfter) {
    return new HadoopListing(this, prefix, pathOf(prefix), startAfter.map(ObjectKey::path).orElse(null));
  }

  // ---------------------------------------------------------------------------------------------
  // stat, open

  @Override
  public Optional<StoredObject> stat(ObjectKey key) {
    FileStatus status = statusOrNull(pathOf(key), key, "stat");
    if (status == null || !status.isFile()) {
      return Optional.empty();
    }
    return Optional.of(toStoredObject(key, status));
  }

  private static StoredObject toStoredObject(ObjectKey key, FileStatus status) {
    String etag = status instanceof EtagSource source ? emptyToNull(source.getEtag()) : null;
    long modified = status.getModificationTime();
    return new StoredObject(key, status.getLen(), modified > 0 ? Instant.ofEpochMilli(modified) : Instant.EPOCH,
        Optional.ofNullable(etag), true);
  }

  @Override
  public InputStream open(ObjectKey key) {
    Path path = pathOf(key);
    FileStatus status = statusOrNull(path, key, "read");
    if (status == null || !status.isFile()) {
      throw new StorageException("Cannot read " + where(key) + ": no such file");
    }
    try {
      return fs.open(path);
    } catch (FileNotFoundException e) {
      throw new StorageException("Cannot read " + where(key) + ": no such file", cause(e));
    } catch (IOException | RuntimeException e) {
      throw new StorageException("Cannot read " + where(key) + ": " + reason(e), cause(e));
    }
  }

  // ---------------------------------------------------------------------------------------------
  // move

  /** Moves by name: this backend has no etags to hold the listed version to, and learns none from a move. */
  @Override
  public Optional<String> move(ObjectKey source, ObjectKey target, Optional<StoredObject> listed) {
    mover.moveFile(source, target);
    return Optional.empty();
  }

  // ---------------------------------------------------------------------------------------------
  // delete

  @Override
  public DeleteOutcome delete(ObjectKey key) {
    Path path = pathOf(key);
    FileStatus status = statusOrNull(path, key, "delete");
    if (status == null) {
      return DeleteOutcome.ABSENT;
    }
    if (!status.isFile()) {
      throw new StorageException("Cannot delete " + where(key) + ": not a file");
    }
    try {
      if (fs.delete(path, false)) {
        return DeleteOutcome.DELETED;
      }
    } catch (FileNotFoundException e) {
      return DeleteOutcome.ABSENT;
    } catch (IOException | RuntimeException e) {
      throw new StorageException("Cannot delete " + where(key) + ": " + reason(e), cause(e));
    }
    if (statusOrNull(path, key, "delete") == null) {
      return DeleteOutcome.ABSENT;
    }
    throw new StorageException("Cannot delete " + where(key) + ": the file system refused");
  }

  /**
   * Deletes with Hadoop's {@link BulkDelete} in pages of its page size, where that is above one;
   * otherwise one by one. Which keys existed is read with one status call each; each key is
   * reported once.
   */
  @Override
  public BatchDeleteResult deleteAll(Collection<ObjectKey> keys) {
    if (capabilities.maxDeleteBatch() <= 1) {
      return ObjectStore.super.deleteAll(keys);
    }
    List<ObjectKey> unique = new ArrayList<>(new LinkedHashSet<>(keys));
    List<ObjectKey> deleted = new ArrayList<>();
    List<ObjectKey> absent = new ArrayList<>();
    Map<ObjectKey, String> failed = new LinkedHashMap<>();
    int page = capabilities.maxDeleteBatch();
    for (int start = 0; start < unique.size(); start += page) {
      deletePage(unique.subList(start, Math.min(unique.size(), start + page)), deleted, absent, failed);
    }
    return new BatchDeleteResult(deleted, absent, failed);
  }

  private void deletePage(List<ObjectKey> keys, List<ObjectKey> deleted, List<ObjectKey> absent,
      Map<ObjectKey, String> failed) {
    Map<String, ObjectKey> present = new LinkedHashMap<>();
    Map<String, Path> paths = new HashMap<>();
    for (ObjectKey key : keys) {
      try {
        Path path = pathOf(key);
        FileStatus status = statusOrNull(path, key, "delete");
        if (status == null) {
          absent.add(key);
        } else if (!status.isFile()) {
          failed.put(key, "Cannot delete " + where(key) + ": not a file");
        } else {
          present.put(key.path(), key);
          paths.put(key.path(), path);
        }
      } catch (StorageException e) {
        failed.put(key, e.getMessage());
      }
    }
    if (present.isEmpty()) {
      return;
    }
    Map<String, String> errors = new HashMap<>();
    try (BulkDelete bulk = fs.createBulkDelete(root)) {
      for (Map.Entry<Path, String> failure : bulk.bulkDelete(new ArrayList<>(paths.values()))) {
        String absolute = failure.getKey().toUri().getPath();
        String relative = absolute != null && absolute.startsWith(childPrefix)
            ? absolute.substring(childPrefix.length()) : absolute;
        errors.put(relative, settings.redact(String.valueOf(failure.getValue())));
      }
    } catch (IOException | RuntimeException e) {
      String why = "bulk delete failed: " + reason(e);
      present.values().forEach(k -> failed.put(k, why));
      return;
    }
    present.forEach((relative, key) -> {
      if (errors.containsKey(relative)) {
        failed.put(key, errors.get(relative));
      } else {
        deleted.add(key);
      }
    });
  }

  @Override
  public void pruneEmptyParents(ObjectKey key, ObjectKey boundary) {
    for (ObjectKey directory : key.ancestorsBelow(boundary)) {
      try {
        Path path = pathOf(directory);
        FileStatus status = fs.getFileStatus(path);
        if (!status.isDirectory() || fs.listStatusIterator(path).hasNext() || !fs.delete(path, false)) {
          return;
        }
      } catch (IOException | RuntimeException e) {
        return; // not empty, already gone or not ours: best effort
      }
    }
  }


  // ---------------------------------------------------------------------------------------------
  // helpers

  FileStatus statusOrNull(Path path, ObjectKey key, String action) {
    try {
      return fs.getFileStatus(path);
    } catch (FileNotFoundException e) {
      return null;
    } catch (IOException | RuntimeException e) {
      throw new StorageException("Cannot " + action + " " + (key.isRoot() ? "the store root" : key.path()) + " in "
          + description + ": cannot read its status: " + reason(e), cause(e));
    }
  }

  String where(ObjectKey key) {
    return (key == null || key.isRoot() ? "the store root" : key.path()) + " in " + description;
  }

  String reason(Throwable e) {
    return reason(settings, e);
  }

  Throwable cause(Throwable e) {
    return cause(settings, e);
  }

  /** The backend's reason, with any credential removed. */
  static String reason(HadoopStoreSettings settings, Throwable e) {
    String message = e.getMessage();
    String text = e.getClass().getSimpleName() + (message == null ? "" : ": " + message);
    return settings.redact(text);
  }

  /** The cause to chain, or null when a message in it would reveal a credential. */
  static Throwable cause(HadoopStoreSettings settings, Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      String message = t.getMessage();
      if (message != null && !settings.redact(message).equals(message)) {
        return null;
      }
    }
    return e;
  }

  static String emptyToNull(String value) {
    return value == null || value.isEmpty() ? null : value;
  }

  private static String lower(String value) {
    return value == null ? null : value.toLowerCase(Locale.ROOT);
  }

  private static void closeQuietly(FileSystem fs) {
    try {
      fs.close();
    } catch (IOException | RuntimeException e) {
      LOG.debug("Cannot close a FileSystem: {}", e.toString());
    }
  }

  @Override
  public void close() {
    try {
      fs.close();
    } catch (IOException | RuntimeException e) {
      LOG.warn("Cannot close the FileSystem of {}: {}", description, reason(e));
    }
  }
}
