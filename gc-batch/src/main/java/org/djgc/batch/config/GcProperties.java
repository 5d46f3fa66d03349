package org.djgc.batch.config;

import java.nio.file.Path;
import java.util.Map;
import org.djgc.core.layout.StoreLayout;
import org.djgc.core.sort.ExternalSorter;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * dj-gc's own settings, under {@code gc.} (application.yml, {@code GC_*} environment variables,
 * {@code --gc.*} options). DataJoint's settings (database, stores) come from DataJoint's config.
 *
 * @param codecs custom codecs: name → {@code hash}, {@code schema} or {@code ignore}
 * @param trashPrefix the reserved trash prefix inside each store
 * @param workDir scratch directory for spill files; empty means {@code java.io.tmpdir}
 * @param sortBufferRecords records sorted in memory before spilling to disk
 * @param listingThreads sections listed concurrently (each holds up to {@code sortBufferRecords})
 * @param metadata where Spring Batch's tables (and later the ledger) live
 */
@ConfigurationProperties(prefix = "gc")
public record GcProperties(
    @DefaultValue Map<String, String> codecs,
    @DefaultValue(StoreLayout.DEFAULT_TRASH_PREFIX) String trashPrefix,
    Path workDir,
    @DefaultValue("" + ExternalSorter.DEFAULT_MAX_IN_MEMORY) int sortBufferRecords,
    @DefaultValue("2") int listingThreads,
    @DefaultValue Metadata metadata) {

  /**
   * The metadata database.
   *
   * @param database database on the DataJoint server (default {@code datajoint_gc})
   * @param url a full JDBC URL of another server instead; then {@code username}/{@code password}
   * @param username user for {@code url}
   * @param password password for {@code url}
   */
  public record Metadata(@DefaultValue("datajoint_gc") String database, String url, String username,
      String password) {
    @Override
    public String toString() {
      return "Metadata[database=" + database + ", url=" + url + ", username=" + username + "]";
    }
  }

  /** The scratch directory. */
  public Path workDirectory() {
    return workDir != null ? workDir : Path.of(System.getProperty("java.io.tmpdir"), "dj-gc");
  }
}
