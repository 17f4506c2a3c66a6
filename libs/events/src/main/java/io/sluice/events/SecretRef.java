package io.sluice.events;

/**
 * A reference to a secret value the executor injects into a step's environment. Events carry
 * references only, never values.
 *
 * @param secretName the Kubernetes Secret (or, in local mode, the local secret store entry)
 * @param key the key inside the secret
 * @param envVar the environment variable the step sees it as
 */
public record SecretRef(String secretName, String key, String envVar) {

  public SecretRef {
    Checks.notBlank(secretName, "secretName");
    Checks.notBlank(key, "key");
    Checks.notBlank(envVar, "envVar");
    if (!envVar.matches("[A-Za-z_][A-Za-z0-9_]*")) {
      throw new IllegalArgumentException("envVar '" + envVar + "' is not an environment name");
    }
  }
}
