package org.djgc.batch.job.support;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.function.Function;
import org.slf4j.MDC;

/**
 * Runs the per-object storage calls of one chunk with bounded concurrency ({@code
 * gc.storage-concurrency}), so that a store's latency is paid once per round of calls rather than
 * once per object. Moves and deletes send only storage calls through here: the ledger transitions
 * around them stay on the chunk's thread, batched, before and after. Restores, heals and recovery
 * send each object's whole sequence ({@link #forEachGrouped}), whose ledger calls are then made from
 * several threads, each on its own connection. Either way the order per object (ledger first,
 * storage second, ledger third) is unchanged.
 *
 * <p>The call must report an object's own failure as its result; anything it throws stops the
 * chunk: no further call starts, the calls under way finish, and the first throwable is rethrown
 * on the chunk's thread (as a kill would, it leaves some objects done and the rest untouched, which
 * the next run's recovery handles object by object). With a concurrency of 1 every call runs on the
 * chunk's own thread, in order.
 */
public final class StorageCalls implements AutoCloseable {
  private final int concurrency;
  private final ExecutorService pool;

  /** A pool of {@code concurrency} daemon threads named after {@code purpose}. */
  public StorageCalls(int concurrency, String purpose) {
    if (concurrency < 1) {
      throw new IllegalArgumentException("gc.storage-concurrency must be at least 1: " + concurrency);
    }
    this.concurrency = concurrency;
    AtomicInteger threads = new AtomicInteger();
    this.pool = concurrency == 1 ? null : Executors.newFixedThreadPool(concurrency, runnable -> {
      Thread thread = new Thread(runnable, "djgc-" + purpose + "-" + threads.incrementAndGet());
      thread.setDaemon(true);
      return thread;
    });
  }

  public int concurrency() {
    return concurrency;
  }

  /**
   * Applies {@code call} to every item, at most {@link #concurrency()} at a time, and returns the
   * results in the items' order.
   */
  public <T, R> List<R> map(List<T> items, Function<? super T, ? extends R> call) {
    if (pool == null || items.size() < 2) {
      List<R> results = new ArrayList<>(items.size());
      items.forEach(item -> results.add(call.apply(item)));
      return results;
    }
    Object[] results = new Object[items.size()];
    AtomicInteger next = new AtomicInteger();
    AtomicBoolean stopped = new AtomicBoolean();
    Map<String, String> mdc = MDC.getCopyOfContextMap();
    List<Future<?>> workers = new ArrayList<>();
    for (int w = 0; w < Math.min(concurrency, items.size()); w++) {
      workers.add(pool.submit(() -> {
        if (mdc != null) {
          MDC.setContextMap(mdc);
        }
        try {
          for (int i = next.getAndIncrement(); i < items.size() && !stopped.get(); i = next.getAndIncrement()) {
            try {
              results[i] = call.apply(items.get(i));
            } catch (RuntimeException | Error e) {
              stopped.set(true);
              throw e;
            }
          }
        } finally {
          MDC.clear();
        }
        return null;
      }));
    }
    Throwable first = null;
    boolean interrupted = false;
    for (Future<?> worker : workers) {
      while (true) {
        try {
          worker.get();
          break;
        } catch (ExecutionException e) {
          first = first == null ? e.getCause() : first;
          break;
        } catch (InterruptedException e) {
          interrupted = true; // the calls under way finish first: nothing is left half-done by us
          stopped.set(true);
        }
      }
    }
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
    if (first instanceof RuntimeException runtime) {
      throw runtime;
    }
    if (first instanceof Error error) {
      throw error;
    }
    if (first != null) {
      throw new IllegalStateException(first);
    }
    if (interrupted) {
      throw new IllegalStateException("Interrupted while storage calls were under way");
    }
    @SuppressWarnings("unchecked")
    List<R> list = (List<R>) Arrays.asList(results);
    return list;
  }

  /**
   * Runs {@code action} on every item, at most {@link #concurrency()} at a time, except that items
   * with equal keys run one after the other, in their order: two ledger rows of one original path,
   * say, where the second must see what the first did to that path. Failures stop the calls as in
   * {@link #map}.
   */
  public <T> void forEachGrouped(List<T> items, Function<? super T, ?> key, Consumer<? super T> action) {
    Map<Object, List<T>> groups = new LinkedHashMap<>();
    items.forEach(item -> groups.computeIfAbsent(key.apply(item), k -> new ArrayList<>()).add(item));
    map(new ArrayList<>(groups.values()), group -> {
      group.forEach(action);
      return group.size();
    });
  }

  @Override
  public void close() {
    if (pool != null) {
      pool.shutdownNow();
    }
  }
}
