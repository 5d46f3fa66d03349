package org.djgc.batch.job.partition;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.djgc.batch.job.support.RunSetup;
import org.djgc.core.layout.Section;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The sections a run leaves alone: those that can also hold user ({@code <filepath@>}) files,
 * unless {@code gc.collect-user-file-sections} opts them in (spec §3.2).
 *
 * @param indices their indices in the run's section list
 * @param messages one line per skipped section for the report
 */
public record SkippedSections(Set<Integer> indices, List<String> messages) {
  private static final Logger LOG = LoggerFactory.getLogger(SkippedSections.class);

  /** Decides, and warns once per section that is skipped or collected although it holds user files. */
  public static SkippedSections of(RunSetup run, List<Section> sections, boolean collectUserFileSections) {
    return decide(run, sections, collectUserFileSections, true);
  }

  /** Decides without a word: for each partition, after the manager has warned. */
  static SkippedSections quietly(RunSetup run, List<Section> sections, boolean collectUserFileSections) {
    return decide(run, sections, collectUserFileSections, false);
  }

  private static SkippedSections decide(RunSetup run, List<Section> sections, boolean collectUserFileSections,
      boolean warn) {
    Set<Integer> skip = new HashSet<>();
    List<String> skipped = new ArrayList<>();
    for (int i = 0; i < sections.size(); i++) {
      Optional<String> reason = run.layout().userFilesReason(sections.get(i));
      if (reason.isEmpty()) {
        continue;
      }
      if (collectUserFileSections) {
        if (warn) {
          LOG.warn("Collecting {}/ although {} (gc.collect-user-file-sections=true): unreferenced user files there"
              + " are treated as orphans", sections.get(i).directory(), reason.get());
        }
      } else {
        skip.add(i);
        skipped.add(sections.get(i).directory() + "/: " + reason.get() + "; set gc.collect-user-file-sections=true"
            + " to collect it");
        if (warn) {
          LOG.warn("Skipping {}/: {}; nothing there is listed or collected (set gc.collect-user-file-sections=true"
              + " to collect it)", sections.get(i).directory(), reason.get());
        }
      }
    }
    return new SkippedSections(Set.copyOf(skip), List.copyOf(skipped));
  }
}
