package org.csghub.lib.spifly.internal;

import java.nio.charset.StandardCharsets;
import java.util.Set;
import org.apache.aries.spifly.BaseActivator;
import org.apache.aries.spifly.Util;
import org.apache.aries.spifly.WeavingData;
import org.apache.aries.spifly.dynamic.OSGiFriendlyClassWriter;
import org.apache.aries.spifly.weaver.TCCLSetterVisitor;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.ClassWriter;
import org.osgi.framework.hooks.weaving.WeavingHook;
import org.osgi.framework.hooks.weaving.WovenClass;

/**
 * Weaves ServiceLoader calls like SPI Fly's own hook, but first asks the cheap question: does the class
 * mention any class SPI Fly would rewrite a call to? A class can only call {@code ServiceLoader.load} if
 * {@code java/util/ServiceLoader} is in its constant pool, so a byte search over the class file rules out
 * almost every class of a consumer bundle, which SPI Fly otherwise re-assembles with full frame computation.
 */
final class PrefilteringWeavingHook implements WeavingHook {

    private final BaseActivator activator;
    private final String addedImport;

    PrefilteringWeavingHook(BaseActivator activator) {
        this.activator = activator;
        // woven code calls SPI Fly's Util; this extension is the only exporter of its package, so no
        // bundle-symbolic-name constraint (the framework reports extension exports under its own name)
        this.addedImport = Util.class.getPackage().getName() + ";version=\"[1.3,2)\"";
    }

    @Override
    public void weave(WovenClass woven) {
        Set<WeavingData> data = activator.getWeavingData(woven.getBundleWiring().getBundle());
        if (data == null || !mentionsAny(woven.getBytes(), data)) {
            return;
        }
        ClassReader reader = new ClassReader(woven.getBytes());
        ClassWriter writer = new OSGiFriendlyClassWriter(ClassWriter.COMPUTE_MAXS | ClassWriter.COMPUTE_FRAMES,
                woven.getBundleWiring().getClassLoader());
        TCCLSetterVisitor visitor = new TCCLSetterVisitor(writer, woven.getClassName(), data);
        reader.accept(visitor, ClassReader.SKIP_FRAMES);
        if (visitor.isWoven()) {
            woven.setBytes(writer.toByteArray());
            if (visitor.additionalImportRequired()) {
                woven.getDynamicImports().add(addedImport);
            }
        }
    }

    /** Whether the class file contains the internal name of a class whose calls would be woven. */
    static boolean mentionsAny(byte[] classFile, Set<WeavingData> data) {
        // Latin-1 maps bytes to chars one to one, and String.indexOf is a vectorised intrinsic
        String text = new String(classFile, StandardCharsets.ISO_8859_1);
        for (WeavingData d : data) {
            if (text.contains(d.getClassName().replace('.', '/'))) {
                return true;
            }
        }
        return false;
    }
}
