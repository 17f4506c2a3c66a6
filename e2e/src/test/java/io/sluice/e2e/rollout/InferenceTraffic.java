package io.sluice.e2e.rollout;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * Real V2 inference traffic to the gateway: a few client threads, each sending one request after
 * another (with a short pause, so that a loaded machine keeps some CPU for the platform), until
 * {@link #close()}. Every answer is kept with when it came, its status and the {@code
 * X-Sluice-Model-Version} header, so a test can count what each version answered over any span of
 * time. A request the client could not complete (connection refused, timeout) is an answer with
 * status {@link #NO_ANSWER}.
 */
final class InferenceTraffic implements AutoCloseable {

  static final int NO_ANSWER = -1;
  static final String VERSION_HEADER = "X-Sluice-Model-Version";

  private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(10);
  private static final Duration STOP_TIMEOUT = Duration.ofSeconds(30);

  /**
   * One answer.
   *
   * @param at when it came back
   * @param status the HTTP status, or {@link #NO_ANSWER}
   * @param version the {@code X-Sluice-Model-Version} header, "" when absent
   * @param body what the gateway said (kept for failures only)
   */
  record Answer(Instant at, int status, String version, String body) {

    boolean ok() {
      return status == 200;
    }

    boolean within(Instant from, Instant to) {
      return !at.isBefore(from) && !at.isAfter(to);
    }
  }

  private final HttpClient client =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private final URI infer;
  private final Supplier<String> token;
  private final String body;
  private final Duration pause;
  private final ConcurrentLinkedQueue<Answer> answers = new ConcurrentLinkedQueue<>();
  private final AtomicBoolean running = new AtomicBoolean(true);
  private final List<Thread> threads = new ArrayList<>();

  private InferenceTraffic(URI infer, Supplier<String> token, String body, Duration pause) {
    this.infer = infer;
    this.token = token;
    this.body = body;
    this.pause = pause;
  }

  /**
   * Starts {@code clients} threads sending {@code row} (one row of features) to {@code
   * <gateway>/v2/models/<model>/infer}.
   */
  static InferenceTraffic start(
      String gateway, String model, String row, Supplier<String> token, int clients) {
    String body =
        "{\"inputs\":[{\"name\":\"features\",\"shape\":[1,"
            + row.split(",").length
            + "],\"datatype\":\"FP32\",\"data\":"
            + row
            + "}]}";
    URI infer = URI.create(gateway + "/v2/models/" + model + "/infer");
    InferenceTraffic traffic = new InferenceTraffic(infer, token, body, Duration.ofMillis(20));
    for (int i = 0; i < clients; i++) {
      Thread thread = new Thread(traffic::send, "e2e-traffic-" + model + "-" + i);
      thread.setDaemon(true);
      traffic.threads.add(thread);
      thread.start();
    }
    return traffic;
  }

  private void send() {
    while (running.get()) {
      answers.add(call());
      try {
        Thread.sleep(pause.toMillis());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }

  private Answer call() {
    HttpRequest request =
        HttpRequest.newBuilder(infer)
            .timeout(REQUEST_TIMEOUT)
            .header("authorization", "Bearer " + token.get())
            .header("content-type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(body))
            .build();
    try {
      HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString());
      String version = response.headers().firstValue(VERSION_HEADER).orElse("");
      String kept = response.statusCode() == 200 ? "" : response.body();
      return new Answer(Instant.now(), response.statusCode(), version, kept);
    } catch (IOException e) {
      return new Answer(Instant.now(), NO_ANSWER, "", e.toString());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return new Answer(Instant.now(), NO_ANSWER, "", "interrupted");
    }
  }

  /** Every answer so far, in the order they came. */
  List<Answer> answers() {
    return List.copyOf(answers);
  }

  /** The answers so far that match. */
  List<Answer> answers(Predicate<Answer> filter) {
    return answers.stream().filter(filter).toList();
  }

  /** The answers that came between two instants (both included). */
  List<Answer> between(Instant from, Instant to) {
    return answers(a -> a.within(from, to));
  }

  /** Whether the last {@code count} answers all match (false while fewer came). */
  boolean lastAnswersAll(int count, Predicate<Answer> filter) {
    List<Answer> all = answers();
    return all.size() >= count
        && all.subList(all.size() - count, all.size()).stream().allMatch(filter);
  }

  /** Stops the clients and waits for their last requests. */
  @Override
  public void close() {
    running.set(false);
    for (Thread thread : threads) {
      try {
        thread.join(STOP_TIMEOUT.toMillis());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }
}
