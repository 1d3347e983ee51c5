package org.csghub.compute.internal;

import jakarta.ws.rs.core.SecurityContext;
import java.math.BigDecimal;
import java.util.List;
import org.csghub.accounts.api.AccessDeniedException;
import org.csghub.accounts.api.Subject;
import org.csghub.compute.api.HardwareRequest;
import org.csghub.rest.ApiException;

/** The catalogue's request and response bodies and the access rules its resources share. */
final class CatalogueViews {

    private CatalogueViews() {
    }

    public record ClusterBody(String id, String name, String region, String zone, String provider, String runtime,
                              Boolean enabled) {
    }

    public record AcceleratorBody(String name, String model, Integer count, Integer memoryMiB, Integer corePercent) {
    }

    public record ResourceBody(String name, String clusterId, Double cpu, Long memoryMiB, AcceleratorBody accelerator,
                               BigDecimal pricePerHour, List<String> operations, Boolean enabled) {
    }

    /** A resource as listed: the SKU plus its compute type ({@code null} when its accelerator is not installed). */
    public record ResourceView(long id, String name, String clusterId, double cpu, long memoryMiB,
                               HardwareRequest accelerator, BigDecimal pricePerHour, List<String> operations,
                               boolean enabled, String computeType) {
    }

    static Subject signedIn(SecurityContext security) {
        Subject subject = Subject.of(security);
        if (subject.isAnonymous()) {
            throw new AccessDeniedException(401, "unauthorized", "Sign in to see the compute resources");
        }
        return subject;
    }

    static void admin(SecurityContext security) {
        if (!signedIn(security).siteAdmin()) {
            throw new AccessDeniedException(403, "forbidden", "Only site admins manage clusters and resources");
        }
    }

    static <T> T required(T body) {
        if (body == null) {
            throw ApiException.badRequest("invalid_body", "A JSON body is required");
        }
        return body;
    }
}
