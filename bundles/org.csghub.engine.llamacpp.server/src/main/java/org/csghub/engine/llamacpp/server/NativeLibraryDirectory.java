package org.csghub.engine.llamacpp.server;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * A private directory for java-llama.cpp's native library. Its LlamaLoader copies libjllama.so out of the jar into
 * {@value #PROPERTY} (default java.io.tmpdir) and, before that, deletes every {@code llama*} and {@code jllama*}
 * file it finds there: in a shared directory, concurrent servers would delete each other's library (or anything
 * else named llama*) and overwrite it while it is being loaded.
 */
final class NativeLibraryDirectory {

    /** LlamaLoader's system property for the extraction directory (java-llama.cpp 4.2.0). */
    static final String PROPERTY = "de.kherud.llama.tmpdir";

    private final Path directory;

    private NativeLibraryDirectory(Path directory) {
        this.directory = directory;
    }

    /** Creates the directory and points LlamaLoader at it; must run before LlamaModel is first touched. */
    static NativeLibraryDirectory create() {
        try {
            Path directory = Files.createTempDirectory("llama-server-native-");
            System.setProperty(PROPERTY, directory.toString());
            return new NativeLibraryDirectory(directory);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create a directory for the native library", e);
        }
    }

    Path path() {
        return directory;
    }

    /** Removes it; on Linux a loaded library may be deleted, the mapping stays valid until the process ends. */
    void delete() {
        try (Stream<Path> paths = Files.walk(directory)) {
            paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException e) {
            System.err.println("could not delete " + directory + ": " + e);
        }
    }
}
