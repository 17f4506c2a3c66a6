package io.sluice.events;

/**
 * One column of a tabular dataset, in file order.
 *
 * @param name the header name
 * @param type the inferred type
 */
public record ColumnSpec(String name, ColumnType type) {

  public ColumnSpec {
    Checks.notBlank(name, "name");
    Checks.required(type, "type");
  }
}
