package org.csghub.launcher;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.stream.Stream;

/**
 * Where an edition's parts come from: the launcher's own jar (Lite: {@code csghub/} inside one executable
 * jar) or a folder (CE/EE: {@code bundles/}, {@code conf/}, {@code lib/edition.properties}).
 */
abstract class Edition {

    /** One bundle of the edition's resolved set. */
    record Part(String name, long size, long modified, Opener opener) {
    }

    @FunctionalInterface
    interface Opener {
        InputStream open() throws IOException;
    }

    /** The settings files in the order they are layered: shared by all editions, then this edition's own. */
    static final java.util.List<String> SETTINGS = java.util.List.of("common.properties", "edition.properties");

    /** One of the {@link #SETTINGS} files. */
    abstract InputStream settings(String name) throws IOException;

    abstract List<Part> bundles() throws IOException;

    /** The default configuration files, copied into an empty conf directory on first start. */
    abstract List<Part> defaultConf() throws IOException;

    /** Identifies this build, so a restart with the same build reuses the bundle cache as it is. */
    String buildId() throws IOException {
        StringBuilder id = new StringBuilder();
        for (Part p : bundles()) {
            id.append(p.name()).append(':').append(p.size()).append(':').append(p.modified()).append(';');
        }
        return Integer.toHexString(id.toString().hashCode()) + "-" + id.length();
    }

    /** Lite is packed into the launcher jar; a {@code csghub.home} property points at a folder edition. */
    static Edition locate(String home) {
        if (home != null && !home.isBlank()) {
            return new Folder(Path.of(home).toAbsolutePath().normalize());
        }
        try {
            Path self = Path.of(Edition.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            if (Files.isRegularFile(self)) {
                return new Packed(self);
            }
            throw new IllegalStateException("Not started from a CSGHub jar and no csghub.home set");
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    static final class Folder extends Edition {
        private final Path home;

        Folder(Path home) {
            this.home = home;
        }

        Path home() {
            return home;
        }

        @Override
        InputStream settings(String name) throws IOException {
            return Files.newInputStream(home.resolve("lib").resolve(name));
        }

        @Override
        List<Part> bundles() throws IOException {
            return list(home.resolve("bundles"), ".jar");
        }

        @Override
        List<Part> defaultConf() {
            return List.of(); // the folder's conf/ is the operator's own
        }

        private static List<Part> list(Path dir, String suffix) throws IOException {
            try (Stream<Path> files = Files.list(dir)) {
                return files.filter(f -> f.getFileName().toString().endsWith(suffix))
                        .sorted(Comparator.comparing(Path::toString))
                        .map(f -> {
                            try {
                                return new Part(f.getFileName().toString(), Files.size(f),
                                        Files.getLastModifiedTime(f).toMillis(), () -> Files.newInputStream(f));
                            } catch (IOException e) {
                                throw new UncheckedIOException(e);
                            }
                        }).toList();
            }
        }
    }

    static final class Packed extends Edition {
        private static final String ROOT = "csghub/";
        private final Path jar;

        Packed(Path jar) {
            this.jar = jar;
        }

        @Override
        InputStream settings(String name) throws IOException {
            return open(ROOT + name);
        }

        @Override
        List<Part> bundles() throws IOException {
            return entries(ROOT + "bundles/");
        }

        @Override
        List<Part> defaultConf() throws IOException {
            return entries(ROOT + "conf/");
        }

        @Override
        String buildId() throws IOException {
            return Files.size(jar) + "-" + Files.getLastModifiedTime(jar).toMillis();
        }

        private List<Part> entries(String prefix) throws IOException {
            List<Part> parts = new ArrayList<>();
            try (JarFile file = new JarFile(jar.toFile())) {
                for (JarEntry e : (Iterable<JarEntry>) file.stream()::iterator) {
                    String name = e.getName();
                    if (name.startsWith(prefix) && !e.isDirectory() && name.indexOf('/', prefix.length()) < 0) {
                        parts.add(new Part(name.substring(prefix.length()), e.getSize(), e.getTime(),
                                () -> open(name)));
                    }
                }
            }
            parts.sort(Comparator.comparing(Part::name));
            return parts;
        }

        private InputStream open(String name) throws IOException {
            JarFile file = new JarFile(jar.toFile());
            JarEntry entry = file.getJarEntry(name);
            if (entry == null) {
                file.close();
                throw new IOException("Missing " + name + " in " + jar);
            }
            InputStream in = file.getInputStream(entry);
            return new java.io.FilterInputStream(in) {
                @Override
                public void close() throws IOException {
                    super.close();
                    file.close();
                }
            };
        }
    }
}
