package org.djgc.batch.job.quarantine;

import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.djgc.batch.config.GcProperties;
import org.djgc.batch.job.support.Counter;
import org.djgc.batch.job.support.ContextKeys;
import org.djgc.batch.job.support.JobParameterNames;
import org.djgc.batch.job.support.Micros;
import org.djgc.batch.job.support.RunAges;
import org.djgc.batch.job.support.RunCounters;
import org.djgc.batch.job.support.RunSetup;
import org.djgc.batch.job.support.WorkFiles;
import org.djgc.core.config.DataJointConfig;
import org.djgc.core.layout.Section;
import org.djgc.core.orphan.CoverageMerge;
import org.djgc.core.orphan.ListedFile;
import org.djgc.core.orphan.SectionCounts;
import org.djgc.core.sort.CloseableIterator;
import org.djgc.core.sort.RecordFile;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.scope.context.ChunkContext;
import org.springframework.batch.core.step.StepContribution;
import org.springframework.batch.core.step.tasklet.Tasklet;
import org.springframework.batch.infrastructure.item.ExecutionContext;
import org.springframework.batch.infrastructure.repeat.RepeatStatus;

/**
 * Step {@code quarantine.selectCandidates}: the diff of {@code report}, grouped into units and
 * filtered by age (older than {@code T0 − minObjectAge − clockSkew}, the job parameters stored at
 * launch, so a restart uses the same window), then the gates:
 * findings (G1), scan errors (G2), zero references against a non-empty listing (G3) and too many
 * candidates (G4). A tripped gate records the refusal; {@code moveToTrash} then moves nothing.
 * After a partitioned scan the slices selected already ({@link CandidateSlices}) and this step
 * judges the gates alone.
 */
final class SelectCandidatesTasklet implements Tasklet {
  static final String CANDIDATES = "candidates.bin";

  private final DataJointConfig config;
  private final GcProperties properties;
  private final WorkFiles workFiles;
  private final RunCounters counters;
  private final boolean selects;

  private SelectCandidatesTasklet(DataJointConfig config, GcProperties properties, WorkFiles workFiles,
      RunCounters counters, boolean selects) {
    this.config = config;
    this.properties = properties;
    this.workFiles = workFiles;
    this.counters = counters;
    this.selects = selects;
  }

  /** Selects from the whole listing, then judges the gates. */
  static SelectCandidatesTasklet fromListing(DataJointConfig config, GcProperties properties, WorkFiles workFiles,
      RunCounters counters) {
    return new SelectCandidatesTasklet(config, properties, workFiles, counters, true);
  }

  /** Judges the gates over what the slices selected ({@link CandidateSlices} merged it already). */
  static SelectCandidatesTasklet afterSlices(DataJointConfig config, GcProperties properties, WorkFiles workFiles,
      RunCounters counters) {
    return new SelectCandidatesTasklet(config, properties, workFiles, counters, false);
  }

  /** What a selection counted. */
  record Tally(long tooYoung, long candidates, long candidateBytes) {}

  /**
   * Groups {@code files} (sorted for the diff) into units, judges each against {@code references}
   * and the age {@code cutoffMillis}, writes the candidates to {@code out} and adds the orphans to
   * {@code counts}.
   */
  static Tally select(Path references, java.util.Iterator<ListedFile> files, List<Section> sections,
      long cutoffMillis, RecordFile.Writer<CandidateUnit> out, List<SectionCounts> counts) {
    long[] tally = new long[3];
    UnitGrouper grouper = new UnitGrouper(sections, cutoffMillis, out::write, decision -> {
      if (decision.covered()) {
        return;
      }
      decision.unit().files().forEach(f -> counts.set(f.section(), counts.get(f.section()).plusOrphan(f)));
      if (decision.tooYoung()) {
        tally[0] += decision.unit().files().size();
      } else {
        tally[1] += decision.unit().files().size();
        tally[2] += decision.unit().bytes();
      }
    });
    CoverageMerge.partition(references, files, ListedFile::matchKey, grouper::accept);
    grouper.flush();
    return new Tally(tally[0], tally[1], tally[2]);
  }

