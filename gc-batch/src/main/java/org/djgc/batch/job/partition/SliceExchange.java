package org.djgc.batch.job.partition;

import java.nio.file.Path;
import java.time.LocalDateTime;
import java.util.List;
import javax.sql.DataSource;
import org.djgc.batch.config.GcProperties;
import org.djgc.batch.job.support.JobParameterNames;
import org.djgc.core.jdbc.SqlDialect;
import org.djgc.core.work.DirectoryWorkArea;
import org.djgc.core.work.JdbcWorkArea;
import org.djgc.core.work.WorkArea;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.job.parameters.JobParameters;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Where the processes of a partitioned run meet (spec §4.6): the manager publishes each slice's
 * share of the references, the partition that scans the slice (a thread here, or a remote worker)
 * fetches it and publishes the slice's output, and {@code mergeSlices} fetches every output. A run
 * with threads uses a directory below {@code gc.work-dir}; a remote run uses table {@code
 * gc_work_file} of the metadata database, which every worker reaches already (it shares the job
 * repository) and which needs no shared disk and no write access to the store being collected.
 *
 * <p>Files are keyed by the job execution that wrote them. A partition's output stays until its
 * job instance completes, so the restart of a run that failed in its scan reuses the partitions that
 * completed; references go at the end of their execution, whatever its outcome.
 */
@Component
public class SliceExchange {
  private static final Logger LOG = LoggerFactory.getLogger(SliceExchange.class);
  private static final String REFERENCES_PREFIX = "references-";
  /** Files of one execution only (what the manager hands its action partitions), dropped at its end. */
  static final String RUN_PREFIX = "run-";

  private final WorkArea local;
  private final DataSource metadata;
  private final java.time.Duration retention;
  private volatile JdbcWorkArea shared;

  public SliceExchange(GcProperties properties, DataSource metadata) {
    this.local = new DirectoryWorkArea(properties.workDirectory().resolve("slices"));
    this.metadata = metadata;
    this.retention = properties.workRetention();
  }

  /** Whether the execution with {@code parameters} hands its partitions to remote workers. */
  public static boolean remote(JobParameters parameters) {
    return "remote".equals(parameters.getString(JobParameterNames.PARTITIONING));
  }

  /** Publishes slice {@code slice}'s references from {@code file}. */
  void publishReferences(JobExecution job, int slice, Path file) {
    area(job.getJobParameters()).put(job.getId(), SlicePlan.references(slice), file);
  }

  /** Writes slice {@code slice}'s references, as the manager published them, to {@code target}. */
  void fetchReferences(JobExecution job, int slice, Path target) {
    area(job.getJobParameters()).get(job.getId(), SlicePlan.references(slice), target);
  }

  /** Publishes slice {@code slice}'s output, found in execution {@code job}. */
  void publishOutput(JobExecution job, int slice, Path file) {
    area(job.getJobParameters()).put(job.getId(), SlicePlan.output(slice), file);
  }

  /** Writes the output slice {@code slice} got in execution {@code execution} to {@code target}. */
  void fetchOutput(JobParameters parameters, long execution, int slice, Path target) {
    area(parameters).get(execution, SlicePlan.output(slice), target);
  }

  /**
   * Publishes {@code file} as {@code name} of execution {@code job} for its partitions; {@code name}
   * starts with {@value #RUN_PREFIX}, so the file goes when the execution ends.
   */
  void publishRunFile(JobExecution job, String name, Path file) {
    if (!name.startsWith(RUN_PREFIX)) {
      throw new IllegalArgumentException("Run file " + name + " must start with " + RUN_PREFIX);
    }
    area(job.getJobParameters()).put(job.getId(), name, file);
  }

  /** Writes file {@code name} that execution {@code execution} published to {@code target}. */
  void fetch(JobParameters parameters, long execution, String name, Path target) {
    area(parameters).get(execution, name, target);
  }

  /** Whether execution {@code execution} left slice {@code slice}'s output (a restart may reuse it). */
  boolean outputExists(JobParameters parameters, long execution, int slice) {
    return area(parameters).exists(execution, SlicePlan.output(slice));
  }

  /**
   * At the end of {@code job}: drops its references and run files; when it completed, every file of its job
   * instance (nothing is left to reuse).
   */
  public void endOfRun(JobExecution job, JobRepository repository) {
    WorkArea area = area(job.getJobParameters());
    area.deleteFiles(job.getId(), REFERENCES_PREFIX);
    area.deleteFiles(job.getId(), RUN_PREFIX);
    if (job.getStatus() == BatchStatus.COMPLETED) {
      for (JobExecution execution : repository.getJobExecutions(job.getJobInstance())) {
        area.deleteExecution(execution.getId());
      }
    }
  }

  /**
   * Removes the files of executions no restart will reuse: whose job instance completed or was
   * abandoned, that the repository does not know, or that ended more than {@code
   * gc.work-retention} ago. Called as a run starts, so killed runs leave nothing for long.
   */
  public void sweep(JobRepository repository, boolean remote) {
    for (WorkArea area : remote ? List.of(local, shared()) : List.of(local)) {
      for (long id : area.executions()) {
        JobExecution execution = execution(repository, id);
        if (execution == null || finished(execution, repository)) {
          LOG.info("Removing the slice files of execution {}: no restart will reuse them", id);
          area.deleteExecution(id);
        }
      }
    }
  }

  private static JobExecution execution(JobRepository repository, long id) {
    try {
      return repository.getJobExecution(id);
    } catch (org.springframework.dao.EmptyResultDataAccessException e) {
      return null;
    }
  }

  private boolean finished(JobExecution execution, JobRepository repository) {
    JobExecution last = repository.getLastJobExecution(execution.getJobInstance());
    if (last != null && !last.getStatus().isRunning() && (last.getStatus() == BatchStatus.COMPLETED
        || last.getStatus() == BatchStatus.ABANDONED)) {
      return true;
    }
    LocalDateTime ended = execution.getEndTime();
    return ended != null && ended.isBefore(LocalDateTime.now().minus(retention));
  }

  private WorkArea area(JobParameters parameters) {
    return remote(parameters) ? shared() : local;
  }

  private JdbcWorkArea shared() {
    JdbcWorkArea area = shared;
    if (area == null) {
      synchronized (this) {
        if (shared == null) {
          JdbcWorkArea created = new JdbcTemplate(metadata).execute((java.sql.Connection connection) -> {
            SqlDialect dialect = SqlDialect.of(connection);
            try (java.sql.Statement s = connection.createStatement();
                java.sql.ResultSet r = s.executeQuery(dialect.currentSchemaQuery())) {
              r.next();
              return new JdbcWorkArea(metadata, dialect, r.getString(1));
            }
          });
          created.createTable();
          shared = created;
        }
        area = shared;
      }
    }
    return area;
  }
}
