package org.djgc.core.orphan;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.djgc.core.layout.Section;
import org.djgc.core.layout.SectionKind;
import org.djgc.core.partition.KeyRange;
import org.djgc.core.partition.RangeListing;
import org.djgc.core.partition.Slice;
import org.djgc.core.sort.ExternalSorter;
import org.djgc.core.storage.ObjectKey;
import org.djgc.core.storage.ObjectListing;
import org.djgc.core.storage.ObjectStore;
import org.djgc.core.storage.StorageException;
import org.djgc.core.storage.StoredObject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Lists the sections of a run into one record file sorted for the diff. Sections are listed
 * concurrently, each into its own sorted file, then merged. Nothing depends on the order in which
 * the store returns keys: each section is sorted here, and a key returned twice (a server that
 * repeated a page) makes the section a scan error. A section that cannot be listed
 * completely becomes a scan error named like upstream's ({@code list_hash_paths(schema): reason});
 * its partial listing is kept for the report, and any scan error blocks destructive steps.
 */
public final class SectionLister {
  private static final Logger LOG = LoggerFactory.getLogger(SectionLister.class);

  private final ObjectStore store;
  private final Path tempDirectory;
  private final int maxInMemory;
  private final int threads;
  private org.djgc.core.progress.Progress progress;

  public SectionLister(ObjectStore store, Path tempDirectory, int maxInMemory, int threads) {
    this.store = store;
    this.tempDirectory = tempDirectory;
    this.maxInMemory = maxInMemory;
    this.threads = Math.max(1, threads);
  }

  /**
   * Lists every section and writes the files, sorted by {@link ListedFile#MATCH_ORDER}, to
   * {@code target}.
   */
  public Result listInto(List<Section> sections, Path target) {
    return listInto(sections, java.util.Set.of(), target);
  }

  /**
   * Lists the sections except those at the {@code skipped} indices, which count zero and contribute
   * no file (so section indices stay aligned with {@code sections}).
   */
  public Result listInto(List<Section> sections, java.util.Set<Integer> skipped, Path target) {
    progress = new org.djgc.core.progress.Progress("Listing " + store.describe(), -1,
        org.djgc.core.progress.Progress.DEFAULT_INTERVAL);
    ExecutorService pool = Executors.newFixedThreadPool(Math.min(threads, Math.max(1, sections.size())));
    try {
      List<Future<SectionResult>> futures = new ArrayList<>();
      java.util.Map<String, String> mdc = org.slf4j.MDC.getCopyOfContextMap();
      for (int index = 0; index < sections.size(); index++) {
        int i = index;
        futures.add(pool.submit(() -> {
          if (mdc != null) {
            org.slf4j.MDC.setContextMap(mdc);
          }
          try {
            return skipped.contains(i) ? emptySection(i) : listSection(i, sections.get(i), KeyRange.ALL);
          } finally {
            org.slf4j.MDC.clear();
          }
        }));
      }
      List<SectionCounts> counts = new ArrayList<>();
      List<String> scanErrors = new ArrayList<>();
      List<Path> files = new ArrayList<>();
      for (Future<SectionResult> future : futures) {
        SectionResult result = future.get();
        counts.add(result.counts);
        result.scanError.ifPresent(scanErrors::add);
        files.add(result.file);
      }
      ExternalSorter.merge(files, ListedFile.CODEC, ListedFile.MATCH_ORDER, target);
      progress.finish();
      for (Path file : files) {
        Files.deleteIfExists(file);
      }
      return new Result(counts, scanErrors);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new StorageException("Interrupted while listing " + store.describe(), e);
    } catch (ExecutionException e) {
      throw e.getCause() instanceof RuntimeException runtime ? runtime
          : new StorageException("Listing failed: " + e.getCause(), e.getCause());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } finally {
      pool.shutdownNow();
    }
  }