  /** The age cutoff of the execution: {@code T0 − minObjectAge − clockSkew}, as stored at launch. */
  static Instant cutoff(JobExecution job, GcProperties properties) {
    RunAges ages = RunAges.stored(job.getJobParameters(), properties);
    return Micros.toInstant(job.getExecutionContext().getLong(ContextKeys.T0_MICROS))
        .minus(ages.minObjectAge()).minus(ages.clockSkew());
  }

  @Override
  @SuppressWarnings("unchecked")
  public RepeatStatus execute(StepContribution contribution, ChunkContext chunkContext) {
    JobExecution job = chunkContext.getStepContext().getStepExecution().getJobExecution();
    ExecutionContext context = job.getExecutionContext();
    List<SectionCounts> counts = new ArrayList<>((List<SectionCounts>) context.get(ContextKeys.SECTION_COUNTS));
    if (selects) {
      RunSetup run = RunSetup.fromParameters(config, properties, job.getJobParameters());
      List<Section> sections = run.layout().sections(run.schemas());
      Path directory = workFiles.directory(job);
      try (CloseableIterator<ListedFile> files = RecordFile.read(directory.resolve(WorkFiles.LISTING),
          ListedFile.CODEC);
          RecordFile.Writer<CandidateUnit> out = RecordFile.writer(directory.resolve(CANDIDATES), CandidateUnit.CODEC)) {
        Tally tally = select(directory.resolve(WorkFiles.REFERENCES), files, sections,
            cutoff(job, properties).toEpochMilli(), out, counts);
        counters.add(Counter.TOO_YOUNG, tally.tooYoung());
        counters.add(Counter.CANDIDATES, tally.candidates());
        counters.add(Counter.CANDIDATE_BYTES, tally.candidateBytes());
      }
      context.put(ContextKeys.SECTION_COUNTS, new ArrayList<>(counts));
    }
    // judged afresh: a restarted execution inherits the killed run's context, refusal included
    context.remove(ContextKeys.REFUSAL);
    refusal(context, counts, job.getJobParameters().getString(JobParameterNames.FORCE))
        .ifPresent(reason -> context.putString(ContextKeys.REFUSAL, reason));
    return RepeatStatus.FINISHED;
  }

  @SuppressWarnings("unchecked")
  private java.util.Optional<String> refusal(ExecutionContext context, List<SectionCounts> counts, String force) {
    long findings = context.getLong(ContextKeys.FINDINGS, 0L);
    List<String> scanErrors = (List<String>) context.get(ContextKeys.SCAN_ERRORS);
    if (findings > 0 || (scanErrors != null && !scanErrors.isEmpty())) {
      return java.util.Optional.of(findings + " reference finding(s), " + (scanErrors == null ? 0 : scanErrors.size())
          + " scan error(s): nothing was moved");
    }
    boolean forced = Boolean.parseBoolean(force);
    long stored = counts.stream().mapToLong(SectionCounts::stored).sum();
    long references = context.getLong(ContextKeys.HASH_REFERENCED) + context.getLong(ContextKeys.SCHEMA_REFERENCED);
    long candidates = counters.get(Counter.CANDIDATES);
    if (!forced && references == 0 && stored > 0) {
      return java.util.Optional.of("zero references found while the sections hold " + stored
          + " file(s): refusing to quarantine everything (use --force if that is really meant)");
    }
    if (!forced && stored > 0 && (double) candidates / stored > properties.maxCandidateFraction()) {
      return java.util.Optional.of(candidates + " of " + stored + " listed files are candidates, above"
          + " gc.max-candidate-fraction=" + properties.maxCandidateFraction() + " (use --force to proceed)");
    }
    if (!forced && properties.maxCandidates() > 0 && candidates > properties.maxCandidates()) {
      return java.util.Optional.of(candidates + " candidates, above gc.max-candidates=" + properties.maxCandidates()
          + " (use --force to proceed)");
    }
    return java.util.Optional.empty();
  }
}
