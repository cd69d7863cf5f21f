package dev.ujm.server.ratelimit;

import dev.ujm.server.http.Caller;
import dev.ujm.server.http.RateDecision;
import dev.ujm.server.http.RateLimiter;
import io.github.bucket4j.Bandwidth;
import io.github.bucket4j.Bucket;
import io.github.bucket4j.BucketConfiguration;
import io.github.bucket4j.ConsumptionProbe;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Limits how fast keys and tenants make new work: every route that submits (submit, batch, crawl,
 * retry, clone) takes one token from the key's bucket and one from its tenant's (the tenant it
 * works on), each refilled evenly over a minute up to its quota. A request refused by either takes
 * from neither. Reads are not limited. Thread-safe.
 */
public final class SubmitRateLimiter implements RateLimiter {
  private static final Duration WINDOW = Duration.ofMinutes(1);

  private final RateBuckets buckets;
  private final BucketConfiguration perKey;
  private final BucketConfiguration perTenant;
  private final long keyQuota;
  private final long tenantQuota;

  public SubmitRateLimiter(RateSettings settings, RateBuckets buckets) {
    this.buckets = buckets;
    this.keyQuota = settings.keySubmitsPerMinute();
    this.tenantQuota = settings.tenantSubmitsPerMinute();
    this.perKey = configuration(keyQuota);
    this.perTenant = configuration(tenantQuota);
  }

  /** The limiter these settings ask for: unlimited when neither rate is set. */
  public static RateLimiter of(RateSettings settings, RateBuckets buckets) {
    return settings.keySubmitsPerMinute() == 0 && settings.tenantSubmitsPerMinute() == 0
        ? RateLimiter.unlimited()
        : new SubmitRateLimiter(settings, buckets);
  }

  @Override
  public RateDecision acquire(Caller caller, boolean submits) {
    if (!submits) {
      return RateDecision.unlimited();
    }
    List<RateDecision.Limit> limits = new ArrayList<>();
    Bucket key = keyQuota == 0 ? null : buckets.bucket("key:" + caller.key().id(), perKey);
    Bucket tenant =
        tenantQuota == 0 ? null : buckets.bucket("tenant:" + caller.tenant(), perTenant);
    Duration wait = take(key, "key", keyQuota, limits);
    if (wait == null) {
      wait = take(tenant, "tenant", tenantQuota, limits);
      if (wait != null && key != null) {
        key.addTokens(1);
      }
    }
    return new RateDecision(wait, limits);
  }

  /** Takes one token; the wait when there is none, else null. */
  private static Duration take(
      Bucket bucket, String name, long quota, List<RateDecision.Limit> limits) {
    if (bucket == null) {
      return null;
    }
    ConsumptionProbe probe = bucket.tryConsumeAndReturnRemaining(1);
    limits.add(
        new RateDecision.Limit(
            name,
            quota,
            WINDOW,
            probe.getRemainingTokens(),
            Duration.ofNanos(probe.getNanosToWaitForReset())));
    return probe.isConsumed() ? null : Duration.ofNanos(probe.getNanosToWaitForRefill());
  }

  private static BucketConfiguration configuration(long perMinute) {
    if (perMinute == 0) {
      return null;
    }
    return BucketConfiguration.builder()
        .addLimit(Bandwidth.builder().capacity(perMinute).refillGreedy(perMinute, WINDOW).build())
        .build();
  }
}
