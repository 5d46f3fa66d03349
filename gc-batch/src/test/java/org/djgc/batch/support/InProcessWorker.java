package org.djgc.batch.support;

import java.util.ArrayList;
import java.util.List;

/**
 * A {@code --worker} in this JVM, for tests whose hooks ({@code CrashPoints}) must fire inside the
 * partitions: started again each time it stops idle ({@code gc.remote.worker-idle-exit}), so it
 * reads the test's current DataJoint config for each run, until {@link #close}.
 */
public final class InProcessWorker implements AutoCloseable {
  private final Thread thread;
  private volatile boolean stopped;
  private volatile GcCli.Result failure;

  private InProcessWorker(List<String> args) {
    thread = new Thread(() -> {
      int failuresInARow = 0;
      while (!stopped) {
        GcCli.Result result = GcCli.run(args.toArray(String[]::new));
        if (result.exitCode() == org.djgc.batch.cli.ExitCode.OK) {
          failuresInARow = 0;
        } else if (++failuresInARow == 5) {
          // a start can fail once when the test's own run starts Spring at the same moment (Logback
          // reconfigures itself per context and is not safe against a concurrent reconfiguration)
          failure = result;
          return;
        }
      }
    }, "in-process-worker");
    thread.setDaemon(true);
  }

  /** Starts a worker with {@code args} after {@code --worker}. */
  public static InProcessWorker start(String... args) {
    List<String> all = new ArrayList<>(List.of("--worker", "--gc.remote.worker-idle-exit=PT1S"));
    all.addAll(List.of(args));
    InProcessWorker worker = new InProcessWorker(all);
    worker.thread.start();
    return worker;
  }

  /** Stops it; fails when a run of the worker failed (the test's own failure may come from that). */
  @Override
  public void close() throws InterruptedException {
    stopped = true;
    thread.join(30_000);
    if (failure != null) {
      throw new IllegalStateException("The in-process worker failed: " + failure);
    }
  }
}
