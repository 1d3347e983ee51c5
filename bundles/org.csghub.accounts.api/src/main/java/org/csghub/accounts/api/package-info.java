/**
 * The access layer every capability uses.
 *
 * <ul>
 * <li>{@link org.csghub.accounts.api.Subject}: who is calling (a user, an organization's API key, or
 * anonymous), with the scopes of the token they came with and where the request came from.</li>
 * <li>{@link org.csghub.accounts.api.Permissions}: the one place that decides
 * {@code can(subject, action, resource)} for REST, git, LFS, the HF-compatible API and the gateway.</li>
 * <li>{@link org.csghub.accounts.api.Authenticator}: turns an {@code Authorization} header (Bearer token,
 * session JWT, or HTTP Basic with a token as password) into a subject, for code outside the REST stack.</li>
 * <li>{@link org.csghub.accounts.api.ResourceResolver}: bundles that own resources (repositories, ...)
 * register one per kind so collaborators and audits can refer to them.</li>
 * <li>{@link org.csghub.accounts.api.IdentityProvider}: the SPI login plugins implement.</li>
 * <li>{@link org.csghub.accounts.api.RateLimiter} and {@link org.csghub.accounts.api.AuditLog}.</li>
 * </ul>
 */
@Export
@Version("1.2.0")
package org.csghub.accounts.api;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
