package io.sluice.gateway.routing;

import java.nio.charset.StandardCharsets;

/**
 * Sticky routing: a request's routing key falls into one of 100 buckets, the same on every replica
 * and in every run, and the candidate answers the buckets below its share. A key in the candidate's
 * 10% therefore stays with it at 50%, and a key with the stable version at 50% was there at 10%.
 */
public final class RoutingKeys {

  private static final long FNV_OFFSET = 0xcbf29ce484222325L;
  private static final long FNV_PRIME = 0x100000001b3L;

  private RoutingKeys() {}

  /**
   * The key's bucket for a model, 0 to 99. The model name is hashed too, so that the same users are
   * not the first to meet every model's candidates.
   */
  public static int bucket(String model, String key) {
    long hash = FNV_OFFSET;
    hash = mix(hash, model.getBytes(StandardCharsets.UTF_8));
    hash = mix(hash, new byte[] {0});
    hash = mix(hash, key.getBytes(StandardCharsets.UTF_8));
    return (int) Long.remainderUnsigned(finish(hash), 100);
  }

  // FNV-1a: defined byte by byte, so no JVM, version or replica hashes a key differently.
  private static long mix(long hash, byte[] bytes) {
    for (byte b : bytes) {
      hash ^= b & 0xff;
      hash *= FNV_PRIME;
    }
    return hash;
  }

  // MurmurHash3's finaliser: FNV's low bits alone spread keys like "user-1", "user-2" poorly.
  private static long finish(long hash) {
    hash ^= hash >>> 33;
    hash *= 0xff51afd7ed558ccdL;
    hash ^= hash >>> 33;
    hash *= 0xc4ceb93fe53f0049L;
    hash ^= hash >>> 33;
    return hash;
  }
}
