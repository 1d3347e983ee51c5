package org.csghub.accounts.api;

import java.util.Objects;

/**
 * An owned asset as the permission service sees it: its kind ({@code model}, {@code dataset}, ...), the
 * namespace (user or organization) that owns it, its name and its visibility.
 */
public record ResourceRef(String kind, String namespace, String name, Visibility visibility) {

    public ResourceRef {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(namespace, "namespace");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(visibility, "visibility");
    }

    /** {@code kind/namespace/name}: how collaborators and audit rows refer to the resource. */
    public String key() {
        return kind + "/" + namespace + "/" + name;
    }

    public boolean isPublic() {
        return visibility == Visibility.PUBLIC;
    }
}
