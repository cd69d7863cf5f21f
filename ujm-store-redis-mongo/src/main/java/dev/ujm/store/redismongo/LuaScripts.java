package dev.ujm.store.redismongo;

import io.lettuce.core.RedisNoScriptException;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.api.sync.RedisCommands;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * The store's atomic steps in Redis, one Lua script each, every one on the keys of one hash slot.
 *
 * <p>The queue's scripts (all but {@link #EXTEND} take the keys of {@code RedisQueue.fairKeys}, of
 * one queue under its hash tag {@code {q:<queue>}}): {@code active} (a sorted set of claimed ids
 * scored by lease deadline in epoch milliseconds), {@code jobs} (a hash of each id Redis holds to
 * {@code <cost>|<tenant>}), {@code turns} (a sorted set of the tenants with work, scored by pass),
 * {@code passes} (a hash of every tenant's pass, with work or not), {@code highest} (the highest
 * pass reached), {@code running} (a hash of tenant to the ids it has in this queue's {@code
 * active}), {@code shares} (a hash of tenant to {@code <weight>|<maxRunning>}, this queue's mirror
 * of the tenant records) and {@code claims} (a hash of each id in {@code active} to the token of
 * the claim or hold that put it there). ARGV[1] is the prefix of the queue's per-tenant {@code
 * ready} sets (scored by priority rank, members the job ids, so equal scores pop in id order, which
 * is submission order).
 *
 * <p>A tenant's {@code maxRunning} holds over every queue, so its count cannot live in one queue's
 * slot: it lives in the slot {@code {tenants}}, as a hash {@code held:<tenant>} of each id the
 * tenant has in any queue's {@code active} to {@code <token>|<queue>} (its size is the count), and
 * a set {@code holding} of the tenants with such a hash. A claim is therefore three steps: {@link
 * #CLAIM} moves ids into the queue's {@code active}, {@link #RESERVE} counts each against its
 * tenant's limit, and {@link #GIVE_BACK} returns the refused ones; only an id whose reservation
 * held is handed to a worker. An id's way out of {@code active} returns its tenant and token, and
 * {@link #RELEASE} lets go of that reservation and no other: so an id counts once per entry into
 * {@code active}, whatever repeats (a second finish, a requeue after a finish) or arrives late.
 * Scripts run by digest and are sent again when Redis lost them (a restart). Stateless.
 */
enum LuaScripts {
  /**
   * Claim: pops up to ARGV[2] ids in the fair order (the tenant with work and the lowest pass
   * first; its pass grows by the job's cost over its weight) and adds them to {@code active} with
   * the deadline ARGV[3] and the claim token ARGV[6]; a tenant without a mirrored record claims
   * with the default weight ARGV[4] and {@code maxRunning} ARGV[5] (empty: no limit). It passes
   * over a tenant named in ARGV[7..] (refused by {@link #RESERVE} during this claim) and one that
   * holds its {@code maxRunning} in this queue alone; what it holds in other queues is for {@link
   * #RESERVE} to count. Each step is a few sorted-set operations, whatever the number of tenants
   * with work. Returns, in claim order, (id, tenant, maxRunning or empty, rank, pass added) per id.
   */
  CLAIM(
      Fair.PRELUDE
          + """
          local limit, deadline, token = tonumber(ARGV[2]), ARGV[3], ARGV[6]
          local full = {}
          for i = 7, #ARGV do full[ARGV[i]] = true end
          local out, passed = {}, {}
          while #out < limit * 5 do
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
            if full[tenant]
                or (cap and tonumber(redis.call('HGET', running, tenant) or '0') >= cap) then
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
                local step = (cost or 1) / weight
                pass = pass + step
                if redis.call('ZADD', active, deadline, id) == 1 then
                  redis.call('HINCRBY', running, tenant, 1)
                end
                redis.call('HSET', claims, id, token)
                redis.call('HSET', passes, tenant, num(pass))
                if pass > tonumber(redis.call('GET', highest) or '0') then
                  redis.call('SET', highest, num(pass))
                end
                if redis.call('EXISTS', ready) == 1 then
                  redis.call('ZADD', turns, num(pass), tenant)
                else
                  redis.call('ZREM', turns, tenant)
                end
                out[#out + 1] = id
                out[#out + 1] = tenant
                out[#out + 1] = cap and tostring(cap) or ''
                out[#out + 1] = popped[2]
                out[#out + 1] = num(step)
              end
            end
          end
          for _, turn in ipairs(passed) do
            redis.call('ZADD', turns, turn[1], turn[2])
          end
          return out
          """),
  /**
   * Give back: for each (id, tenant, rank, pass added) in ARGV[3..] that {@code active} still holds
   * for the claim token ARGV[2], takes it out of {@code active} and puts it back into its tenant's
   * ready set with its rank (where it was: first of its rank), and takes back the pass its claim
   * added, so the tenant keeps its turn. Returns how many it gave back.
   */
  GIVE_BACK(
      Fair.PRELUDE
          + """
          local n = 0
          for i = 3, #ARGV, 4 do
            local id, tenant = ARGV[i], ARGV[i + 1]
            if redis.call('HGET', claims, id) == ARGV[2] then
              leave_active(id)
              redis.call('ZADD', prefix .. tenant, 'NX', ARGV[i + 2], id)
              local pass = tonumber(redis.call('HGET', passes, tenant) or '0') - tonumber(ARGV[i + 3])
              redis.call('HSET', passes, tenant, num(pass))
              redis.call('ZADD', turns, num(pass), tenant)
              n = n + 1
            end
          end
          return n
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
   * forgets them. Returns how many ids it was given, then (tenant, id, token) per id that left
   * {@code active}, for {@link #RELEASE}.
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
          left[1] = #ARGV - 1
          return left
          """),
  /**
   * Requeue: for each (rank, id, tenant, cost) in ARGV[2..] takes the id out of {@code active} and
   * adds it to its tenant's ready set unless it is there; a tenant that had no work joins the turns
   * at the queue's virtual time. Returns how many it added, then (tenant, id, token) per id that
   * left {@code active}, for {@link #RELEASE}.
   */
  REQUEUE(
      Fair.PRELUDE
          + """
          local n = 0
          for i = 2, #ARGV, 4 do
            leave_active(ARGV[i + 1])
            n = n + add_ready(ARGV[i], ARGV[i + 1], ARGV[i + 2], ARGV[i + 3])
          end
          left[1] = n
          return left
          """),
  /**
   * Reconcile: for each (rank, id, tenant, cost) in ARGV[3..] that MongoDB holds as queued, adds
   * the id as {@link #REQUEUE} does unless a claim holds it in {@code active} with a deadline after
   * ARGV[2] (a claim in flight). An id in active past its deadline belonged to a claimer that died
   * between Redis and MongoDB: it goes back to ready. Never adds an id twice. Returns how many it
   * added, then (tenant, id, token) per id that left {@code active}, for {@link #RELEASE}.
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
          left[1] = n
          return left
          """),
  /**
   * Hold: for each (lease deadline, id, tenant, cost) in ARGV[3..] that MongoDB holds as
   * processing, adds the id to {@code active} with the token ARGV[2] unless it is there, counting
   * it as running for its tenant in this queue (what a claim did before Redis lost it). Returns how
   * many it added, then (tenant, id, token) for every one of them in {@code active}, so {@link
   * #RESERVE} counts each in its tenant's {@code held} (again, if that slot lost it).
   */
  HOLD(
      Fair.PRELUDE
          + """
          local n = 0
          local out = {0}
          for i = 3, #ARGV, 4 do
            local id, tenant = ARGV[i + 1], ARGV[i + 2]
            if redis.call('ZADD', active, 'NX', ARGV[i], id) == 1 then
              redis.call('HSET', jobs, id, ARGV[i + 3] .. '|' .. tenant)
              redis.call('HINCRBY', running, tenant, 1)
              redis.call('HSET', claims, id, ARGV[2])
              n = n + 1
            end
            local token = redis.call('HGET', claims, id)
            if not token then -- put there before claims had tokens
              token = ARGV[2]
              redis.call('HSET', claims, id, token)
            end
            out[#out + 1] = holder(id) or tenant
            out[#out + 1] = id
            out[#out + 1] = token
          end
          out[1] = n
          return out
          """),
  /**
   * Reserve, in the slot {@code {tenants}}: for each (tenant, id, token, maxRunning or empty) in
   * ARGV[2..] and its tenant's {@code held} hash in KEYS[2..], counts the id as the tenant's with
   * {@code <token>|<queue ARGV[1]>} if the tenant has no limit, holds fewer ids than its limit, or
   * holds this id already (then its token is replaced, and the count stays); KEYS[1] ({@code
   * holding}) lists the tenant. Returns 1 (counted) or 0 (refused) per id.
   */
  RESERVE(
      """
      local out = {}
      for i = 2, #KEYS do
        local j = 2 + (i - 2) * 4
        local held, id, cap = KEYS[i], ARGV[j + 1], ARGV[j + 3]
        if cap == '' or redis.call('HEXISTS', held, id) == 1
            or redis.call('HLEN', held) < tonumber(cap) then
          redis.call('HSET', held, id, ARGV[j + 2] .. '|' .. ARGV[1])
          redis.call('SADD', KEYS[1], ARGV[j])
          out[#out + 1] = 1
        else
          out[#out + 1] = 0
        end
      end
      return out
      """),
  /**
   * Release, in the slot {@code {tenants}}: for each (id, token) in ARGV and its tenant's {@code
   * held} hash in KEYS, lets go of the id if that hash holds it for that token (a reservation of a
   * later claim of the same id stays). Returns how many it let go.
   */
  RELEASE(
      """
      local n = 0
      for i = 1, #KEYS do
        local id, token = ARGV[2 * i - 1], ARGV[2 * i]
        local value = redis.call('HGET', KEYS[i], id)
        if value and string.sub(value, 1, #token + 1) == token .. '|' then
          n = n + redis.call('HDEL', KEYS[i], id)
        end
      end
      return n
      """),
  /**
   * Live, in a queue's slot: for each (id, token) in ARGV, 1 if the id is in KEYS[1] ({@code
   * active}) under that token in KEYS[2] ({@code claims}), else 0: a count made with that token is
   * stale then, since no later entry carries it.
   */
  LIVE(
      """
      local out = {}
      for i = 1, #ARGV, 2 do
        local live = redis.call('HGET', KEYS[2], ARGV[i]) == ARGV[i + 1]
            and redis.call('ZSCORE', KEYS[1], ARGV[i])
        out[#out + 1] = live and 1 or 0
      end
      return out
      """),
  /**
   * Forget, in the slot {@code {tenants}}: takes the tenant ARGV[1] off KEYS[1] ({@code holding})
   * if its {@code held} hash KEYS[2] is empty. Returns 1 if it did.
   */
  FORGET(
      """
      if redis.call('HLEN', KEYS[2]) == 0 then
        return redis.call('SREM', KEYS[1], ARGV[1])
      end
      return 0
      """),
  /**
   * Seed, in a queue's slot: copies each (tenant, share) of ARGV into the queue's mirror KEYS[1]
   * unless the mirror has that tenant already (written since by a record's change, which is newer).
   */
  SEED(
      """
      for i = 1, #ARGV, 2 do
        redis.call('HSETNX', KEYS[1], ARGV[i], ARGV[i + 1])
      end
      return #ARGV / 2
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
        local highest, running, shares, claims = KEYS[5], KEYS[6], KEYS[7], KEYS[8]
        local prefix = ARGV[1]
        -- how many, then (tenant, id, token) per id that left active: what RELEASE lets go
        local left = {0}
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
        -- out of active; the tenant's running count here falls once per id that was there
        local function leave_active(id)
          local token = redis.call('HGET', claims, id)
          redis.call('HDEL', claims, id)
          if redis.call('ZREM', active, id) == 1 then
            local tenant = holder(id)
            if tenant then
              redis.call('HINCRBY', running, tenant, -1)
              if token then
                left[#left + 1] = tenant
                left[#left + 1] = id
                left[#left + 1] = token
              end
            end
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
