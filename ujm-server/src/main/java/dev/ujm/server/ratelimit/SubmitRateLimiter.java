package dev.ujm.server.ratelimit;

import dev.ujm.core.tenant.TenantQuotas;
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
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Limits how fast keys and tenants make new work: every route that submits (submit, batch, crawl,
 * retry, clone) takes one token from the key's bucket and one from its tenant's (the tenant it
 * works on), each refilled evenly over a minute up to its quota. A request refused by either takes
 * from neither. Reads are not limited.
 *
 * <p>The quotas are the tenant record's own ({@code quotas.keySubmitsPerMinute}, {@code
 * quotas.submitsPerMinute}), else {@code UJM_RATE_*}; 0 is no limit. A bucket's id carries its
 * quota ({@code tenant:acme:60}), so a changed record takes effect on the next request on every
 * node: its new rate is a new bucket, and the old one is left to expire.
 *
 * <p>When the buckets cannot be reached (Redis down), the request goes ahead unlimited and a
 * warning is logged, at most once a minute: a rate limit is there to smooth load, and refusing
 * every submit while Redis is away would turn a Redis outage into an outage of the API.
 * Thread-safe.
 */
public final class SubmitRateLimiter implements RateLimiter {
  private static final Logger LOG = LoggerFactory.getLogger(SubmitRateLimiter.class);
  private static final Duration WINDOW = Duration.ofMinutes(1);
  private static final long WARN_EVERY_NANOS = Duration.ofMinutes(1).toNanos();

  private final RateBuckets buckets;
  private final RateSettings settings;
  private final Function<String, TenantQuotas> ownQuotas;
  private final AtomicLong lastWarning = new AtomicLong(System.nanoTime() - WARN_EVERY_NANOS);

  /**
   * @param ownQuotas a tenant's record's own quotas (null or {@link TenantQuotas#NONE} when it has
   *     none); read on every submit
   */
  public SubmitRateLimiter(
      RateSettings settings, RateBuckets buckets, Function<String, TenantQuotas> ownQuotas) {
    this.buckets = buckets;
    this.settings = settings;
    this.ownQuotas = ownQuotas;
  }

  @Override
  public RateDecision acquire(Caller caller, boolean submits) {
    if (!submits) {
      return RateDecision.unlimited();
    }
    TenantQuotas own = own(caller.tenant());
    long keyQuota = or(own.keySubmitsPerMinute(), settings.keySubmitsPerMinute());
    long tenantQuota = or(own.submitsPerMinute(), settings.tenantSubmitsPerMinute());
    if (keyQuota == 0 && tenantQuota == 0) {
      return RateDecision.unlimited();
    }
    try {
      List<RateDecision.Limit> limits = new ArrayList<>();
      Bucket key = bucket("key:" + caller.key().id(), keyQuota);
      Bucket tenant = bucket("tenant:" + caller.tenant(), tenantQuota);
      Duration wait = take(key, "key", keyQuota, limits);
      if (wait == null) {
        wait = take(tenant, "tenant", tenantQuota, limits);
        if (wait != null && key != null) {
          key.addTokens(1);
        }
      }
      return new RateDecision(wait, limits);
    } catch (RuntimeException e) {
      warnFailingOpen(e);
      return RateDecision.unlimited();
    }
  }

  private TenantQuotas own(String tenant) {
    try {
      TenantQuotas quotas = ownQuotas.apply(tenant);
      return quotas == null ? TenantQuotas.NONE : quotas;
    } catch (RuntimeException e) {
      return TenantQuotas.NONE; // the store is away: the submit itself will say so
    }
  }

  private static long or(Integer own, long fallback) {
    return own != null ? own : fallback;
  }

  private Bucket bucket(String name, long quota) {
    return quota == 0 ? null : buckets.bucket(name + ":" + quota, configuration(quota));
  }

  private void warnFailingOpen(RuntimeException e) {
    long now = System.nanoTime();
    long last = lastWarning.get();
    if (now - last >= WARN_EVERY_NANOS && lastWarning.compareAndSet(last, now)) {
      LOG.warn(
          "submit rate limits not applied: their buckets cannot be reached ({})", e.toString());
    }
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
    return BucketConfiguration.builder()
        .addLimit(Bandwidth.builder().capacity(perMinute).refillGreedy(perMinute, WINDOW).build())
        .build();
  }
}
