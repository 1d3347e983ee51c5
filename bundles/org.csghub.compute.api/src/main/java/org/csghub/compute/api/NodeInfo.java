package org.csghub.compute.api;

import java.util.Map;

/** A cluster node as accelerators see it: its labels and allocatable resources. */
public record NodeInfo(String name, Map<String, String> labels, Map<String, String> allocatable) {

    public NodeInfo {
        labels = labels == null ? Map.of() : Map.copyOf(labels);
        allocatable = allocatable == null ? Map.of() : Map.copyOf(allocatable);
    }
}
