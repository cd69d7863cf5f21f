package dev.ujm.store.redismongo;

import io.lettuce.core.RedisNoScriptException;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.api.sync.RedisCommands;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * The queue's atomic steps, one Lua script each. Every script but {@link #EXTEND} takes the keys of
 * {@code RedisQueue.fairKeys}: of one queue, under its hash tag, {@code active} (a sorted set of
 * claimed ids scored by lease deadline in epoch milliseconds), {@code jobs} (a hash of each id
 * Redis holds to {@code <cost>|<tenant>}), {@code turns} (a sorted set of the tenants with work,
 * scored by pass), {@code passes} (a hash of every tenant's pass, with work or not) and {@code
 * highest} (the highest pass reached); and of the deployment, {@code running} (a hash of tenant to
 * the ids it has in any queue's {@code active}) and {@code shares} (a hash of tenant to {@code
 * <weight>|<maxRunning>}, mirrored from the tenant records). ARGV[1] is the prefix of the queue's
 * per-tenant {@code ready} sets (scored by priority rank, members the job ids, so equal scores pop
 * in id order, which is submission order).
 *
 * <p>A tenant's running count moves only with its ids' entry into or exit from {@code active}, so a
 * job that leaves it twice (a repeated finish, a requeue after a finish) counts once. Scripts run
 * by digest and are sent again when Redis lost them (a restart). Stateless.
 */
