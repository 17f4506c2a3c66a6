package io.sluice.events;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.regex.Pattern;

/**
 * A reference to a secret value the executor gives a step, as an environment variable or as a file
 * in the step's secrets folder ({@code SLUICE_SECRETS_DIR}). Events carry references only, never
 * values.
 *
 * @param secretName the Kubernetes Secret (or, in local mode, the local secret store entry)
 * @param key the key inside the secret
 * @param envVar the environment variable the step sees it as, or null when it is a file
 * @param file the file name in the step's secrets folder, or null when it is a variable
 */
public record SecretRef(
    String secretName,
    String key,
    // Both are left out of the JSON when absent: a variable reference reads and writes exactly as
    // it did before files existed.
    @JsonInclude(JsonInclude.Include.NON_NULL) @Nullable String envVar,
    @JsonInclude(JsonInclude.Include.NON_NULL) @Nullable String file) {

  /** The variable that holds a secrets folder's path in the step's environment. */
  public static final String SECRETS_DIR_ENV = "SLUICE_SECRETS_DIR";

  private static final Pattern ENV_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

  /** One plain file name: no folder, nothing that leaves the secrets folder. */
  private static final Pattern FILE_NAME = Pattern.compile("[-._a-zA-Z0-9]{1,253}");

  public SecretRef {
    Checks.notBlank(secretName, "secretName");
    Checks.notBlank(key, "key");
    if ((envVar == null) == (file == null)) {
      throw new IllegalArgumentException(
          "secret '" + secretName + "' key '" + key + "' needs exactly one of envVar and file");
    }
    if (envVar != null && !ENV_NAME.matcher(envVar).matches()) {
      throw new IllegalArgumentException("envVar '" + envVar + "' is not an environment name");
    }
    if (file != null && !isFileName(file)) {
      throw new IllegalArgumentException(
          "file '" + file + "' is not a plain file name (letters, digits, '-', '_', '.')");
    }
  }

  /** The secret as the environment variable {@code envVar}. */
  public SecretRef(String secretName, String key, String envVar) {
    this(secretName, key, envVar, null);
  }

  /** The secret as the file {@code file} in the step's secrets folder. */
  public static SecretRef asFile(String secretName, String key, String file) {
    return new SecretRef(secretName, key, null, file);
  }

  /**
   * Whether {@code name} is a file name a reference may use: never a path, never {@code .}, never
   * starting with {@code ..} (Kubernetes keeps its own {@code ..data} links in a Secret volume).
   */
  public static boolean isFileName(String name) {
    return FILE_NAME.matcher(name).matches() && !name.equals(".") && !name.startsWith("..");
  }
}
