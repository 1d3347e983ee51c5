package org.csghub.storage.s3.internal;

import java.net.URI;

/**
 * What the S3 store needs, as plain values.
 *
 * @param publicEndpoint where presigned URLs point; {@code null} for {@code endpoint}
 */
public record S3Settings(URI endpoint, String region, String bucket, String accessKey, String secretKey, boolean pathStyle,
        long partSize, boolean createBucket, URI publicEndpoint) {

    static final long MIN_PART_SIZE = 5L * 1024 * 1024;

    public S3Settings {
        if (partSize < MIN_PART_SIZE) {
            throw new IllegalArgumentException("S3 partSize must be at least 5 MiB, not " + partSize);
        }
        if (bucket == null || bucket.isBlank()) {
            throw new IllegalArgumentException("no S3 bucket configured");
        }
    }

    static S3Settings of(S3Config config) {
        String publicEndpoint = config.publicEndpoint().strip();
        return new S3Settings(URI.create(config.endpoint().strip()), config.region().strip(), config.bucket().strip(),
                config.accessKey().strip(), config._secretKey().strip(), config.pathStyle(), config.partSize(),
                config.createBucket(), publicEndpoint.isEmpty() ? null : URI.create(publicEndpoint));
    }

    /** Never the secret: this ends up in logs. */
    @Override
    public String toString() {
        return "S3 " + endpoint + " bucket " + bucket + " (region " + region + ", access key " + accessKey
                + (pathStyle ? ", path style" : ", virtual-hosted style") + ")";
    }
}
