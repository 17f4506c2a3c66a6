package io.sluice.gateway.serving;

import io.sluice.gateway.rollout.RolloutFollower;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * This replica's view of {@code served_models} and {@code rollouts}: recovers both at start-up
 * (readiness waits for that: the stable version and any candidate in rollout) and follows changes
 * made by any replica.
 */
@ApplicationScoped
public class ServingState {

  private final RolloutFollower follower;
  private final AtomicBoolean recovered = new AtomicBoolean();

  public ServingState(RolloutFollower follower) {
    this.follower = follower;
  }

  /** Serves every recorded version again; throws when the database or store is unreachable. */
  public void recoverAll() {
    follower.followAll();
    recovered.set(true);
  }

  /**
   * Follows a change of one model (made by this or another replica), on the follower's thread: a
   * consumer must not download models.
   */
  public void follow(String modelName) {
    follower.wake();
  }

  /** True once the start-up recovery finished. */
  public boolean isRecovered() {
    return recovered.get();
  }
}
