/**
 * The wire records of the UJM HTTP API (docs/api.md), shared by the server and the Java client.
 * They carry data only: states, priorities and roles travel as their lower-case wire names,
 * instants as ISO-8601 UTC strings, payloads and results as JSON trees. Every list answers {@link
 * dev.ujm.api.ListResponse} ({@code {"items":[…],"nextCursor":…}}); every error answers a {@link
 * dev.ujm.api.Problem} ({@code application/problem+json}, RFC 9457).
 */
package dev.ujm.api;
