package org.djgc.batch.cycle;

import java.util.List;
import org.djgc.batch.support.InProcessWorker;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/**
 * {@link PartitionedConcurrentInsertRaceTest} with the partitions run by a worker over RabbitMQ
 * (issue 11): an insert that revives an orphan while a worker scans its slice is healed exactly as
 * in one process.
 */
class RemoteConcurrentInsertRaceTest extends PartitionedConcurrentInsertRaceTest {
  private final String queue = "djgc.test." + System.nanoTime();
  private InProcessWorker worker;

  @Override
  protected List<String> backendArguments() {
    return List.of("--gc.partitions=8", "--gc.partitioning=remote", "--gc.remote.queue=" + queue,
        "--gc.remote.poll-interval=PT0.1S", "--gc.remote.timeout=PT60S");
  }

  @BeforeEach
  void startWorker() {
    worker = InProcessWorker.start("--dj-config=" + writeConfig(), "--gc.work-dir=" + tmp.resolve("worker-work"),
        "--gc.codecs.gc_custom_object=schema", "--gc.remote.queue=" + queue);
  }

  @AfterEach
  void stopWorker() throws Exception {
    worker.close();
    org.djgc.batch.support.TestBroker.deleteQueue(queue);
  }
}
