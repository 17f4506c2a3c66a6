package io.sluice.events;

/** The data of one event. Every payload record implements this, so it always knows its type. */
public interface EventData {

  /** The event type this payload belongs to; fixes its CloudEvents type and topic. */
  EventType eventType();
}
