package dev.ujm.core.diagnostic;

import dev.ujm.core.handler.InvalidPayloadException;
import dev.ujm.core.handler.JobContext;
import dev.ujm.core.handler.JobDefinition;
import dev.ujm.core.handler.JobOutcome;
import dev.ujm.core.model.Progress;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicLong;

/**
 * {@code sleep} {@code {"ms": n}} with n from 0 to {@value #MAX_MS} (one day). It:
 *
 * <ol>
 *   <li>starts from the elapsed time its previous attempt checkpointed, if any;
 *   <li>sleeps in slices (a twentieth of the whole, 250 ms to 5 s), waking at once when cancelled;
 *   <li>after each slice reports progress (percent, elapsed and total ms, seconds left);
 *   <li>keeps its elapsed time registered as its checkpoint, so a resumed attempt sleeps only the
 *       rest.
 * </ol>
 *
 * It completes with {@code {"ms": n, "resumedFromMs": m}}.
 */
public final class SleepJob {
  public static final String TYPE = "sleep";
  public static final long MAX_MS = 86_400_000L;

  private SleepJob() {}

  /**
   * @param ms how long to sleep in all attempts together; required
   */
  public record Payload(Long ms) {}

  /**
   * @param elapsedMs how much of the sleep is done
   */
  public record Checkpoint(long elapsedMs) {}

  /**
   * @param ms the whole sleep
   * @param resumedFromMs how much earlier attempts had already slept
   */
  public record Result(long ms, long resumedFromMs) {}

  public static JobDefinition<Payload> definition() {
    return JobDefinition.of(TYPE, Payload.class, SleepJob::run)
        .withValidator(SleepJob::validate)
        .withCost(SleepJob::cost);
  }

  /** A sleep costs its seconds, rounded up; at least one unit, as any job. */
  static double cost(Payload payload) {
    return Math.max(1, Math.ceil(payload.ms() / 1000.0));
  }

  static void validate(Payload payload) throws InvalidPayloadException {
    if (payload.ms() == null) {
      throw new InvalidPayloadException("ms", "ms is required");
    }
    if (payload.ms() < 0 || payload.ms() > MAX_MS) {
      throw new InvalidPayloadException(
          "ms", "ms must be 0 to " + MAX_MS + ", not " + payload.ms());
    }
  }

  private static JobOutcome run(JobContext<Payload> context) throws InterruptedException {
    long total = context.payload().ms();
    long resumedFrom =
        Math.min(total, context.checkpoint(Checkpoint.class).map(Checkpoint::elapsedMs).orElse(0L));
    AtomicLong elapsed = new AtomicLong(resumedFrom);
    context.checkpointWith(() -> new Checkpoint(elapsed.get()));
    long slice = Math.clamp(total / 20, 250L, 5_000L);
    while (elapsed.get() < total) {
      long step = Math.min(slice, total - elapsed.get());
      Instant sliceStart = context.clock().instant();
      try {
        context.sleep(Duration.ofMillis(step));
      } catch (InterruptedException e) {
        long partial = Duration.between(sliceStart, context.clock().instant()).toMillis();
        elapsed.addAndGet(Math.clamp(partial, 0L, step));
        throw e;
      }
      long done = elapsed.addAndGet(step);
      context.progress(progress(done, total));
    }
    return JobOutcome.completed(new Result(total, resumedFrom));
  }

  private static Progress progress(long done, long total) {
    int percent = total == 0 ? 100 : (int) (done * 100 / total);
    long etaSeconds = (total - done + 999) / 1000;
    return new Progress(percent, "slept " + done + " of " + total + " ms", done, total, etaSeconds);
  }
}
