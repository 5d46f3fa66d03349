package org.djgc.batch.job.remote;

import org.djgc.batch.config.GcProperties;
import org.djgc.batch.job.support.CrashPoints;
import org.djgc.batch.job.support.RunLocks;
import org.springframework.batch.core.partition.PartitionHandler;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.messaging.MessageChannel;

/** Makes the manager's partition handler of a job's partition step, sending to the broker. */
public final class RemotePartitions {
  private final MessageChannel requests;
  private final JobRepository repository;
  private final RunLocks locks;
  private final RepositoryKey key;
  private final GcProperties.Remote settings;
  private final CrashPoints crash;

  RemotePartitions(MessageChannel requests, JobRepository repository, RunLocks locks, RepositoryKey key,
      GcProperties.Remote settings, CrashPoints crash) {
    this.crash = crash;
    this.requests = requests;
    this.repository = repository;
    this.locks = locks;
    this.key = key;
    this.settings = settings;
  }

  /** The handler that hands the partitions of {@code workerStep} to remote workers. */
  public PartitionHandler handler(String workerStep) {
    return new RemotePartitionHandler(workerStep, requests, repository, locks, key, settings.timeout(),
        settings.pollInterval(), settings.queue(), crash);
  }
}
