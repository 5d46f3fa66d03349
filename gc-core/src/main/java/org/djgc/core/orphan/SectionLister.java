package org.djgc.core.orphan;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.djgc.core.layout.Section;
import org.djgc.core.layout.SectionKind;
import org.djgc.core.sort.ExternalSorter;
import org.djgc.core.storage.ObjectKey;
import org.djgc.core.storage.ObjectListing;
import org.djgc.core.storage.ObjectStore;
import org.djgc.core.storage.StorageException;
import org.djgc.core.storage.StoredObject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Lists the sections of a run into one record file sorted for the diff. A section that cannot be
 * listed completely becomes a scan error named like upstream's ({@code list_hash_paths(schema):
 * reason}); its partial listing is kept for the report, and any scan error blocks destructive
 * steps.
 */
public final class SectionLister {
  private static final Logger LOG = LoggerFactory.getLogger(SectionLister.class);

  private final ObjectStore store;
  private final Path tempDirectory;
  private final int maxInMemory;

  public SectionLister(ObjectStore store, Path tempDirectory, int maxInMemory) {
    this.store = store;
    this.tempDirectory = tempDirectory;
    this.maxInMemory = maxInMemory;
  }

  /**
   * Lists every section and writes the files, sorted by {@link ListedFile#MATCH_ORDER}, to
   * {@code target}.
   */
  public Result listInto(List<Section> sections, Path target) {
    List<SectionCounts> counts = new ArrayList<>();
    List<String> scanErrors = new ArrayList<>();
    try (ExternalSorter<ListedFile> sorter =
        new ExternalSorter<>(ListedFile.MATCH_ORDER, ListedFile.CODEC, maxInMemory, tempDirectory)) {
      for (int index = 0; index < sections.size(); index++) {
        Section section = sections.get(index);
        SectionCounts sectionCounts = SectionCounts.ZERO;
        try (ObjectListing listing = store.list(ObjectKey.of(section.directory()), Optional.empty())) {
          while (listing.hasNext()) {
            StoredObject object = listing.next();
            if (!section.admits(object.key().path())) {
              continue;
            }
            if (!object.sizeKnown()) {
              LOG.warn("Size of {} could not be read; counted as 0 bytes", object.key());
            }
            ListedFile file = new ListedFile(object.key().path(), index, object.sizeBytes(), object.sizeKnown(),
                object.lastModified().toEpochMilli());
            sorter.add(file);
            sectionCounts = sectionCounts.plusStored(file);
          }
        } catch (StorageException | IllegalArgumentException e) {
          String error = listingName(section) + "(" + section.schema() + "): " + e.getMessage();
          LOG.warn("Listing error: {}", error);
          scanErrors.add(error);
        }
        counts.add(sectionCounts);
        LOG.info("Listed {} file(s), {} byte(s) in {}", sectionCounts.stored(), sectionCounts.storedBytes(),
            section.directory());
      }
      sorter.writeSorted(target);
    }
    return new Result(counts, scanErrors);
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