  /**
   * Lists one slice of {@code section} (at {@code slice.section()} in the run's section list) into
   * {@code target}, sorted for the diff: what one partition of a partitioned run lists.
   */
  public SliceResult listSlice(Slice slice, Section section, Path target) {
    progress = new org.djgc.core.progress.Progress("Listing " + store.describe() + " " + section.directory() + " "
        + slice.range().describe(), -1, org.djgc.core.progress.Progress.DEFAULT_INTERVAL);
    try {
      SectionResult result = listSection(slice.section(), section, slice.range());
      Files.move(result.file, target, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
      progress.finish();
      return new SliceResult(result.counts, result.scanError);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * What listing one slice found.
   *
   * @param counts its stored counts
   * @param scanError the upstream-style scan error, when the listing is incomplete
   */
  public record SliceResult(SectionCounts counts, Optional<String> scanError) {}

  private record SectionResult(SectionCounts counts, Optional<String> scanError, Path file) {}

  private SectionResult emptySection(int index) throws IOException {
    Path file = Files.createTempFile(tempDirectory, "section-" + index + "-", ".bin");
    try (var out = org.djgc.core.sort.RecordFile.writer(file, ListedFile.CODEC)) {
      // an empty, valid record file
    }
    return new SectionResult(SectionCounts.ZERO, Optional.empty(), file);
  }

  private SectionResult listSection(int index, Section section, KeyRange range) throws IOException {
    SectionCounts counts = SectionCounts.ZERO;
    Optional<String> scanError = Optional.empty();
    Path file = Files.createTempFile(tempDirectory, "section-" + index + "-", ".bin");
    try (ExternalSorter<ListedFile> sorter =
        new ExternalSorter<>(ListedFile.MATCH_ORDER, ListedFile.CODEC, maxInMemory, tempDirectory)) {
      try (ObjectListing listing = RangeListing.open(store, ObjectKey.of(section.directory()), range)) {
        while (listing.hasNext()) {
          StoredObject object = listing.next();
          if (!section.admits(object.key().path())) {
            continue;
          }
          if (!object.sizeKnown()) {
            LOG.warn("Size of {} could not be read; counted as 0 bytes", object.key());
          }
          ListedFile listed = new ListedFile(object.key().path(), index, object.sizeBytes(), object.sizeKnown(),
              object.lastModified().toEpochMilli(), object.etag().orElse(null));
          sorter.add(listed);
          counts = counts.plusStored(listed);
          progress.advance(1, listed.sizeBytes());
        }
      } catch (StorageException | IllegalArgumentException e) {
        scanError = Optional.of(listingName(section) + "(" + section.schema() + "): " + e.getMessage());
        LOG.warn("Listing error: {}", scanError.get());
      }
      String repeated = writeOnce(sorter, file);
      if (repeated != null && scanError.isEmpty()) {
        scanError = Optional.of(listingName(section) + "(" + section.schema() + "): the listing returned '" + repeated
            + "' more than once; refusing a listing that may also have skipped keys");
        LOG.warn("Listing error: {}", scanError.get());
      }
    }
    LOG.info("Listed {} file(s), {} byte(s) in {}{}", counts.stored(), counts.storedBytes(), section.directory(),
        range.isAll() ? "" : " " + range.describe());
    return new SectionResult(counts, scanError, file);
  }

  /**
   * Writes the sorted records to {@code file}, each path once, and returns the first path the
   * listing returned more than once (null when none): the listing's order is not trusted, so
   * repeats are found after sorting, where they are adjacent.
   */
  private static String writeOnce(ExternalSorter<ListedFile> sorter, Path file) {
    String repeated = null;
    try (org.djgc.core.sort.CloseableIterator<ListedFile> records = sorter.sorted();
        org.djgc.core.sort.RecordFile.Writer<ListedFile> out = org.djgc.core.sort.RecordFile.writer(file,
            ListedFile.CODEC)) {
      String previous = null;
      while (records.hasNext()) {
        ListedFile record = records.next();
        if (record.path().equals(previous)) {
          repeated = repeated == null ? previous : repeated;
          continue;
        }
        out.write(record);
        previous = record.path();
      }
    }
    return repeated;
  }

  private static String listingName(Section section) {
    return section.kind() == SectionKind.HASH ? "list_hash_paths" : "list_schema_paths";
  }

  /**
   * What listing found.
   *
   * @param counts stored counts per section, in section order
   * @param scanErrors upstream-style scan errors; non-empty means the listing is incomplete
   */
  public record Result(List<SectionCounts> counts, List<String> scanErrors) {
    public Result {
      counts = List.copyOf(counts);
      scanErrors = List.copyOf(scanErrors);
    }
  }
}
