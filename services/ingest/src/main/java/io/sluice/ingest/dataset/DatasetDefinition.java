package io.sluice.ingest.dataset;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.sluice.events.ColumnSpec;
import io.sluice.events.Completion;
import java.util.List;

/**
 * A registered dataset: where its drops land, when a drop is complete, what its files must look
 * like and how large a drop may be. Built only by {@link DefinitionParser}, so it is always valid.
 *
 * @param name DNS-label-like name, also the Kafka key of its events
 * @param bucket the watched bucket
 * @param prefix the folder whose direct sub-folders are drops, e.g. {@code iris/}
 * @param completion when a drop is complete
 * @param schema required columns and label column, or null to accept any header
 * @param limits bounds a drop must stay within
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record DatasetDefinition(
    String name,
    String bucket,
    String prefix,
    CompletionRule completion,
    Schema schema,
    Limits limits) {

  /** The quiet period in seconds, or null when only a {@code _SUCCESS} marker completes a drop. */
  public Integer quietSeconds() {
    return completion.rule() == Completion.QUIET_PERIOD ? completion.quietSeconds() : null;
  }

  /** The declared label column, or null. */
  public String labelColumn() {
    return schema == null ? null : schema.labelColumn();
  }

  /**
   * When a drop is complete. A {@code _SUCCESS} marker completes a drop under either rule.
   *
   * @param rule SUCCESS_MARKER or QUIET_PERIOD
   * @param quietSeconds seconds without a new object, for QUIET_PERIOD only
   */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record CompletionRule(Completion rule, Integer quietSeconds) {
    public static final CompletionRule DEFAULT =
        new CompletionRule(Completion.SUCCESS_MARKER, null);
  }

  /**
   * What the CSV files must hold.
   *
   * @param columns columns every file's header must contain; NUMBER and INTEGER columns must parse
   * @param labelColumn the column a supervised pipeline predicts, or null
   */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record Schema(List<ColumnSpec> columns, String labelColumn) {
    public Schema {
      columns = List.copyOf(columns);
    }
  }

  /**
   * Bounds of one drop.
   *
   * @param maxObjects data objects per drop
   * @param maxObjectBytes bytes per object
   * @param maxTotalBytes bytes per drop
   * @param maxRows data rows per drop
   */
  public record Limits(int maxObjects, long maxObjectBytes, long maxTotalBytes, long maxRows) {
    public static final Limits DEFAULT = new Limits(1_000, 1L << 30, 10L << 30, 100_000_000L);
  }
}
