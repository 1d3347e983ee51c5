package org.csghub.plugins;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.osgi.annotation.bundle.Attribute;
import org.osgi.annotation.bundle.Capability;

/**
 * Declares a bundle to be a CSGHub plugin. Put it once on a class or on a {@code package-info.java} of the
 * bundle; bnd turns it into the {@value PluginNamespace#NAMESPACE} capability at build time, so the plugin
 * needs no runtime dependency on this package:
 *
 * <pre>
 * &#64;Plugin(name = "vLLM engine", category = PluginNamespace.CATEGORY_ENGINE, vendor = "ACME",
 *         description = "Serves models with vLLM on NVIDIA GPUs")
 * package com.acme.csghub.vllm;
 * </pre>
 */
@Documented
@Retention(RetentionPolicy.CLASS)
@Target({ElementType.TYPE, ElementType.PACKAGE})
@Capability(namespace = PluginNamespace.NAMESPACE)
public @interface Plugin {

    /** Human-readable name shown to operators. */
    @Attribute(PluginNamespace.NAME)
    String name();

    /** The capability area, see the {@code CATEGORY_*} constants of {@link PluginNamespace}. */
    @Attribute(PluginNamespace.CATEGORY)
    String category() default PluginNamespace.CATEGORY_OTHER;

    /** Who ships the plugin. */
    @Attribute(PluginNamespace.VENDOR)
    String vendor() default "";

    /** One sentence on what the plugin adds. */
    @Attribute(PluginNamespace.DESCRIPTION)
    String description() default "";
}
