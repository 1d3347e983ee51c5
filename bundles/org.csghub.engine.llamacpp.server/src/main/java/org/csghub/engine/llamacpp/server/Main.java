package org.csghub.engine.llamacpp.server;

import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * {@code java -jar llama-server.jar --model FILE.gguf --port N [--host 127.0.0.1] [--ctx-size N] [--threads N]
 * [--served-model-name NAME] [--seed N]}: an OpenAI-compatible server for one GGUF model.
 *
 * <p>Exit codes: 0 after SIGTERM (the normal way to stop it), 1 if it cannot start (the port is taken), 2 if the model cannot be
 * loaded (the reason on stderr), 64 for a wrong command line. Every ending goes through {@link Runtime#halt}:
 * java-llama.cpp leaves a non-daemon native thread behind, so the JVM would outlive a return from main, and
 * System.exit would run the shutdown hook (exit code 0) on the way.
 */
public final class Main {

    static final int EXIT_STOPPED = 0;
    static final int EXIT_CANNOT_LISTEN = 1;
    static final int EXIT_MODEL_FAILED = 2;
    static final int EXIT_USAGE = 64;

    private Main() {
    }

    public static void main(String[] args) {
        ServerOptions options;
        try {
            options = ServerOptions.parse(args);
        } catch (IllegalArgumentException e) {
            exit(EXIT_USAGE, "llama-server: " + e.getMessage() + "\n" + ServerOptions.USAGE);
            return;
        }
        LlamaServer server;
        try {
            server = LlamaServer.start(options, System.out);
        } catch (IOException | UncheckedIOException e) {
            exit(EXIT_CANNOT_LISTEN, "llama-server: cannot start on " + options.host() + ":" + options.port()
                    + ": " + e);
            return;
        }
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            server.stop();
            Runtime.getRuntime().halt(EXIT_STOPPED); // the other hooks would only delete what stop() deleted
        }, "llama-server-shutdown"));
        try {
            server.loadModel();
        } catch (LlamaEngine.ModelLoadException e) {
            System.err.println("llama-server: " + e.getMessage());
            server.stop();
            // halt, not exit: exit would run the shutdown hook, which ends the process with 0
            exit(EXIT_MODEL_FAILED, "llama-server: exiting, the model could not be loaded");
        }
    }

    private static void exit(int code, String message) {
        System.err.println(message);
        System.err.flush();
        System.out.flush();
        Runtime.getRuntime().halt(code);
    }
}
