package org.djgc.core.progress;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Logs the progress of a long operation at a steady pace (at most once per interval): items and
 * bytes done, rate, and the ETA when the total is known. Thread-safe; cheap enough to call per item.
 */
public final class Progress {
  private static final Logger LOG = LoggerFactory.getLogger(Progress.class);
  /** The default pace. */
  public static final Duration DEFAULT_INTERVAL = Duration.ofSeconds(10);

  private final String what;
  private final long total;
  private final long intervalNanos;
  private final long start = System.nanoTime();
  private final AtomicLong done = new AtomicLong();
  private final AtomicLong bytes = new AtomicLong();
  private final AtomicLong nextReport;

  /**
   * @param what what is counted, e.g. {@code "moved to trash"}
   * @param total the expected total, or a negative number when unknown
   * @param interval the pace
   */
  public Progress(String what, long total, Duration interval) {
    this.what = what;
    this.total = total;
    this.intervalNanos = interval.toNanos();
    this.nextReport = new AtomicLong(start + intervalNanos);
  }

  /** Counts {@code items} more items of {@code itemBytes} bytes. */
  public void advance(long items, long itemBytes) {
    long count = done.addAndGet(items);
    long size = bytes.addAndGet(itemBytes);
    long now = System.nanoTime();
    long due = nextReport.get();
    if (now >= due && nextReport.compareAndSet(due, now + intervalNanos)) {
      LOG.info("{}: {}", what, line(count, size, now));
    }
  }

  /** Logs the final line. */
  public void finish() {
    LOG.info("{} (done): {}", what, line(done.get(), bytes.get(), System.nanoTime()));
  }

  private String line(long count, long size, long now) {
    double seconds = Math.max(1e-3, (now - start) / 1e9);
    double rate = count / seconds;
    StringBuilder text = new StringBuilder().append(count);
    if (total >= 0) {
      text.append('/').append(total);
    }
    text.append(" objects, ").append(size).append(" bytes, ").append(String.format("%.0f", rate)).append("/s");
    if (total > count && rate > 0) {
      text.append(", ETA ").append(Duration.ofSeconds((long) ((total - count) / rate)));
    }
    return text.toString();
  }
}
