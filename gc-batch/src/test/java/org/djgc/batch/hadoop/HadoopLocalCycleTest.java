package org.djgc.batch.hadoop;

import java.util.List;
import org.djgc.batch.cycle.QuarantinePurgeCycleTest;

/** The full quarantine → grace → purge cycle with the file store routed through Hadoop's local FileSystem. */
class HadoopLocalCycleTest extends QuarantinePurgeCycleTest {
  @Override
  protected List<String> backendArguments() {
    return List.of("--gc.hadoop.backend.local=hadoop");
  }
}
