package dev.ujm.jobs.crawl;

import java.io.ByteArrayOutputStream;
import java.net.http.HttpResponse.BodySubscriber;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Flow;

/**
 * A response body read into memory up to a limit. The subscriber stops reading (and so closes the
 * connection) as soon as the body passes the limit, so an oversize page costs at most the limit
 * plus one buffer, never the whole body.
 *
 * @param bytes the body, or null when it was not read or was too large
 * @param state how reading ended
 * @param bytesRead bytes received before reading stopped
 */
public record CappedBody(byte[] bytes, State state, long bytesRead) {

  /** How reading a body ended. */
  public enum State {
    /** Read completely. */
    READ,
    /** Longer than the limit; reading stopped there. */
    TOO_LARGE,
    /** Not wanted (for example not HTML, or an error status); not read. */
    SKIPPED
  }

  /**
   * A subscriber that collects at most {@code limit} bytes; a limit of -1 skips the body. A {@code
   * declaredLength} (from Content-Length, or -1) already past the limit stops before the first
   * byte.
   */
  static BodySubscriber<CappedBody> subscriber(long limit, long declaredLength) {
    return new Subscriber(limit, declaredLength);
  }

  private static final class Subscriber implements BodySubscriber<CappedBody> {
    private final long limit;
    private final CompletableFuture<CappedBody> result = new CompletableFuture<>();
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private Flow.Subscription subscription;
    private long received;

    private final long declaredLength;

    Subscriber(long limit, long declaredLength) {
      this.limit = limit;
      this.declaredLength = declaredLength;
    }

    @Override
    public CompletionStage<CappedBody> getBody() {
      return result;
    }

    @Override
    public void onSubscribe(Flow.Subscription s) {
      subscription = s;
      if (limit < 0) {
        s.cancel();
        result.complete(new CappedBody(null, State.SKIPPED, 0));
      } else if (declaredLength > limit) {
        s.cancel();
        result.complete(new CappedBody(null, State.TOO_LARGE, 0));
      } else {
        s.request(1);
      }
    }

    @Override
    public void onNext(List<ByteBuffer> buffers) {
      if (result.isDone()) {
        return;
      }
      for (ByteBuffer buffer : buffers) {
        int n = buffer.remaining();
        received += n;
        if (received > limit) {
          subscription.cancel();
          result.complete(new CappedBody(null, State.TOO_LARGE, received));
          return;
        }
        byte[] chunk = new byte[n];
        buffer.get(chunk);
        out.writeBytes(chunk);
      }
      subscription.request(1);
    }

    @Override
    public void onError(Throwable error) {
      result.completeExceptionally(error);
    }

    @Override
    public void onComplete() {
      result.complete(new CappedBody(out.toByteArray(), State.READ, received));
    }
  }
}
