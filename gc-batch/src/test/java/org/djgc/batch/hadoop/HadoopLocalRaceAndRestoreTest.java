package org.djgc.batch.hadoop;

import java.util.List;
import org.djgc.batch.cycle.RestoreVerifyCollectTest;

/** Restore (with conflicts), verify and collect with the file store routed through Hadoop's local FileSystem. */
class HadoopLocalRaceAndRestoreTest extends RestoreVerifyCollectTest {
  @Override
  protected List<String> backendArguments() {
    return List.of("--gc.hadoop.backend.local=hadoop");
  }
}
