package dev.ujm.store.redismongo;

import io.lettuce.core.ScriptOutputType;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Each tenant's running jobs over every queue, which its {@code maxRunning} limits: in the hash
 * slot {@code {tenants}}, apart from every queue's, a hash {@code held:<tenant>} of each id the
 * tenant has in any queue's active set to {@code <token>|<queue>}, and a set {@code holding} of the
 * tenants with such a hash. A claim counts its ids here after the queue's script moved them into
 * active ({@link LuaScripts#RESERVE}); an id's exit from active lets go of the one reservation made
 * with its token ({@link LuaScripts#RELEASE}), so a late or repeated exit never frees another
 * claim's place. Every command keeps to one slot: the counting ones are scripts on this one. A
 * failure between a queue's script and the count here leaves a count too high, which {@link #sweep}
 * lets go. Thread-safe.
 */
final class RedisRunningCounts {
  /** An id in a queue's active set, the tenant it runs for and the token of its entry there. */
  record Held(String tenant, String id, String token) {}

  /** An id a claim moved into active, waiting for its reservation: its tenant's limit, if any. */
  record Candidate(String tenant, String id, String token, String maxRunning) {}

  private final RedisBackend redis;

  RedisRunningCounts(RedisBackend redis) {
    this.redis = redis;
  }

  /**
   * Counts each candidate of a queue unless its tenant is at its limit; whether each was counted.
   */
  List<Boolean> reserve(String queue, List<Candidate> candidates) {
    String[] keys = new String[candidates.size() + 1];
    keys[0] = holdingKey();
    List<String> args = new ArrayList<>(candidates.size() * 4 + 1);
    args.add(queue);
    for (int i = 0; i < candidates.size(); i++) {
      Candidate candidate = candidates.get(i);
      keys[i + 1] = heldKey(candidate.tenant());
      args.addAll(
          List.of(candidate.tenant(), candidate.id(), candidate.token(), candidate.maxRunning()));
    }
    List<Long> counted =
        LuaScripts.RESERVE.run(
            redis.sync(), ScriptOutputType.MULTI, keys, args.toArray(String[]::new));
    return counted.stream().map(n -> n == 1).toList();
  }

  /** Counts ids MongoDB holds as processing whatever the limit (what their claims counted). */
  void ensure(String queue, List<Held> held) {
    if (!held.isEmpty()) {
      reserve(
          queue, held.stream().map(h -> new Candidate(h.tenant(), h.id(), h.token(), "")).toList());
    }
  }

  /** Lets go of the reservations of ids that left active, each for the token it entered with. */
  void release(List<Held> left) {
    if (left.isEmpty()) {
      return;
    }
    String[] keys = new String[left.size()];
    List<String> args = new ArrayList<>(left.size() * 2);
    for (int i = 0; i < left.size(); i++) {
      keys[i] = heldKey(left.get(i).tenant());
      args.add(left.get(i).id());
      args.add(left.get(i).token());
    }
    LuaScripts.RELEASE.run(
        redis.sync(), ScriptOutputType.INTEGER, keys, args.toArray(String[]::new));
  }

  /**
   * Lets go of every reservation whose id is no longer in its queue's active set under the same
   * token ({@link LuaScripts#LIVE}): its exit was not released (the process died in between, or
   * this slot was unreachable), and no later entry can carry that token. A reservation is made
   * after its entry, so one in flight is never taken for stale. Returns how many it let go.
   */
  int sweep() {
    int swept = 0;
    Set<String> tenants = redis.sync().smembers(holdingKey());
    for (String tenant : tenants) {
      Map<String, String> held = redis.sync().hgetall(heldKey(tenant));
      Map<String, Map<String, String>> byQueue = new LinkedHashMap<>(); // queue -> id -> token
      held.forEach(
          (id, value) -> {
            int bar = value.indexOf('|');
            byQueue
                .computeIfAbsent(value.substring(bar + 1), q -> new LinkedHashMap<>())
                .put(id, value.substring(0, bar));
          });
      List<Held> stale = new ArrayList<>();
      byQueue.forEach(
          (queue, tokens) -> {
            List<String> idsAndTokens = new ArrayList<>(tokens.size() * 2);
            tokens.forEach(
                (id, token) -> {
                  idsAndTokens.add(id);
                  idsAndTokens.add(token);
                });
            List<Long> live =
                LuaScripts.LIVE.run(
                    redis.sync(),
                    ScriptOutputType.MULTI,
                    new String[] {redis.queueKey(queue, "active"), redis.queueKey(queue, "claims")},
                    idsAndTokens.toArray(String[]::new));
            for (int i = 0; i < live.size(); i++) {
              if (live.get(i) == 0) {
                stale.add(new Held(tenant, idsAndTokens.get(2 * i), idsAndTokens.get(2 * i + 1)));
              }
            }
          });
      release(stale);
      swept += stale.size();
      LuaScripts.FORGET.run(
          redis.sync(),
          ScriptOutputType.INTEGER,
          new String[] {holdingKey(), heldKey(tenant)},
          tenant);
    }
    return swept;
  }

  /** How many ids a tenant runs over every queue, as its limit counts them. */
  long count(String tenant) {
    return redis.sync().hlen(heldKey(tenant));
  }

  private String holdingKey() {
    return redis.key("{tenants}:holding");
  }

  private String heldKey(String tenant) {
    return redis.key("{tenants}:held:" + tenant);
  }
}
