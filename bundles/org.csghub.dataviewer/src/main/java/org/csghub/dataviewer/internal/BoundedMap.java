package org.csghub.dataviewer.internal;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/** A small LRU map for facts of immutable things (the layout of a commit, the schema of a set of files). */
final class BoundedMap<K, V> {

    private final Map<K, V> map;

    BoundedMap(int capacity) {
        this.map = new LinkedHashMap<>(16, 0.75f, true) {
            private static final long serialVersionUID = 1L;

            @Override
            protected boolean removeEldestEntry(Map.Entry<K, V> eldest) {
                return size() > capacity;
            }
        };
    }

    synchronized Optional<V> get(K key) {
        return Optional.ofNullable(map.get(key));
    }

    synchronized void put(K key, V value) {
        map.put(key, value);
    }
}
