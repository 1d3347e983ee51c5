package org.csghub.engine.llamacpp.server;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The HTTP server and the model behind it. It listens first and loads the model after, so that a supervisor
 * polling /health sees "loading" (503) rather than a refused connection while a large model maps in.
 */
final class LlamaServer {

    private final ServerOptions options;
    private final PrintStream log;
    private final ModelState state = new ModelState();
    private final NativeLibraryDirectory nativeDirectory;
    private final ExecutorService workers;
    private final HttpServer http;
    private final AtomicBoolean stopped = new AtomicBoolean();

    private LlamaServer(ServerOptions options, PrintStream log) throws IOException {
        this.options = options;
        this.log = log;
        this.http = HttpServer.create(new InetSocketAddress(options.host(), options.port()), 64);
        this.nativeDirectory = NativeLibraryDirectory.create(); // once the port is ours: nothing to leak before
        // a thread per open request: /health must answer while a generation holds the model
        this.workers = Executors.newCachedThreadPool(daemonThreads());
        http.createContext("/", router());
        http.setExecutor(workers);
    }

    static LlamaServer start(ServerOptions options, PrintStream log) throws IOException {
        LlamaServer server = new LlamaServer(options, log);
        server.http.start();
        InetSocketAddress address = server.http.getAddress();
        log.println("llama-server: listening on http://" + address.getHostString() + ":" + address.getPort());
        log.println("llama-server: native library directory " + server.nativeDirectory.path());
        return server;
    }

    /** @throws LlamaEngine.ModelLoadException with the reason */
    void loadModel() {
        log.println("llama-server: loading model " + options.model());
        long start = System.nanoTime();
        state.ready(LlamaEngine.load(options));
        log.printf("llama-server: model loaded in %d ms, serving it as '%s'%n",
                (System.nanoTime() - start) / 1_000_000, options.servedModelName());
    }

    /** Stops listening, ends the model's work loop and removes the native library; safe to call twice. */
    void stop() {
        if (!stopped.compareAndSet(false, true)) {
            return;
        }
        log.println("llama-server: stopping");
        http.stop(0);
        workers.shutdownNow();
        LlamaEngine engine = state.loadedOrNull();
        if (engine != null) {
            engine.close();
        }
        nativeDirectory.delete();
        log.flush();
    }

    private Router router() {
        String name = options.servedModelName();
        InfoEndpoints info = new InfoEndpoints(state, name);
        TokenizerEndpoints tokenizer = new TokenizerEndpoints(state);
        CompletionEndpoint chat = new CompletionEndpoint(new CompletionFormat.Chat(), state::engine, name);
        CompletionEndpoint text = new CompletionEndpoint(new CompletionFormat.Text(), state::engine, name);
        return new Router(log)
                .route("GET", "/health", info::health)
                .route("GET", "/v1/models", info::models)
                .route("POST", "/v1/chat/completions", chat::handle)
                .route("POST", "/v1/completions", text::handle)
                .route("POST", "/tokenize", tokenizer::tokenize)
                .route("POST", "/detokenize", tokenizer::detokenize);
    }

    private static ThreadFactory daemonThreads() {
        AtomicInteger count = new AtomicInteger();
        return runnable -> {
            Thread thread = new Thread(runnable, "llama-server-http-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }
}
