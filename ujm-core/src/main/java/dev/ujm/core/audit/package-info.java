/**
 * The access audit: who read or changed which job, key, tenant or quota, and with what outcome,
 * kept in an append-only log with its own retention ({@link dev.ujm.core.audit.AccessLog}).
 */
package dev.ujm.core.audit;
