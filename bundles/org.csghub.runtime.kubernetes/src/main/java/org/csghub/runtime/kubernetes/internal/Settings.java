package org.csghub.runtime.kubernetes.internal;

import java.util.Locale;

/**
 * The runtime's settings, resolved, so the core is built without OSGi in tests.
 *
 * @param namespace         where workloads run
 * @param hubUrl            the hub's URL as pods reach it; {@code null}: the launch spec's
 * @param initImage         the model download image
 * @param modelStorageClass {@code null}: /models is an emptyDir
 * @param modelStorageSize  {@code null}: no size
 * @param knative           auto, on or off
 */
public record Settings(String namespace, String hubUrl, String initImage, String modelStorageClass,
                       String modelStorageSize, Knative knative) {

    /** A small image with sh, grep, sed and curl (curl drops the Authorization header on cross-host redirects). */
    static final String DEFAULT_INIT_IMAGE = "curlimages/curl:8.11.1";

    /** Whether workloads become Knative Services. */
    public enum Knative { AUTO, ON, OFF }

    public Settings {
        namespace = blankToNull(namespace) == null ? "csghub" : namespace.trim();
        hubUrl = blankToNull(hubUrl);
        initImage = blankToNull(initImage) == null ? DEFAULT_INIT_IMAGE : initImage.trim();
        modelStorageClass = blankToNull(modelStorageClass);
        modelStorageSize = blankToNull(modelStorageSize);
        knative = knative == null ? Knative.AUTO : knative;
    }

    static Settings of(KubernetesRuntimeConfig c) {
        return new Settings(c.namespace(), c.hubUrl(), c.initImage(), c.modelStorageClass(), c.modelStorageSize(),
                knative(c.knative()));
    }

    static Knative knative(String value) {
        String v = value == null || value.isBlank() ? "auto" : value.trim().toLowerCase(Locale.ROOT);
        return switch (v) {
            case "auto" -> Knative.AUTO;
            case "on", "true", "yes" -> Knative.ON;
            case "off", "false", "no" -> Knative.OFF;
            default -> throw new IllegalArgumentException(KubernetesRuntimeConfig.PID + ": knative must be auto, on "
                    + "or off, not '" + value + "'");
        };
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.trim();
    }
}
