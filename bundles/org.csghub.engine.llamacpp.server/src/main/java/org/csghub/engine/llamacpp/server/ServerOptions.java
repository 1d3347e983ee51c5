package org.csghub.engine.llamacpp.server;

import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Locale;
import java.util.OptionalInt;
import java.util.OptionalLong;

/**
 * The command line, in llama.cpp server's spelling so that the hub's runtime can start either with the same
 * arguments. Unset optional values leave llama.cpp's defaults in place.
 */
record ServerOptions(Path model, String host, int port, OptionalInt ctxSize, OptionalInt threads,
                     String servedModelName, OptionalLong seed) {

    static final String USAGE = "usage: java -jar llama-server.jar --model FILE.gguf --port N [--host 127.0.0.1]"
            + " [--ctx-size N] [--threads N] [--served-model-name NAME] [--seed N]";

    /** @throws IllegalArgumentException with a message for the user when the arguments are wrong */
    static ServerOptions parse(String... args) {
        Deque<String> rest = new ArrayDeque<>(List.of(args));
        Path model = null;
        String host = "127.0.0.1";
        Integer port = null;
        OptionalInt ctxSize = OptionalInt.empty();
        OptionalInt threads = OptionalInt.empty();
        String servedModelName = null;
        OptionalLong seed = OptionalLong.empty();
        while (!rest.isEmpty()) {
            String option = rest.pop();
            switch (option) {
                case "--model", "-m" -> model = Path.of(value(option, rest));
                case "--host" -> host = value(option, rest);
                case "--port" -> port = number(option, value(option, rest), 0, 65535);
                case "--ctx-size", "-c" -> ctxSize = OptionalInt.of(number(option, value(option, rest), 1, Integer.MAX_VALUE));
                case "--threads", "-t" -> threads = OptionalInt.of(number(option, value(option, rest), 1, 4096));
                case "--served-model-name", "--alias", "-a" -> servedModelName = value(option, rest);
                case "--seed", "-s" -> seed = OptionalLong.of(longNumber(option, value(option, rest)));
                default -> throw new IllegalArgumentException("unknown option " + option);
            }
        }
        if (model == null) {
            throw new IllegalArgumentException("--model is required");
        }
        if (port == null) {
            throw new IllegalArgumentException("--port is required");
        }
        if (servedModelName == null) {
            servedModelName = defaultModelName(model);
        }
        return new ServerOptions(model, host, port, ctxSize, threads, servedModelName, seed);
    }

    /** The file name without {@code .gguf}, as the OpenAI model id when none is given. */
    static String defaultModelName(Path model) {
        String fileName = model.getFileName().toString();
        return fileName.toLowerCase(Locale.ROOT).endsWith(".gguf")
                ? fileName.substring(0, fileName.length() - ".gguf".length())
                : fileName;
    }

    private static String value(String option, Deque<String> rest) {
        if (rest.isEmpty()) {
            throw new IllegalArgumentException(option + " needs a value");
        }
        return rest.pop();
    }

    private static int number(String option, String value, int min, int max) {
        long number = longNumber(option, value);
        if (number < min || number > max) {
            throw new IllegalArgumentException(option + " must be between " + min + " and " + max + ": " + value);
        }
        return (int) number;
    }

    private static long longNumber(String option, String value) {
        try {
            return Long.parseLong(value);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(option + " needs a number: " + value);
        }
    }
}
