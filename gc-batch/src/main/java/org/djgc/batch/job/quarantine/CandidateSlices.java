package org.djgc.batch.job.quarantine;

import java.nio.file.Path;
import java.util.List;
import org.djgc.batch.config.GcProperties;
import org.djgc.batch.job.partition.SliceFiles;
import org.djgc.batch.job.partition.SliceJudge;
import org.djgc.batch.job.support.Counter;
import org.djgc.batch.job.support.RunCounters;
import org.djgc.batch.job.support.RunSetup;
import org.djgc.core.config.DataJointConfig;
import org.djgc.core.orphan.ListedFile;
import org.djgc.core.orphan.SectionCounts;
import org.djgc.core.sort.CloseableIterator;
import org.djgc.core.sort.RecordFile;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.infrastructure.item.ExecutionContext;

/**
 * {@code quarantine}'s judge: a slice's candidate units (uncovered, older than the run's cutoff), as
 * {@code selectCandidates} picks them from a whole listing, merged into {@code candidates.bin}. A
 * unit never spans slices: its files share the first character below their section.
 */
final class CandidateSlices implements SliceJudge {
  private static final String TOO_YOUNG = "gc.sliceTooYoung";
  private static final String CANDIDATES = "gc.sliceCandidates";
  private static final String CANDIDATE_BYTES = "gc.sliceCandidateBytes";

  private final DataJointConfig config;
  private final GcProperties properties;
  private final RunCounters counters;

  CandidateSlices(DataJointConfig config, GcProperties properties, RunCounters counters) {
    this.config = config;
    this.properties = properties;
    this.counters = counters;
  }

  @Override
  public String merged() {
    return SelectCandidatesTasklet.CANDIDATES;
  }

  @Override
  public List<SectionCounts> judge(JobExecution job, Path references, Path listing, Path output,
      List<SectionCounts> counts, ExecutionContext partition) {
    RunSetup run = RunSetup.fromParameters(config, properties, job.getJobParameters());
    List<SectionCounts> judged = new java.util.ArrayList<>(counts);
    try (CloseableIterator<ListedFile> files = RecordFile.read(listing, ListedFile.CODEC);
        RecordFile.Writer<CandidateUnit> out = RecordFile.writer(output, CandidateUnit.CODEC)) {
      SelectCandidatesTasklet.Tally tally = SelectCandidatesTasklet.select(references, files,
          run.layout().sections(run.schemas()), SelectCandidatesTasklet.cutoff(job, properties).toEpochMilli(), out,
          judged);
      partition.putLong(TOO_YOUNG, tally.tooYoung());
      partition.putLong(CANDIDATES, tally.candidates());
      partition.putLong(CANDIDATE_BYTES, tally.candidateBytes());
    }
    return judged;
  }

  @Override
  public void merge(JobExecution job, List<Path> outputs, List<ExecutionContext> partitions, Path merged) {
    SliceFiles.concatenate(outputs, CandidateUnit.CODEC, merged);
    for (ExecutionContext partition : partitions) {
      counters.add(Counter.TOO_YOUNG, partition.getLong(TOO_YOUNG));
      counters.add(Counter.CANDIDATES, partition.getLong(CANDIDATES));
      counters.add(Counter.CANDIDATE_BYTES, partition.getLong(CANDIDATE_BYTES));
    }
  }
}
