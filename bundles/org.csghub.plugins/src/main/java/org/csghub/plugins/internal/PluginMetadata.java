package org.csghub.plugins.internal;

import java.util.Dictionary;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;
import org.csghub.plugins.PluginNamespace;
import org.osgi.framework.Bundle;
import org.osgi.framework.Constants;
import org.osgi.framework.wiring.BundleRevision;
import org.osgi.resource.Capability;

/**
 * What a bundle says about itself as a plugin: the {@value PluginNamespace#NAMESPACE} capability, falling
 * back to the standard bundle headers, so a plain bundle dropped into deploy/ is still shown sensibly.
 *
 * @param declared whether the bundle provides the plugin capability, i.e. calls itself a plugin
 */
record PluginMetadata(String name, String description, String vendor, String category, boolean declared) {

    private static final Pattern CATEGORY = Pattern.compile("[a-z][a-z0-9-]{0,31}");

    static PluginMetadata of(Bundle bundle) {
        BundleRevision revision = bundle.adapt(BundleRevision.class);
        List<Capability> declared = revision == null ? List.of() : revision.getCapabilities(PluginNamespace.NAMESPACE);
        return from(declared.isEmpty() ? null : declared.get(0).getAttributes(), bundle.getHeaders());
    }

    /**
     * @param plugin  the attributes of the plugin capability, or null when the bundle has none
     * @param headers the bundle's manifest headers
     */
    static PluginMetadata from(Map<String, Object> plugin, Dictionary<String, String> headers) {
        Map<String, Object> attributes = plugin == null ? Map.of() : plugin;
        String bsn = symbolicName(headers.get(Constants.BUNDLE_SYMBOLICNAME));
        String name = first(text(attributes.get(PluginNamespace.NAME)), text(headers.get(Constants.BUNDLE_NAME)), bsn, "");
        String description = first(text(attributes.get(PluginNamespace.DESCRIPTION)),
                text(headers.get(Constants.BUNDLE_DESCRIPTION)), "");
        String vendor = first(text(attributes.get(PluginNamespace.VENDOR)), text(headers.get(Constants.BUNDLE_VENDOR)), "");
        return new PluginMetadata(name, description, vendor, category(text(attributes.get(PluginNamespace.CATEGORY))),
                plugin != null);
    }

    /** A well-formed lower-case word, or {@code other}: the category is used for filtering, not display. */
    static String category(String raw) {
        String value = text(raw);
        if (value == null) {
            return PluginNamespace.CATEGORY_OTHER;
        }
        value = value.toLowerCase(Locale.ROOT);
        return CATEGORY.matcher(value).matches() ? value : PluginNamespace.CATEGORY_OTHER;
    }

    /** The symbolic name without directives such as {@code ;singleton:=true}. */
    static String symbolicName(String header) {
        if (header == null) {
            return null;
        }
        int semicolon = header.indexOf(';');
        String name = (semicolon < 0 ? header : header.substring(0, semicolon)).strip();
        return name.isEmpty() ? null : name;
    }

    private static String text(Object value) {
        return value == null || value.toString().isBlank() ? null : value.toString().strip();
    }

    private static String first(String... values) {
        for (String v : values) {
            if (v != null) {
                return v;
            }
        }
        return null;
    }
}
