package io.sluice.registry.alias;

import io.sluice.events.EventEnvelope;

/**
 * Who moves an alias and why.
 *
 * @param movedBy a person's subject, or the service whose event moves it
 * @param reason why, for people
 * @param event the event being applied that moves it, or null for a person's request
 */
public record MoveCause(String movedBy, String reason, EventEnvelope<?> event) {

  /** A person's request over REST. */
  public static MoveCause byPerson(String subject, String reason) {
    return new MoveCause(subject, reason, null);
  }
}