enum LuaScripts {
  /**
   * Claim: pops up to ARGV[2] ids in the fair order (the tenant with work and the lowest pass
   * first, passing over a tenant at its {@code maxRunning}; its pass grows by the job's cost over
   * its weight) and adds them to {@code active} with the deadline ARGV[3]; a tenant without a
   * mirrored record claims with the default weight ARGV[4] and {@code maxRunning} ARGV[5] (empty:
   * no limit). Each step is a few sorted-set operations, whatever the number of tenants with work.
   * Returns the ids in claim order.
   */
  CLAIM(
      Fair.PRELUDE
          + """
          local limit, deadline = tonumber(ARGV[2]), ARGV[3]
          local ids, passed = {}, {}
          while #ids < limit do
            local top = redis.call('ZRANGE', turns, 0, 0, 'WITHSCORES')
            if #top == 0 then break end
            local tenant, pass = top[1], tonumber(top[2])
            local weight, cap = tonumber(ARGV[4]), tonumber(ARGV[5])
            local share = redis.call('HGET', shares, tenant)
            if share then
              local bar = string.find(share, '|', 1, true)
              weight = tonumber(string.sub(share, 1, bar - 1))
              cap = tonumber(string.sub(share, bar + 1))
            end
            if cap and tonumber(redis.call('HGET', running, tenant) or '0') >= cap then
              redis.call('ZREM', turns, tenant)
              passed[#passed + 1] = {top[2], tenant}
            else
              local ready = prefix .. tenant
              local popped = redis.call('ZPOPMIN', ready)
              if #popped == 0 then
                redis.call('ZREM', turns, tenant)
              else
                local id = popped[1]
                local held, cost = holder(id)
                if not held then
                  redis.call('HSET', jobs, id, '1|' .. tenant) -- so its exit counts as it entered
                end
                pass = pass + (cost or 1) / weight
                if redis.call('ZADD', active, deadline, id) == 1 then
                  redis.call('HINCRBY', running, tenant, 1)
                end
                redis.call('HSET', passes, tenant, num(pass))
                if pass > tonumber(redis.call('GET', highest) or '0') then
                  redis.call('SET', highest, num(pass))
                end
                if redis.call('EXISTS', ready) == 1 then
                  redis.call('ZADD', turns, num(pass), tenant)
                else
                  redis.call('ZREM', turns, tenant)
                end
                ids[#ids + 1] = id
              end
            end
          end
          for _, turn in ipairs(passed) do
            redis.call('ZADD', turns, turn[1], turn[2])
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
  /**
   * Finish: takes the ids ARGV[2..] out of their tenant's ready set and out of {@code active}, and
   * forgets them. Returns how many ids it was given.
   */
  FINISH(
      Fair.PRELUDE
          + """
          for i = 2, #ARGV do
            local id = ARGV[i]
            local tenant = holder(id)
            if tenant then
              local ready = prefix .. tenant
              if redis.call('ZREM', ready, id) == 1 and redis.call('EXISTS', ready) == 0 then
                redis.call('ZREM', turns, tenant)
              end
            end
            leave_active(id)
            redis.call('HDEL', jobs, id)
          end
          return #ARGV - 1
          """),
  /**
   * Requeue: for each (rank, id, tenant, cost) in ARGV[2..] takes the id out of {@code active} and
   * adds it to its tenant's ready set unless it is there; a tenant that had no work joins the turns
   * at the queue's virtual time. Returns how many it added.
   */
  REQUEUE(
      Fair.PRELUDE
          + """
          local n = 0
          for i = 2, #ARGV, 4 do
            leave_active(ARGV[i + 1])
            n = n + add_ready(ARGV[i], ARGV[i + 1], ARGV[i + 2], ARGV[i + 3])
          end
          return n
          """),
  /**
   * Reconcile: for each (rank, id, tenant, cost) in ARGV[3..] that MongoDB holds as queued, adds
   * the id as {@link #REQUEUE} does unless a claim holds it in {@code active} with a deadline after
   * ARGV[2] (a claim in flight). An id in active past its deadline belonged to a claimer that died
   * between Redis and MongoDB: it goes back to ready. Never adds an id twice. Returns how many it
   * added.
   */
  RECONCILE(
      Fair.PRELUDE
          + """
          local n = 0
          local now = tonumber(ARGV[2])
          for i = 3, #ARGV, 4 do
            local id = ARGV[i + 1]
            local deadline = redis.call('ZSCORE', active, id)
            if not deadline or tonumber(deadline) < now then
              leave_active(id)
              n = n + add_ready(ARGV[i], id, ARGV[i + 2], ARGV[i + 3])
            end
          end
          return n
          """),
  /**
   * Hold: for each (lease deadline, id, tenant, cost) in ARGV[2..] that MongoDB holds as
   * processing, adds the id to {@code active} unless it is there, counting it as running for its
   * tenant (what a claim did before Redis lost it). Returns how many it added.
   */
  HOLD(
      Fair.PRELUDE
          + """
          local n = 0
          for i = 2, #ARGV, 4 do
            local id, tenant = ARGV[i + 1], ARGV[i + 2]
            if redis.call('ZADD', active, 'NX', ARGV[i], id) == 1 then
              redis.call('HSET', jobs, id, ARGV[i + 3] .. '|' .. tenant)
              redis.call('HINCRBY', running, tenant, 1)
              n = n + 1
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

  /** What the fair scripts share: their keys by name and the steps more than one of them takes. */
  private static final class Fair {
    static final String PRELUDE =
        """
        local active, jobs, turns, passes = KEYS[1], KEYS[2], KEYS[3], KEYS[4]
        local highest, running, shares = KEYS[5], KEYS[6], KEYS[7]
        local prefix = ARGV[1]
        local function num(x)
          return string.format('%.17g', x)
        end
        -- the tenant and cost of an id Redis holds
        local function holder(id)
          local held = redis.call('HGET', jobs, id)
          if not held then return nil, nil end
          local bar = string.find(held, '|', 1, true)
          return string.sub(held, bar + 1), tonumber(string.sub(held, 1, bar - 1))
        end
        -- out of active; the tenant's running count falls once per id that was there
        local function leave_active(id)
          if redis.call('ZREM', active, id) == 1 then
            local tenant = holder(id)
            if tenant then redis.call('HINCRBY', running, tenant, -1) end
          end
        end
        -- where a tenant joins: the lowest pass among those with work, else the highest reached
        local function virtual_time()
          local first = redis.call('ZRANGE', turns, 0, 0, 'WITHSCORES')
          if #first > 0 then return tonumber(first[2]) end
          return tonumber(redis.call('GET', highest) or '0')
        end
        -- into the tenant's ready set; a tenant without a turn (no work until now) joins
        local function add_ready(rank, id, tenant, cost)
          redis.call('HSET', jobs, id, cost .. '|' .. tenant)
          local added = redis.call('ZADD', prefix .. tenant, 'NX', rank, id)
          if not redis.call('ZSCORE', turns, tenant) then
            local pass = math.max(tonumber(redis.call('HGET', passes, tenant) or '0'), virtual_time())
            redis.call('HSET', passes, tenant, num(pass))
            redis.call('ZADD', turns, num(pass), tenant)
          end
          return added
        end
        """;

    private Fair() {}
  }
}
