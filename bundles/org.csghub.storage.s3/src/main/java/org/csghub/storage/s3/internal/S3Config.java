package org.csghub.storage.s3.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.AttributeType;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** PID {@code org.csghub.storage.s3} (conf/org.csghub.storage.s3.cfg, filled from the CSGHUB_S3_* settings). */
@ObjectClassDefinition(name = "CSGHub S3 object store")
public @interface S3Config {

    String PID = "org.csghub.storage.s3";

    @AttributeDefinition(required = false, description = "S3 endpoint URL, e.g. http://minio:9000 or https://s3.amazonaws.com; "
            + "empty: no S3 object store (a warning is logged)")
    String endpoint() default "";

    @AttributeDefinition(description = "Region (signing and presigning need one; MinIO accepts us-east-1)")
    String region() default "us-east-1";

    @AttributeDefinition(description = "Bucket holding the objects")
    String bucket() default "csghub";

    @AttributeDefinition(required = false, description = "Access key")
    String accessKey() default "";

    /** The leading dot (an underscore in the method name) keeps the secret out of service properties. */
    @AttributeDefinition(required = false, type = AttributeType.PASSWORD, description = "Secret key")
    String _secretKey() default "";

    @AttributeDefinition(description = "Path-style addressing (http://host/bucket/key), as MinIO and most S3-compatible "
            + "servers want; false: virtual-hosted style (http://bucket.host/key)")
    boolean pathStyle() default true;

    @AttributeDefinition(description = "Part size of multipart uploads in bytes (at least 5 MiB); smaller objects are one request")
    long partSize() default 16L * 1024 * 1024;

    @AttributeDefinition(description = "Create the bucket when it does not exist")
    boolean createBucket() default true;

    @AttributeDefinition(required = false, description = "Endpoint presigned URLs are made for, when clients reach S3 under "
            + "another address than the server does (e.g. https://s3.example.com outside, http://minio:9000 inside); "
            + "empty: the endpoint")
    String publicEndpoint() default "";
}
