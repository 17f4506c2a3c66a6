package io.sluice.orchestrator.spec;

import com.cronutils.model.CronType;
import com.cronutils.model.definition.CronDefinitionBuilder;
import com.cronutils.model.time.ExecutionTime;
import com.cronutils.parser.CronParser;
import java.time.Instant;
import java.time.ZoneId;
import java.util.Optional;

/**
 * A five-field Unix cron expression (minute, hour, day of month, month, day of week), as a
 * Kubernetes CronJob reads it, evaluated in a time zone. Parsing is cron-utils'; this class only
 * fixes the dialect and turns its answers into instants.
 *
 * <p>Daylight saving time: a wall-clock time that does not exist on the day the clocks go forward
 * (02:30 in Europe/Paris on the last Sunday of March) has no tick that day, as with a Kubernetes
 * CronJob; a wall-clock time that happens twice when the clocks go back fires once, at its first
 * occurrence; an hourly expression keeps firing every hour through both. {@code CronDstTest} pins
 * this.
 */
public final class Cron {

  /** The longest expression accepted, in characters. */
  static final int MAX_CHARS = 120;

  private static final CronParser PARSER =
      new CronParser(CronDefinitionBuilder.instanceDefinitionFor(CronType.UNIX));

  private final String text;
  private final ExecutionTime executions;

  private Cron(String text, ExecutionTime executions) {
    this.text = text;
    this.executions = executions;
  }

  /**
   * Parses a five-field expression.
   *
   * @throws IllegalArgumentException with cron-utils' description of what is wrong
   */
  public static Cron parse(String text) {
    if (text.length() > MAX_CHARS) {
      throw new IllegalArgumentException("longer than " + MAX_CHARS + " characters");
    }
    return new Cron(text, ExecutionTime.forCron(PARSER.parse(text).validate()));
  }

  public String text() {
    return text;
  }

  /**
   * The first tick strictly after {@code after}, on the wall clock of {@code zone}; empty if none.
   */
  public Optional<Instant> next(Instant after, ZoneId zone) {
    return executions.nextExecution(after.atZone(zone)).map(time -> time.toInstant());
  }
}
