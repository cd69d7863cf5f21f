package dev.ujm.api;

import java.util.List;

/**
 * One page of any list; {@code nextCursor} is null on the last page, else pass it as {@code
 * ?cursor=}.
 */
public record ListResponse<T>(List<T> items, String nextCursor) {}
