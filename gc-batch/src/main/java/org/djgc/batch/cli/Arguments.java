package org.djgc.batch.cli;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The conventional spellings of a command line, rewritten to the one form the parser and Spring
 * read ({@code --name=value}) before either sees them: the job as a subcommand ({@code gc-batch.jar
 * purge --store=main} is {@code --job=purge}), {@code -h} for {@code --help}, and {@code --name value}
 * for an option that takes a value (dj-gc's, and {@code --gc.*}/{@code --spring.*} settings).
 * {@code java -jar gc-batch.jar --job=purge ...}, which schedulers use, passes through unchanged.
 */
public final class Arguments {
  /** dj-gc's options that take no value (a following word is not theirs). */
  static final Set<String> FLAGS = Set.of("help", "version", "debug", "all-schemas", "force", "rebuild-ledger",
      "worker", "list", "dry-run");
  /** dj-gc's options that take a value. */
  static final Set<String> VALUED = Set.of("job", "store", "schema", "format", "dj-config", "restart",
      "reference-scope", "path", "glob", "quarantine-run", "since", "until", "limit", "metrics-file", "log-format",
      "remote-partitions", "execution-id-file", "run-key");

  private Arguments() {}

  /** The arguments in {@code --name=value} form. */
  public static String[] normalize(String[] args) {
    List<String> out = new ArrayList<>();
    for (int i = 0; i < args.length; i++) {
      String arg = args[i];
      if (i == 0 && !arg.startsWith("-")) {
        out.add("--job=" + arg);
        continue;
      }
      if (arg.equals("-h")) {
        out.add("--help");
        continue;
      }
      if (arg.startsWith("--") && arg.indexOf('=') < 0 && i + 1 < args.length && !args[i + 1].startsWith("-")) {
        String name = arg.substring(2);
        String next = args[i + 1];
        if (VALUED.contains(name) || name.contains(".")
            || FLAGS.contains(name) && (next.equalsIgnoreCase("true") || next.equalsIgnoreCase("false"))) {
          out.add(arg + "=" + next);
          i++;
          continue;
        }
      }
      out.add(arg);
    }
    return out.toArray(String[]::new);
  }

  /** The known option nearest to {@code name}, when it is near enough to be a typo. */
  static Optional<String> nearestOption(String name) {
    List<String> known = new ArrayList<>(FLAGS);
    known.addAll(VALUED);
    return nearest(name, known);
  }

  /** The candidate nearest to {@code word} by edit distance, when at most a third of its length away (and ≤ 3). */
  static Optional<String> nearest(String word, java.util.Collection<String> candidates) {
    return candidates.stream().min(Comparator.comparingInt((String c) -> distance(word, c)).thenComparing(c -> c))
        .filter(best -> distance(word, best) <= Math.min(3, Math.max(1, word.length() / 3)));
  }

  static int distance(String a, String b) {
    int[] previous = new int[b.length() + 1];
    int[] current = new int[b.length() + 1];
    for (int j = 0; j <= b.length(); j++) {
      previous[j] = j;
    }
    for (int i = 1; i <= a.length(); i++) {
      current[0] = i;
      for (int j = 1; j <= b.length(); j++) {
        int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
        current[j] = Math.min(Math.min(current[j - 1] + 1, previous[j] + 1), previous[j - 1] + cost);
      }
      int[] swap = previous;
      previous = current;
      current = swap;
    }
    return previous[b.length()];
  }
}
