package org.djgc.batch.job.partition;

import java.util.List;
import org.djgc.batch.config.GcProperties;
import org.djgc.batch.job.support.JobParameterNames;
import org.djgc.batch.job.support.RunSetup;
import org.djgc.core.config.DataJointConfig;
import org.djgc.core.layout.Section;
import org.djgc.core.partition.PartitionPlan;
import org.djgc.core.partition.Slice;
import org.springframework.batch.core.job.parameters.JobParameters;

/**
 * A run's sections and slices, derived from its job parameters alone ({@code store}, {@code
 * schemas}, {@code partitions}), so the manager and every partition, in this process or another,
 * and a restart, agree on slice {@code i}.
 *
 * @param run the resolved run
 * @param sections its sections, in order
 * @param slices every section cut into the same key ranges
 */
public record SlicePlan(RunSetup run, List<Section> sections, List<Slice> slices) {
  /** The plan of the execution with {@code parameters}. */
  public static SlicePlan of(DataJointConfig config, GcProperties properties, JobParameters parameters) {
    RunSetup run = RunSetup.fromParameters(config, properties, parameters);
    List<Section> sections = run.layout().sections(run.schemas());
    int ranges = PartitionPlan.rangesPerSection(partitions(parameters), sections.size());
    return new SlicePlan(run, sections, Slice.of(sections.stream().map(Section::directory).toList(),
        PartitionPlan.ranges(ranges)));
  }

  /** The {@code partitions} job parameter; 1 for executions launched before it existed. */
  public static int partitions(JobParameters parameters) {
    Long partitions = parameters.getLong(JobParameterNames.PARTITIONS);
    return partitions == null ? 1 : partitions.intValue();
  }

  /** Work file holding slice {@code i}'s share of the references. */
  public static String references(int slice) {
    return String.format("references-slice-%05d.bin", slice);
  }

  /** Work file holding slice {@code i}'s sorted listing. */
  public static String listing(int slice) {
    return String.format("listing-slice-%05d.bin", slice);
  }

  /** Work file holding slice {@code i}'s output (its orphans, or its candidate units). */
  public static String output(int slice) {
    return String.format("output-slice-%05d.bin", slice);
  }
}
