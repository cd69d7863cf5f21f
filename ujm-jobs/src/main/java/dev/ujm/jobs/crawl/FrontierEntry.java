package dev.ujm.jobs.crawl;

/**
 * A URL waiting to be crawled, with the number of links followed from the seed to find it.
 * Immutable.
 *
 * @param url the normalised URL
 * @param depth 0 for the seed
 */
public record FrontierEntry(String url, int depth) {}
