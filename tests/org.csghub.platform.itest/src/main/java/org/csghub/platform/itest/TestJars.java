package org.csghub.platform.itest;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.jar.Attributes;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.zip.ZipEntry;
import org.csghub.platform.itest.fixtures.FailingComponent;
import org.csghub.platform.itest.fixtures.ThrowingActivator;

/** Generates the odd jars the tests throw at the plugin API: not a bundle, unresolvable, failing. */
final class TestJars {

    private TestJars() {
    }

    /** A perfectly good jar that is no OSGi bundle: no Bundle-SymbolicName. */
    static byte[] notABundle() {
        return jar(Map.of("Main-Class", "x.Main", "Implementation-Title", "plain library"),
                Map.of("x/readme.txt", "hello".getBytes(StandardCharsets.UTF_8)));
    }

    /** A bundle importing a package nobody exports. */
    static byte[] unresolvable(String bsn, String missingPackage) {
        return jar(Map.of("Bundle-ManifestVersion", "2", "Bundle-SymbolicName", bsn, "Bundle-Version", "1.0.0",
                "Import-Package", missingPackage + ";version=\"[1.0,2)\""), Map.of());
    }

    /** A plugin whose DS component throws on activation (an immediate component, so it activates at start). */
    static byte[] failingComponent(String bsn) {
        String xml = """
                <?xml version="1.0" encoding="UTF-8"?>
                <scr:component xmlns:scr="http://www.osgi.org/xmlns/scr/v1.3.0" name="itest.failing" immediate="true" activate="activate">
                  <implementation class="%s"/>
                </scr:component>
                """.formatted(FailingComponent.class.getName());
        return jar(Map.of("Bundle-ManifestVersion", "2", "Bundle-SymbolicName", bsn, "Bundle-Version", "1.0.0",
                        "Service-Component", "OSGI-INF/failing.xml",
                        "Provide-Capability", "csghub.plugin;name=\"Failing itest plugin\";category=other"),
                Map.of("OSGI-INF/failing.xml", xml.getBytes(StandardCharsets.UTF_8),
                        classFile(FailingComponent.class), bytes(FailingComponent.class)));
    }

    /** A bundle whose activator throws, so bundle start itself fails. */
    static byte[] throwingActivator(String bsn) {
        return jar(Map.of("Bundle-ManifestVersion", "2", "Bundle-SymbolicName", bsn, "Bundle-Version", "1.0.0",
                        "Bundle-Activator", ThrowingActivator.class.getName(),
                        "Import-Package", "org.osgi.framework;version=\"[1.8,2)\""),
                Map.of(classFile(ThrowingActivator.class), bytes(ThrowingActivator.class)));
    }

    private static String classFile(Class<?> type) {
        return type.getName().replace('.', '/') + ".class";
    }

    private static byte[] bytes(Class<?> type) {
        try (InputStream in = type.getClassLoader().getResourceAsStream(classFile(type))) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static byte[] jar(Map<String, String> headers, Map<String, byte[]> entries) {
        Manifest manifest = new Manifest();
        manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        headers.forEach((k, v) -> manifest.getMainAttributes().putValue(k, v));
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (JarOutputStream out = new JarOutputStream(bytes, manifest)) {
            for (Map.Entry<String, byte[]> e : entries.entrySet()) {
                out.putNextEntry(new ZipEntry(e.getKey()));
                out.write(e.getValue());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }
}
