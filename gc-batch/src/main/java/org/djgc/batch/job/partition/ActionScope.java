package org.djgc.batch.job.partition;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.djgc.batch.job.support.RunCounters;
import org.djgc.core.sort.CloseableIterator;
import org.djgc.core.sort.RecordCodec;
import org.djgc.core.sort.RecordFile;
import org.djgc.core.storage.StoreIdentity;
import org.springframework.batch.core.step.StepExecution;
import org.springframework.batch.infrastructure.item.Chunk;
import org.springframework.batch.infrastructure.item.ItemWriter;

/**
 * What a partition of an action step acts with.
 *
 * @param counters this partition's own counters, summed by the manager when every partition ended
 * @param proveLocks fails (exit 5) unless the manager still holds the run's locks: called before
 *     every chunk of changes
 * @param runFiles the files the manager published for this execution
 * @param storeCheck compares a store opened here with the manager's ({@link #checkStore})
 */
public record ActionScope(RunCounters counters, Runnable proveLocks, RunFiles runFiles, StoreCheck storeCheck) {
  /** Fails unless a store opened here is the one its manager judged. */
  @FunctionalInterface
  public interface StoreCheck {
    void check(StoreIdentity opened);
  }

  /**
   * Fails the partition, and so the run, before anything changes, unless {@code opened}, the store
   * as this process's configuration names it, is the store the manager's run judged: a worker whose
   * configuration points the store elsewhere must not move or delete there what was judged here.
   */
  public void checkStore(StoreIdentity opened) {
    storeCheck.check(opened);
  }

  /**
   * Hands the records of {@code input} to {@code writer} in chunks of {@code chunkSize}, counting
   * them as the partition's writes.
   */
  public <T> void writeAll(Path input, RecordCodec<T> codec, int chunkSize, ItemWriter<T> writer,
      StepExecution partition) {
    try (CloseableIterator<T> records = RecordFile.read(input, codec)) {
      List<T> chunk = new ArrayList<>(chunkSize);
      while (records.hasNext()) {
        chunk.add(records.next());
        if (chunk.size() == chunkSize || !records.hasNext()) {
          writer.write(new Chunk<>(chunk));
          partition.setWriteCount(partition.getWriteCount() + chunk.size());
          chunk = new ArrayList<>(chunkSize);
        }
      }
    } catch (RuntimeException e) {
      throw e;
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  /** Files a manager published for its partitions ({@link ActionInputs#publish}). */
  @FunctionalInterface
  public interface RunFiles {
    /** Writes run file {@code name} to {@code target}. */
    void fetch(String name, Path target);
  }
}
