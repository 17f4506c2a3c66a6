package io.sluice.events;

import java.security.SecureRandom;
import java.util.UUID;

/**
 * Time-ordered UUIDs (RFC 9562, version 7). Ids made by one process are strictly increasing, even
 * within one millisecond, so event ids sort in the order they were made.
 */
public final class UuidV7 {

  private static final SecureRandom RANDOM = new SecureRandom();
  private static long lastMillis;
  private static long sequence;

  private UuidV7() {}

  public static UUID next() {
    long millis;
    long seq;
    synchronized (UuidV7.class) {
      long now = System.currentTimeMillis();
      if (now > lastMillis) {
        lastMillis = now;
        sequence = RANDOM.nextInt(1 << 11);
      } else if (++sequence >= (1 << 12)) {
        // 4096 ids in one millisecond: borrow the next millisecond rather than repeat.
        lastMillis++;
        sequence = 0;
      }
      millis = lastMillis;
      seq = sequence;
    }
    long msb = (millis << 16) | 0x7000L | seq;
    long lsb = (RANDOM.nextLong() & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L;
    return new UUID(msb, lsb);
  }

  public static String nextString() {
    return next().toString();
  }
}
