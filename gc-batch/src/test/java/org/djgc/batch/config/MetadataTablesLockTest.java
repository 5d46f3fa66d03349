package org.djgc.batch.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.djgc.batch.cli.ExitCode;
import org.djgc.batch.support.GcCli;
import org.djgc.batch.support.ReportTestBase;
import org.djgc.core.lock.StoreLock;
import org.junit.jupiter.api.Test;

/**
 * A process starting while another creates dj-gc's metadata tables waits for it (the lock
 * {@value BatchSchemaInitializer#LOCK}) instead of running Spring Batch's scripts beside it, which
 * have no {@code IF NOT EXISTS} and would fail one of the two first starts.
 */
class MetadataTablesLockTest extends ReportTestBase {
  @Test
  void aStartWaitsWhileAnotherProcessCreatesTheMetadataTables() throws Exception {
    // given: the job repository exists, and another process holds the lock
    assertThat(job("stats").exitCode()).isEqualTo(ExitCode.OK);
    CompletableFuture<GcCli.Result> start;
    try (StoreLock other = StoreLock.tryAcquire(metadata.dataSource(), BatchSchemaInitializer.LOCK).orElseThrow()) {
      // when
      start = CompletableFuture.supplyAsync(() -> job("stats"));

      // then: it waits while the lock is held, and runs once it is free
      Thread.sleep(1500);
      assertThat(start).isNotDone();
    }
    GcCli.Result result = start.get(60, TimeUnit.SECONDS);
    assertThat(result.exitCode()).as(result.toString()).isEqualTo(ExitCode.OK);
  }
}
