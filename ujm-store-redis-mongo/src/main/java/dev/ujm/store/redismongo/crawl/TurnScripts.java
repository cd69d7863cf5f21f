package dev.ujm.store.redismongo.crawl;

/**
 * The Lua scripts that take and give back a turn at a host, each one atomic in Redis. Time is
 * Redis's {@code TIME}, the one clock every node sees. Keys: {@code KEYS[1]} the host's in-flight
 * set (member: a permit's id, score: the millisecond until which it counts), {@code KEYS[2]} the
 * millisecond of the host's last request start or end.
 */
final class TurnScripts {
  private TurnScripts() {}

  /**
   * Takes a turn if the host has a free connection and its delay has passed since its last event.
   * {@code ARGV}: permit id, delay ms, max connections, permit lifetime ms, how long to remember
   * the last event ms. Answers 0 when granted, the milliseconds until the delay has passed when the
   * host is free but too recently used, or -1 when every connection is taken.
   */
  static final String ACQUIRE =
      """
      local t = redis.call('TIME')
      local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
      redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now)
      if redis.call('ZCARD', KEYS[1]) >= tonumber(ARGV[3]) then
        return -1
      end
      local last = redis.call('GET', KEYS[2])
      if last then
        local wait = tonumber(last) + tonumber(ARGV[2]) - now
        if wait > 0 then
          return wait
        end
      end
      redis.call('ZADD', KEYS[1], now + tonumber(ARGV[4]), ARGV[1])
      redis.call('PEXPIRE', KEYS[1], ARGV[4])
      redis.call('SET', KEYS[2], now, 'PX', ARGV[5])
      return 0
      """;

  /**
   * Gives a turn back: the permit leaves the in-flight set and the host's last event is now (the
   * request's end). {@code ARGV}: permit id, how long to remember the last event ms. Answers 0.
   */
  static final String RELEASE =
      """
      local t = redis.call('TIME')
      local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
      redis.call('ZREM', KEYS[1], ARGV[1])
      redis.call('SET', KEYS[2], now, 'PX', ARGV[2])
      return 0
      """;
}
