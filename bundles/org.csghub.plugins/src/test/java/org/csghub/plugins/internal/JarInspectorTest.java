package org.csghub.plugins.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.jar.Attributes;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.csghub.rest.ApiException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JarInspectorTest {

    @TempDir
    Path dir;

    private Path jar(String name, String... headers) throws IOException {
        Manifest manifest = new Manifest();
        manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        for (int i = 0; i < headers.length; i += 2) {
            manifest.getMainAttributes().putValue(headers[i], headers[i + 1]);
        }
        Path jar = dir.resolve(name);
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar), manifest)) {
            out.putNextEntry(new ZipEntry("x/Y.txt"));
            out.write("y".getBytes());
        }
        return jar;
    }

    @Test
    void readsTheIdentityOfABundle() throws IOException {
        Path jar = jar("ok.jar", "Bundle-ManifestVersion", "2", "Bundle-SymbolicName", "com.acme.x;singleton:=true",
                "Bundle-Version", "1.2.3");
        assertThat(JarInspector.inspect(jar)).isEqualTo(new JarInspector.BundleJar("com.acme.x", "1.2.3"));
        assertThat(JarInspector.complete(jar)).isTrue();
    }

    @Test
    void refusesAJarWithoutSymbolicName() throws IOException {
        Path jar = jar("plain.jar", "Main-Class", "x.Y");
        assertThatThrownBy(() -> JarInspector.inspect(jar)).isInstanceOfSatisfying(ApiException.class, e -> {
            assertThat(e.status()).isEqualTo(400);
            assertThat(e.code()).isEqualTo("not_a_bundle");
            assertThat(e.getMessage()).contains("Bundle-SymbolicName");
        });
    }

    @Test
    void refusesAZipWithoutManifestAndAFileThatIsNoZip() throws IOException {
        Path zip = dir.resolve("nomanifest.jar");
        try (ZipOutputStream out = new ZipOutputStream(Files.newOutputStream(zip))) {
            out.putNextEntry(new ZipEntry("a.txt"));
        }
        assertThatThrownBy(() -> JarInspector.inspect(zip)).hasMessageContaining("MANIFEST.MF");
        Path text = Files.writeString(dir.resolve("text.jar"), "not a zip");
        assertThatThrownBy(() -> JarInspector.inspect(text)).hasMessageContaining("not a jar");
    }

    @Test
    void aHalfWrittenJarIsNotComplete() throws IOException {
        byte[] whole = Files.readAllBytes(jar("whole.jar", "Bundle-SymbolicName", "a"));
        Path half = dir.resolve("half.jar");
        try (OutputStream out = Files.newOutputStream(half)) {
            out.write(Arrays.copyOf(whole, whole.length - 30));
        }
        assertThat(JarInspector.complete(half)).isFalse();
    }
}
