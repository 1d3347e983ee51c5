package org.csghub.runtime.kubernetes.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.osgi.service.metatype.annotations.Option;

/**
 * PID {@code org.csghub.runtime.kubernetes} (conf/org.csghub.runtime.kubernetes.cfg). The component needs this
 * configuration: without it the runtime stays inactive, so an edition starts without a cluster.
 */
@ObjectClassDefinition(name = "CSGHub Kubernetes compute runtime")
public @interface KubernetesRuntimeConfig {

    String PID = "org.csghub.runtime.kubernetes";

    @AttributeDefinition(description = "API server URL; empty: ~/.kube/config, KUBECONFIG or the in-cluster "
            + "service account, as kubectl finds them", required = false)
    String masterUrl() default "";

    @AttributeDefinition(description = "Namespace the workloads run in")
    String namespace() default "csghub";

    @AttributeDefinition(description = "The hub's base URL as pods reach it (model downloads go to <hubUrl>/hf); "
            + "empty: the URL in each launch spec", required = false)
    String hubUrl() default "";

    @AttributeDefinition(description = "Image of the init container that downloads the model: it needs sh, "
            + "grep, sed and curl")
    String initImage() default Settings.DEFAULT_INIT_IMAGE;

    @AttributeDefinition(description = "Storage class of a per-pod volume for /models; empty: an emptyDir",
            required = false)
    String modelStorageClass() default "";

    @AttributeDefinition(description = "Size of the model volume, e.g. 100Gi (with modelStorageClass: the claim's "
            + "size; without: the emptyDir's sizeLimit); empty: none", required = false)
    String modelStorageSize() default "";

    @AttributeDefinition(description = "Knative Serving: auto uses it when the cluster serves serving.knative.dev",
            options = {@Option(value = "auto"), @Option(value = "on"), @Option(value = "off")})
    String knative() default "auto";
}
