package org.csghub.plugins.internal;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import java.util.jar.JarFile;
import java.util.jar.Manifest;
import java.util.zip.ZipException;
import org.csghub.rest.ApiException;
import org.osgi.framework.Constants;

/**
 * Looks into a jar before the framework sees it, so that a file that is no bundle at all is refused with a
 * clear message instead of Felix's generic one.
 */
final class JarInspector {

    /** The identity of a bundle jar. */
    record BundleJar(String symbolicName, String version) {
    }

    private JarInspector() {
    }

    static BundleJar inspect(Path jar) {
        Manifest manifest;
        try (JarFile file = new JarFile(jar.toFile(), false)) {
            manifest = file.getManifest();
        } catch (ZipException e) {
            throw notABundle("The file is not a jar (zip) archive");
        } catch (IOException e) {
            throw notABundle("The jar cannot be read: " + e.getMessage());
        }
        if (manifest == null) {
            throw notABundle("The jar has no META-INF/MANIFEST.MF");
        }
        String bsn = PluginMetadata.symbolicName(manifest.getMainAttributes().getValue(Constants.BUNDLE_SYMBOLICNAME));
        if (bsn == null) {
            throw notABundle("The jar is not an OSGi bundle: its manifest has no Bundle-SymbolicName");
        }
        String version = manifest.getMainAttributes().getValue(Constants.BUNDLE_VERSION);
        return new BundleJar(bsn, version == null ? "0.0.0" : version.strip());
    }

    /** Whether the file is a complete zip: the central directory is written last, so a partial copy fails. */
    static boolean complete(Path jar) {
        try (JarFile file = new JarFile(jar.toFile(), false)) {
            return file.size() >= 0;
        } catch (IOException e) {
            return false;
        }
    }

    private static ApiException notABundle(String message) {
        return new ApiException(400, "not_a_bundle", message, Map.of());
    }
}
