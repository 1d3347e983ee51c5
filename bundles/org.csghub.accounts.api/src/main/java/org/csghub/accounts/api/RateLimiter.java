package org.csghub.accounts.api;

import org.osgi.annotation.versioning.ProviderType;

/**
 * Token buckets shared by every server replica on the same database. The REST stack limits each request by
 * token (or client IP when anonymous) with the plan of the caller's role; other entry points (git, the
 * gateway) ask here with their own keys.
 */
@ProviderType
public interface RateLimiter {

    /** A bucket's shape: up to {@code capacity} requests at once, refilled at {@code refillPerSecond}. */
    record Plan(String name, double capacity, double refillPerSecond) {
        public Plan {
            if (capacity < 1 || refillPerSecond <= 0) {
                throw new IllegalArgumentException("a plan needs capacity >= 1 and a positive refill rate");
            }
        }
    }

    /** The outcome: allowed, or refused with the whole seconds to wait before one request is available. */
    record Decision(boolean allowed, double remaining, long retryAfterSeconds) {
    }

    /** Takes one request from the bucket {@code key} (created full on first use). */
    Decision tryAcquire(String key, Plan plan);

    /** The plan the hub applies to this subject (by role: anonymous, user, admin, organization key). */
    Plan planFor(Subject subject);
}
