package org.csghub.accounts.api;

import org.osgi.annotation.versioning.ProviderType;

/**
 * Turns credentials into a subject, for servlets and handlers outside the REST stack (git, LFS, the gateway).
 * Accepts {@code Bearer <token>} with a personal access token, an organization API key or a session JWT,
 * and {@code Basic} with any username and a token as the password (what git and git-lfs send).
 */
@ProviderType
public interface Authenticator {

    /**
     * @param authorization the {@code Authorization} header, or {@code null} for an anonymous call
     * @return the subject; anonymous when {@code authorization} is null or blank
     * @throws AccessDeniedException 401 with the reason (unknown, expired or revoked token, disabled user)
     */
    Subject authenticate(String authorization, String clientIp, String requestId);
}
