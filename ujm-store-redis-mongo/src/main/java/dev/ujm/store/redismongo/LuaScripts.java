package dev.ujm.store.redismongo;

import io.lettuce.core.RedisNoScriptException;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.api.sync.RedisCommands;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * The queue's atomic steps, one Lua script each. Every script touches the keys of one queue only
 * ({@code ready}: a sorted set scored by priority rank, members the job ids, so equal scores pop in
 * id order, which is submission order; {@code active}: a sorted set of claimed ids scored by lease
 * deadline in epoch milliseconds). Scripts run by digest and are sent again when Redis lost them (a
 * restart). Stateless.
 */
enum LuaScripts {
  /**
   * Claim: pops up to ARGV[1] ids in claim order from KEYS[1] (ready) and adds them to KEYS[2]
   * (active) with the deadline ARGV[2]. Returns the ids in claim order.
   */
  CLAIM(
      """
      local popped = redis.call('ZPOPMIN', KEYS[1], ARGV[1])
      local ids = {}
      for i = 1, #popped, 2 do
        redis.call('ZADD', KEYS[2], ARGV[2], popped[i])
        ids[#ids + 1] = popped[i]
      end
      return ids
      """),
  /** Extend: moves the deadline of the ids ARGV[2..] still in KEYS[1] (active) to ARGV[1]. */
  EXTEND(
      """
      local n = 0
      for i = 2, #ARGV do
        n = n + redis.call('ZADD', KEYS[1], 'XX', 'CH', ARGV[1], ARGV[i])
      end
      return n
      """),
  /** Finish: removes the ids ARGV[1..] from KEYS[1] (ready) and KEYS[2] (active). */
  FINISH(
      """
      for i = 1, #ARGV do
        redis.call('ZREM', KEYS[1], ARGV[i])
        redis.call('ZREM', KEYS[2], ARGV[i])
      end
      return #ARGV
      """),
  /**
   * Requeue: for each pair (rank ARGV[2i-1], id ARGV[2i]) removes the id from KEYS[2] (active) and
   * adds it to KEYS[1] (ready) unless it is there. Returns how many it added.
   */
  REQUEUE(
      """
      local n = 0
      for i = 1, #ARGV, 2 do
        redis.call('ZREM', KEYS[2], ARGV[i + 1])
        n = n + redis.call('ZADD', KEYS[1], 'NX', ARGV[i], ARGV[i + 1])
      end
      return n
      """),
  /**
   * Reconcile: for each pair (rank, id) that MongoDB holds as queued, adds the id to KEYS[1]
   * (ready) unless a claim holds it in KEYS[2] (active) with a deadline after ARGV[1] (a claim in
   * flight). An id in active past its deadline belonged to a claimer that died between Redis and
   * MongoDB: it goes back to ready. Never adds an id twice. Returns how many it added.
   */
  RECONCILE(
      """
      local n = 0
      local now = tonumber(ARGV[1])
      for i = 2, #ARGV, 2 do
        local id = ARGV[i + 1]
        local deadline = redis.call('ZSCORE', KEYS[2], id)
        if not deadline or tonumber(deadline) < now then
          redis.call('ZREM', KEYS[2], id)
          n = n + redis.call('ZADD', KEYS[1], 'NX', ARGV[i], id)
        end
      end
      return n
      """);

  private final String source;
  private final String digest;

  LuaScripts(String source) {
    this.source = source;
    this.digest = sha1(source);
  }

  /** Runs the script, loading it first when this Redis does not know it. */
  <T> T run(
      RedisCommands<String, String> redis, ScriptOutputType type, String[] keys, String... args) {
    try {
      return redis.evalsha(digest, type, keys, args);
    } catch (RedisNoScriptException notLoaded) {
      return redis.eval(source, type, keys, args);
    }
  }

  private static String sha1(String text) {
    try {
      return HexFormat.of()
          .formatHex(
              MessageDigest.getInstance("SHA-1").digest(text.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("the JDK has no SHA-1", e);
    }
  }
}
