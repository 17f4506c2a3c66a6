package io.sluice.gateway.protocol;

import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Random version-4 UUIDs for ids the gateway makes up (a request's when the client sent none, a
 * prediction record's), drawn from the calling thread's own generator: {@link UUID#randomUUID()}
 * draws from one {@code SecureRandom} that all threads share and would serialize the event loops.
 * These ids name things; nothing relies on them being unguessable.
 */
public final class RandomIds {

  private RandomIds() {}

  /** A new random UUID, as text. */
  public static String uuid() {
    ThreadLocalRandom random = ThreadLocalRandom.current();
    long high = random.nextLong() & ~0xF000L | 0x4000L; // version 4
    long low = random.nextLong() & ~(0xC0L << 56) | 0x80L << 56; // IETF variant
    return new UUID(high, low).toString();
  }
}
