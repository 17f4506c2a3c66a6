package io.sluice.cli.args;

/** The usage text of {@code ./sluice}. */
public final class HelpText {

  public static final String TEXT =
      """
      Usage: ./sluice <command> [options]

      Runs Sluice on this machine: Kafka, an S3 store, PostgreSQL and the five services,
      each as its own process, with state, logs and pids under $SLUICE_HOME (default .sluice/).
      The services listen on 127.0.0.1 and want a bearer token: 'up' writes an admin token to
      $SLUICE_HOME/admin.token, and 'token' prints others.

      Commands:
        up [--infra-only]   start what is not running yet and wait until all of it is ready;
                            --infra-only starts Kafka, S3 and Postgres (with topics and buckets)
                            but no service, e.g. to run one service with quarkus:dev
        demo [--fresh]      the whole story: starts the platform if needed, registers the Iris
                            dataset and pipeline, drops iris.csv + _SUCCESS into the datasets
                            bucket, prints the events live, and ends with a prediction from the
                            served model; --fresh drops a new variant of the data
        status              one line per component: name, pid, port, state
        logs <name> [-f]    print (or follow) a component's log
        restart <service>   stop one service that 'up' started (SIGTERM, then SIGKILL after
                            SLUICE_STOP_GRACE) and start it again as 'up' does, e.g. to load a
                            rebuilt jar; waits until it is ready; the rest keeps running
        token [--role R] [--ttl D] [--subject S]
                            print a bearer token signed with the local key that 'up' creates:
                            roles viewer, data-engineer, ml-engineer, approver, admin (default),
                            inference (repeat --role or separate with commas); lifetime like
                            30m, 12h (default) or 7d; e.g. TOKEN=$(./sluice token --role viewer)
        down [--purge]      stop what 'up' started; --purge also deletes the data and the key
        help                this text

      Pipelines and runs (the orchestrator's REST API; tables, or --output json for scripts;
      --server URL or SLUICE_ORCHESTRATOR_URL; token from SLUICE_TOKEN or the admin token
      that 'up' wrote):
        pipelines apply -f spec.yaml   register a pipeline version; a refused spec is shown
                                       against the file's line
        pipelines list | get <name>
        runs list [--pipeline P] [--state S] [--trigger T] [--dataset-version V]
                  [--since INSTANT] [--until INSTANT] [--limit N] [--cursor C]
        runs get <id> | timeline <id> [--limit N] [--after SEQ]
        runs start <pipeline> [--dataset-version V] [--pipeline-version V] [--param k=v]...
                   [--no-cache]
        runs cancel <id> [--reason R] | retry <id> | rerun <id>
        runs logs <id> <step> [--attempt N]

      Models (the registry's REST API; --server URL or SLUICE_REGISTRY_URL; the decisions
      and alias moves need the approver role):
        models list | get <name> [version] | aliases <name>
        models alias <name> <alias> <version> --reason R | unalias <name> <alias> --reason R
        models approve|reject|promote|archive <name> <version> --reason R
        models rollback <name> [--to VERSION] --reason R
        models versions <model> [--metric 'accuracy>=0.95']... [--alias A] [--verdict V]
                  [--dataset-version V] [--run ID] [--registered-after INSTANT]
                  [--registered-before INSTANT] [--limit N] [--after VERSION]
        models compare <model> <a> <b>   two versions side by side: metrics with the
                                         difference, params and lineage that differ

      Rollouts (the serving gateway's REST API; --server URL or SLUICE_GATEWAY_URL):
        rollouts status [<model>]      every rollout in flight, or one with its last judgement
        rollouts pause|resume|abort|promote <model> [--reason R]

      Options of the ./sluice script itself:
        --rebuild           build the whole project again before running the command

      Components: kafka, s3, postgres, ingest, orchestrator, trainer-launcher, registry,
      serving-gateway.

      Environment (all optional):
        SLUICE_HOME                  state folder (default <repo>/.sluice)
        SLUICE_KAFKA_PORT            Kafka client port (9092)
        SLUICE_KAFKA_CONTROLLER_PORT Kafka KRaft controller port (9093)
        SLUICE_S3_PORT               S3 port (9000)
        SLUICE_PG_PORT               PostgreSQL port (15432)
        SLUICE_PORT_BASE             first service port (8081); services take base..base+4
        SLUICE_<SERVICE>_PORT        one service's port, e.g. SLUICE_TRAINER_LAUNCHER_PORT
        SLUICE_UP_TIMEOUT            seconds 'up' and 'restart' wait for each stage (180)
        SLUICE_STOP_GRACE            seconds 'down' and 'restart' wait after SIGTERM before
                                     SIGKILL (30)
        SLUICE_ORCHESTRATOR_URL      where 'pipelines' and 'runs' go (the local orchestrator)
        SLUICE_REGISTRY_URL          where 'models' goes (the local registry)
        SLUICE_GATEWAY_URL           where 'rollouts' go (the local serving gateway)
        SLUICE_TOKEN                 their bearer token (the admin token 'up' wrote)
      """;

  private HelpText() {}
}
