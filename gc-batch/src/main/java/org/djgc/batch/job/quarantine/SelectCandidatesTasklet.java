package org.djgc.batch.job.quarantine;

import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.djgc.batch.config.GcProperties;
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
 */
class SelectCandidatesTasklet implements Tasklet {
  static final String CANDIDATES = "candidates.bin";

  private final DataJointConfig config;
  private final GcProperties properties;
  private final WorkFiles workFiles;
  private final RunCounters counters;

  SelectCandidatesTasklet(DataJointConfig config, GcProperties properties, WorkFiles workFiles, RunCounters counters) {
    this.config = config;
    this.properties = properties;
    this.workFiles = workFiles;
    this.counters = counters;
  }

  @Override
  @SuppressWarnings("unchecked")
  public RepeatStatus execute(StepContribution contribution, ChunkContext chunkContext) {
    JobExecution job = chunkContext.getStepContext().getStepExecution().getJobExecution();
    ExecutionContext context = job.getExecutionContext();
    RunSetup run = RunSetup.fromParameters(config, properties, job.getJobParameters());
    List<Section> sections = run.layout().sections(run.schemas());
    Path directory = workFiles.directory(job);
    RunAges ages = RunAges.stored(job.getJobParameters(), properties);
    Instant cutoff = Micros.toInstant(context.getLong(ContextKeys.T0_MICROS))
        .minus(ages.minObjectAge()).minus(ages.clockSkew());
    List<SectionCounts> counts = new ArrayList<>((List<SectionCounts>) context.get(ContextKeys.SECTION_COUNTS));
    try (CloseableIterator<ListedFile> files = RecordFile.read(directory.resolve(WorkFiles.LISTING), ListedFile.CODEC);
        RecordFile.Writer<CandidateUnit> out = RecordFile.writer(directory.resolve(CANDIDATES), CandidateUnit.CODEC)) {
      UnitGrouper grouper = new UnitGrouper(sections, cutoff.toEpochMilli(), out::write, decision -> {
        if (decision.covered()) {
          return;
        }
        decision.unit().files().forEach(f -> counts.set(f.section(), counts.get(f.section()).plusOrphan(f)));
        if (decision.tooYoung()) {
          counters.add("too_young", decision.unit().files().size());
        } else {
          counters.add("candidates", decision.unit().files().size());
          counters.add("candidate_bytes", decision.unit().bytes());
        }
      });
      CoverageMerge.partition(directory.resolve(WorkFiles.REFERENCES), files, ListedFile::matchKey, grouper::accept);
      grouper.flush();
    }
    context.put(ContextKeys.SECTION_COUNTS, new ArrayList<>(counts));
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
    long candidates = counters.get("candidates");
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
