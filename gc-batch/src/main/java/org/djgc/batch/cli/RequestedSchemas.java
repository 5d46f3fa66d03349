package org.djgc.batch.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import org.djgc.batch.config.PipelineDatabase;
import org.djgc.core.config.ConfigurationException;
import org.djgc.core.layout.Section;
import org.djgc.core.layout.StoreLayout;
import org.djgc.core.reference.CodecClassifier;
import org.djgc.core.reference.ReferenceScanException;
import org.djgc.core.reference.jdbc.JdbcReferenceScanner;
import org.djgc.core.storage.ObjectKey;
import org.djgc.core.storage.ObjectListing;
import org.djgc.core.storage.ObjectStore;
import org.djgc.core.storage.StorageException;

/**
 * A {@code --schema} that names nothing is refused (exit 2) before anything runs: otherwise a typo
 * in a cron line runs a clean-looking job over empty sections, every night. A schema counts as
 * existing when the pipeline's server shows it, or when the store holds files in one of its
 * sections (a dropped schema's leftover files are exactly what a collection is for). Only a schema
 * that is neither is refused; when the store cannot be listed the check stands aside and the job
 * meets the same error itself.
 */
final class RequestedSchemas {
  private RequestedSchemas() {}

  static void checkExist(List<String> schemas, PipelineDatabase pipeline, StoreLayout layout,
      Supplier<ObjectStore> openStore) {
    List<String> unknown;
    try {
      unknown = new ArrayList<>(new JdbcReferenceScanner(pipeline.dataSource(), CodecClassifier.withCustomCodecs(
          java.util.Map.of())).missingSchemas(schemas));
    } catch (ReferenceScanException e) {
      return; // the job's own discovery reports an unusable database
    }
    if (unknown.isEmpty()) {
      return;
    }
    try (ObjectStore store = openStore.get()) {
      unknown.removeIf(schema -> holdsFiles(store, layout.hashSection(schema))
          || holdsFiles(store, layout.schemaSection(schema)));
    } catch (StorageException e) {
      return;
    }
    if (!unknown.isEmpty()) {
      String schema = unknown.get(0);
      throw new ConfigurationException("--schema " + String.join(", ", unknown) + ": no such schema on "
          + pipeline.description() + " (as its database user sees it), and store " + layout.spec().name()
          + " holds nothing under " + layout.hashSection(schema).directory() + "/ or "
          + layout.schemaSection(schema).directory() + "/; nothing ran (a misspelt name?)");
    }
  }

  private static boolean holdsFiles(ObjectStore store, Section section) {
    try (ObjectListing listing = store.list(ObjectKey.of(section.directory()), Optional.empty())) {
      return listing.hasNext();
    }
  }
}
