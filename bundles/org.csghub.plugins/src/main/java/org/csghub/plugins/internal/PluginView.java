package org.csghub.plugins.internal;

import java.util.List;

/**
 * A plugin as the admin API shows it.
 *
 * @param source       how it came: {@code deploy} (a jar in deploy/), {@code upload} (the admin API) or
 *                     {@code edition} (shipped with the edition, so it cannot be stopped or removed here)
 * @param removable    whether the admin API may stop, start and uninstall it
 * @param services     the service interfaces it has registered
 * @param capabilities the capabilities its manifest provides (exported packages, services, extenders, ...)
 * @param components   its Declarative Services components and their states
 * @param failure      why it is not working, or null when it is
 */
record PluginView(long id, String symbolicName, String version, String name, String description, String vendor,
        String category, String state, String source, boolean removable, List<String> services,
        List<String> capabilities, List<ComponentView> components, String failure) {

    /**
     * @param state   {@code active}, {@code satisfied}, {@code unsatisfied-reference}, {@code
     *                unsatisfied-configuration}, {@code failed-activation} or {@code disabled}
     * @param detail  the failure of a component that threw on activation, or the references it waits for
     */
    record ComponentView(String name, String state, String detail) {
    }

    boolean failed() {
        return failure != null;
    }
}
