package dev.ujm.api;

import java.util.List;

/**
 * Answer of batch status: the visible jobs among the ids asked, in the order asked, and the ids
 * that name no job the caller may see. {@code nextCursor} is always null (the ids are the page).
 */
public record JobStatusList(List<JobStatusView> items, String nextCursor, List<String> notFound) {}
