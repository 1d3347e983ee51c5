package org.csghub.plugins;

/**
 * The {@value #NAMESPACE} capability that makes a bundle a CSGHub plugin and describes it to operators:
 * {@code Provide-Capability: csghub.plugin;name="vLLM engine";category=engine;vendor=ACME;description="..."}.
 * Write it with the {@link Plugin} annotation rather than by hand.
 *
 * <p>A capability rather than free-form headers: the framework parses and quotes it, the admin API reads it
 * from the bundle's revision, and the resolver can see it (a feature may require "a plugin of category
 * engine").
 */
public final class PluginNamespace {

    /** The namespace; a bundle providing a capability in it is a plugin. */
    public static final String NAMESPACE = "csghub.plugin";
    /** Human-readable name, e.g. {@code vLLM inference engine}. */
    public static final String NAME = "name";
    /** One sentence on what the plugin adds. */
    public static final String DESCRIPTION = "description";
    /** Who ships it. */
    public static final String VENDOR = "vendor";
    /** The capability area: one of the {@code CATEGORY_*} values, or a vendor's own lower-case word. */
    public static final String CATEGORY = "category";

    public static final String CATEGORY_ENGINE = "engine";
    public static final String CATEGORY_RUNTIME = "runtime";
    public static final String CATEGORY_STORAGE = "storage";
    public static final String CATEGORY_IDP = "idp";
    public static final String CATEGORY_ACCELERATOR = "accelerator";
    public static final String CATEGORY_FINETUNE = "finetune";
    public static final String CATEGORY_EVALUATION = "evaluation";
    public static final String CATEGORY_REPO = "repo";
    /** For plugins that fit no other category (and for the example plugin). */
    public static final String CATEGORY_OTHER = "other";

    private PluginNamespace() {
    }
}
