package org.csghub.compute.internal;

import java.util.List;
import java.util.Locale;
import org.csghub.compute.api.EngineArg;
import org.csghub.compute.api.EngineDescriptor;
import org.csghub.compute.api.EngineImage;

/**
 * An engine as the engine list shows it: what a deploy form needs (formats, images per compute type, the argument
 * schema with lower-case widget types), without the command templates and environment, which are the runtime's.
 */
public record EngineView(String name, String displayName, String description, List<String> formats,
                         List<String> architectures, List<String> computeTypes, List<Image> images, int port,
                         String healthPath, String readinessPath, String openaiBasePath, List<Arg> args,
                         List<String> quantizations, boolean runsLocally) {

    /** One image of the engine. */
    public record Image(String computeType, String image, String engineVersion, List<String> extraArchitectures) {
    }

    /** One argument; {@code type} is {@code text}, {@code int}, {@code float}, {@code select} or {@code switch}. */
    public record Arg(String name, String type, String defaultValue, List<String> allowed, String description) {
    }

    public static EngineView of(EngineDescriptor d) {
        return new EngineView(d.name(), d.displayName(), d.description(), d.formats(), d.architectures(),
                d.images().stream().map(EngineImage::computeType).distinct().toList(),
                d.images().stream().map(i -> new Image(i.computeType(), i.image(), i.engineVersion(),
                        i.extraArchitectures())).toList(),
                d.port(), d.healthPath(), d.readinessPath(), d.openaiBasePath(),
                d.args().stream().map(EngineView::arg).toList(), d.quantizations(), !d.localCommand().isEmpty());
    }

    private static Arg arg(EngineArg a) {
        return new Arg(a.name(), a.type().name().toLowerCase(Locale.ROOT), a.defaultValue(), a.allowed(),
                a.description());
    }
}
