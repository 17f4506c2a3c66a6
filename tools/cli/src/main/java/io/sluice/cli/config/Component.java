package io.sluice.cli.config;

/** One process that local mode runs, with the port it serves on. */
public record Component(String name, Role role, int port) {

  /** What kind of process it is; decides how it is launched and how its health is probed. */
  public enum Role {
    KAFKA,
    S3,
    POSTGRES,
    SERVICE
  }

  public boolean isService() {
    return role == Role.SERVICE;
  }
}
