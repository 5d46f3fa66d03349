package org.djgc.batch.cli;

import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.djgc.batch.config.GcProperties;
import org.djgc.core.config.ConfigurationException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.EnumerablePropertySource;
import org.springframework.core.env.PropertySource;

/**
 * Refuses {@code gc.*} settings dj-gc does not know, wherever they come from ({@code --gc.*}
 * options, {@code application.yml}, Boot's canonical {@code GC_*} variables), so that a misspelled
 * cap or window ({@code gc.grace-second}, {@code gc.max-candidate}) is an error naming the nearest
 * valid key instead of a silent default. The dashed aliases of arbitrary {@code GC_*} environment
 * variables are only warned about: the environment may hold unrelated {@code GC_} names.
 */
public final class SettingsCheck {
  private static final Logger LOG = LoggerFactory.getLogger(SettingsCheck.class);
  /** Keys bound outside {@link GcProperties}. */
  private static final List<String> OTHER_KEYS = List.of("gc.metrics.pushgateway-url");
  private static final List<String> KNOWN = known();

  private SettingsCheck() {}

  /** Checks every {@code gc.} key in the environment; throws for the first unknown one. */
  public static void check(ConfigurableEnvironment environment) {
    for (PropertySource<?> source : environment.getPropertySources()) {
      if (!(source instanceof EnumerablePropertySource<?> enumerable)) {
        continue;
      }
      for (String name : enumerable.getPropertyNames()) {
        if (!name.toLowerCase(Locale.ROOT).startsWith("gc.") || isKnown(name)) {
          continue;
        }
        String message = "Unknown setting " + name + " (from " + source.getName() + ")" + suggestion(name);
        if (source.getName().equals("defaultProperties")) {
          LOG.warn("{}: the environment variable is ignored", message);
        } else {
          throw new ConfigurationException(message);
        }
      }
    }
  }

  static boolean isKnown(String name) {
    String key = relaxed(name);
    for (String known : KNOWN) {
      String relaxedKnown = relaxed(known.replace(".<", ""));
      if (known.endsWith(".<") ? key.startsWith(relaxedKnown + ".") || key.startsWith(relaxedKnown + "[")
          : key.equals(relaxedKnown)) {
        return true;
      }
    }
    return false;
  }

  private static String suggestion(String name) {
    String key = relaxed(name);
    String best = null;
    int bestDistance = Integer.MAX_VALUE;
    for (String known : KNOWN) {
      String candidate = known.replace(".<", ".<name>");
      int distance = Arguments.distance(key, relaxed(known.replace(".<", "")));
      if (distance < bestDistance) {
        bestDistance = distance;
        best = candidate;
      }
    }
    return best == null || bestDistance > Math.max(3, key.length() / 3) ? "; see the settings table in README.md"
        : "; did you mean " + best + "?";
  }

  /** Boot's relaxed form: lower case, without dashes and underscores. */
  private static String relaxed(String name) {
    String lower = name.toLowerCase(Locale.ROOT);
    int bracket = lower.indexOf('[');
    String head = bracket < 0 ? lower : lower.substring(0, bracket);
    return head.replace("-", "").replace("_", "") + (bracket < 0 ? "" : lower.substring(bracket));
  }

  private static List<String> known() {
    List<String> keys = new ArrayList<>(OTHER_KEYS);
    keys.addAll(keys("gc", GcProperties.class));
    return List.copyOf(keys);
  }

  /**
   * Every leaf key of a properties record in kebab case: {@code prefix.name}, or {@code
   * prefix.name.<} for a map.
   */
  public static List<String> keys(String prefix, Class<?> type) {
    List<String> keys = new ArrayList<>();
    for (RecordComponent component : type.getRecordComponents()) {
      String name = prefix + "." + component.getName().replaceAll("([a-z0-9])([A-Z])", "$1-$2").toLowerCase(Locale.ROOT);
      Class<?> componentType = component.getType();
      if (componentType.isRecord()) {
        keys.addAll(keys(name, componentType));
      } else if (Map.class.isAssignableFrom(componentType)) {
        keys.add(name + ".<");
      } else {
        keys.add(name);
      }
    }
    return keys;
  }
}
