package org.csghub.persistence.internal;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Enumeration;
import java.util.List;
import org.flywaydb.core.api.ResourceProvider;
import org.flywaydb.core.api.resource.LoadableResource;
import org.osgi.framework.Bundle;

/**
 * A contributor's migration files, read straight from its bundle: Flyway's own classpath scanning only sees
 * the class loader it is given, and bundle entries are not files it can list.
 */
final class BundleMigrations implements ResourceProvider {

    private final Bundle bundle;
    private final String folder;

    BundleMigrations(Bundle bundle, String folder) {
        this.bundle = bundle;
        this.folder = folder.replaceAll("^/+|/+$", "");
    }

    @Override
    public LoadableResource getResource(String name) {
        URL url = bundle.getEntry(folder + "/" + name);
        return url == null ? null : new Entry(url, name);
    }

    @Override
    public Collection<LoadableResource> getResources(String prefix, String[] suffixes) {
        List<LoadableResource> found = new ArrayList<>();
        Enumeration<URL> entries = bundle.findEntries(folder, "*", false);
        while (entries != null && entries.hasMoreElements()) {
            URL url = entries.nextElement();
            String name = url.getPath().substring(url.getPath().lastIndexOf('/') + 1);
            if (name.startsWith(prefix) && endsWithAny(name, suffixes)) {
                found.add(new Entry(url, name));
            }
        }
        return found;
    }

    private static boolean endsWithAny(String name, String[] suffixes) {
        for (String suffix : suffixes) {
            if (name.endsWith(suffix)) {
                return true;
            }
        }
        return false;
    }

    /** One migration file inside the bundle. */
    private final class Entry extends LoadableResource {
        private final URL url;
        private final String name;

        Entry(URL url, String name) {
            this.url = url;
            this.name = name;
        }

        @Override
        public Reader read() {
            try {
                return new BufferedReader(new InputStreamReader(url.openStream(), StandardCharsets.UTF_8));
            } catch (IOException e) {
                throw new UncheckedIOException("Cannot read migration " + url, e);
            }
        }

        @Override
        public String getAbsolutePath() {
            return folder + "/" + name;
        }

        @Override
        public String getAbsolutePathOnDisk() {
            return url.toString();
        }

        @Override
        public String getFilename() {
            return name;
        }

        @Override
        public String getRelativePath() {
            return name;
        }
    }
}
