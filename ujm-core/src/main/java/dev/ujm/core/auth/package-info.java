/**
 * API keys: who may call the HTTP API and as whom. A key has a role ({@link
 * dev.ujm.core.auth.ApiRole}), a tenant and a user; its secret is shown once at creation and stored
 * only as a SHA-256 hash ({@link dev.ujm.core.auth.ApiKeySecrets}). {@link
 * dev.ujm.core.auth.ApiKeyStore} is the storage seam, {@link dev.ujm.core.auth.ApiKeys} the service
 * the server uses. Nothing here knows about HTTP.
 */
package dev.ujm.core.auth;
