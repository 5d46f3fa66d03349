package org.djgc.batch.job.partition;

import org.djgc.batch.config.GcProperties;
import org.djgc.batch.config.StoreFactory;
import org.djgc.batch.job.support.CrashPoints;
import org.djgc.batch.job.support.Steps;
import org.djgc.batch.job.support.WorkFiles;
import org.djgc.core.config.DataJointConfig;
import org.springframework.batch.core.job.flow.Flow;
import org.springframework.batch.core.job.flow.FlowExecutionStatus;
import org.springframework.batch.core.job.flow.JobExecutionDecider;
import org.springframework.batch.core.partition.PartitionHandler;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.core.step.Step;

/**
 * The partitioned scan of a run with {@code partitions} > 1 (spec §4.6), after its one discovery:
 * {@code routeReferences → scanSlices (scanSlice per slice, on threads of this process or on remote
 * workers) → mergeSlices}. It leaves the job context and the orphan file that {@code scan → diff}
 * leaves for a whole listing.
 */
public final class PartitionedScan {
  /** The decider's answer for a partitioned run. */
  public static final String PARTITIONED = "PARTITIONED";
  /** The decider's answer for a run that lists each section whole. */
  public static final String WHOLE = "WHOLE";

  private PartitionedScan() {}

  /** {@link #PARTITIONED} when the execution's {@code partitions} parameter is above 1, else {@link #WHOLE}. */
  public static JobExecutionDecider decider() {
    return (job, step) -> new FlowExecutionStatus(SlicePlan.partitions(job.getJobParameters()) > 1 ? PARTITIONED
        : WHOLE);
  }

  /** The three steps, as flows to chain after discovery. */
  public static Flow[] flows(Steps steps, DataJointConfig config, GcProperties properties, WorkFiles workFiles,
      StoreFactory stores, CrashPoints crash, JobRepository repository, SliceJudge judge, SliceServices services) {
    Step worker = steps.workerStep("scanSlice",
        new ScanSliceTasklet(config, properties, workFiles, stores, crash, judge, services));
    PartitionHandler handler = services.handler(steps, worker, "scanSlice", properties.partitionThreads());
    SliceSplitter splitter = SliceSplitter.scans(repository, worker.getName(),
        new SlicePartitioner(config, properties, services.locks(), stores), services.locks(), services.exchange());
    return new Flow[] {
        steps.tasklet("routeReferences", new RouteReferencesTasklet(config, properties, workFiles, services.exchange())),
        steps.partitioned("scanSlices", worker, splitter, handler),
        steps.tasklet("mergeSlices", new MergeSlicesTasklet(config, properties, workFiles, repository,
            worker.getName(), judge, services.exchange(), stores))};
  }
}
