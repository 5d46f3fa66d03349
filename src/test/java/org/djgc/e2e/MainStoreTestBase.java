package org.djgc.e2e;

import java.nio.file.Path;
import org.djgc.core.testing.TestDatabase;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;

/** A test on one {@link MainStorePipeline} in a temporary directory, whose schema and ledger rows go at the end. */
abstract class MainStoreTestBase {
  static final TestDatabase DB = TestDatabase.get();

  @TempDir Path tmp;
  MainStorePipeline pipeline;

  @AfterEach
  void clearPipeline() {
    if (pipeline != null) {
      pipeline.clear();
    }
  }

  /** Builds the pipeline of {@code schema} (store {@code tmp/store}); returns its config in {@code tmp/project}. */
  Path buildPipeline(String schema) {
    pipeline = new MainStorePipeline(DB, tmp.resolve("store"), schema);
    pipeline.build();
    return pipeline.writeConfig(tmp.resolve("project"), pipeline.root().toString());
  }
}
