package io.sluice.cli.args;

/** One understood command line of {@code ./sluice}. */
public sealed interface Invocation {

  /** {@code up [--infra-only]}: start what is not running yet and wait until it is ready. */
  record Up(boolean infraOnly) implements Invocation {}

  /** {@code status}: one line per component. */
  record Status() implements Invocation {}

  /** {@code logs <name> [-f]}: print or follow one component's log. */
  record Logs(String component, boolean follow) implements Invocation {}

  /** {@code restart <service>}: stop one service that {@code up} started and start it again. */
  record Restart(String service) implements Invocation {}

  /** {@code down [--purge]}: stop what {@code up} started; {@code --purge} also deletes data. */
  record Down(boolean purge) implements Invocation {}

  /** {@code demo [--fresh]}: the Iris story end to end; {@code --fresh} drops a new variant. */
  record Demo(boolean fresh) implements Invocation {}

  /** {@code help}: the usage text. */
  /**
   * {@code token}: print a token.
   *
   * @param roles the roles it grants
   * @param ttl how long it is valid
   * @param subject who it names
   */
  record Token(java.util.Set<String> roles, java.time.Duration ttl, String subject)
      implements Invocation {}

  /**
   * {@code pipelines ...} and {@code runs ...}: one call of the orchestrator's REST API; {@code
   * models ...}: one call of the registry's.
   *
   * @param group {@code pipelines}, {@code runs} or {@code models}
   * @param action what to do, e.g. {@code list}
   * @param arguments the positional arguments, e.g. a run id
   * @param options each option's values in the order given, e.g. {@code --param}
   * @param json whether to print the server's JSON unchanged ({@code --output json})
   * @param server the service's URL ({@code --server}), or null for the default
   */
  record Api(
      String group,
      String action,
      java.util.List<String> arguments,
      java.util.Map<String, java.util.List<String>> options,
      boolean json,
      String server)
      implements Invocation {

    /** The option's last value, or null. */
    public String option(String name) {
      java.util.List<String> values = options.getOrDefault(name, java.util.List.of());
      return values.isEmpty() ? null : values.get(values.size() - 1);
    }

    public boolean flag(String name) {
      return options.containsKey(name);
    }
  }

  record Help() implements Invocation {}
}
