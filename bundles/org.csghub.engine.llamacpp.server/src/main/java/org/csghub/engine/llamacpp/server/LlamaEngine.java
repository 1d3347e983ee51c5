package org.csghub.engine.llamacpp.server;

import de.kherud.llama.LlamaIterator;
import de.kherud.llama.LlamaModel;
import de.kherud.llama.LlamaOutput;
import de.kherud.llama.ModelParameters;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The loaded model. One generation runs at a time (llama.cpp is set up with a single slot, and a tiny CPU box
 * gains nothing from interleaving); requests wait their turn in arrival order. Tokenizing only reads the
 * vocabulary and does not wait.
 */
final class LlamaEngine implements AutoCloseable {

    private final LlamaModel model;
    private final int vocabularySize;
    private final ReentrantLock generating = new ReentrantLock(true);

    private LlamaEngine(LlamaModel model, int vocabularySize) {
        this.model = model;
        this.vocabularySize = vocabularySize;
    }

    /** @throws ModelLoadException with the reason, for the process to print and exit on */
    static LlamaEngine load(ServerOptions options) {
        Path file = options.model();
        if (!Files.isRegularFile(file) || !Files.isReadable(file)) {
            throw new ModelLoadException("model file not found or not readable: " + file);
        }
        int vocabularySize;
        try {
            vocabularySize = GgufVocabulary.size(file);
        } catch (IOException | RuntimeException e) {
            throw new ModelLoadException("cannot read the model's GGUF metadata: " + e.getMessage());
        }
        ModelParameters parameters = new ModelParameters().setModel(file.toString()).setGpuLayers(0)
                // without a shift, generation stops when the context is full instead of going on forever
                .disableContextShift();
        options.ctxSize().ifPresent(parameters::setCtxSize);
        options.threads().ifPresent(parameters::setThreads);
        options.seed().ifPresent(parameters::setSeed);
        try {
            return new LlamaEngine(new LlamaModel(parameters), vocabularySize);
        } catch (RuntimeException | LinkageError e) { // LinkageError: the native library does not load here
            throw new ModelLoadException("llama.cpp cannot load " + file + ": " + e.getMessage());
        }
    }

    int[] tokenize(String text) {
        return model.encode(text);
    }

    String detokenize(int[] tokens) {
        for (int token : tokens) {
            if (token < 0 || token >= vocabularySize) {
                throw ApiError.invalidRequest("token " + token + " is not in the vocabulary (0.."
                        + (vocabularySize - 1) + ")", "tokens");
            }
        }
        return model.decode(tokens);
    }

    Generated complete(Generation generation) {
        try {
            return stream(generation, piece -> { });
        } catch (IOException e) {
            throw new IllegalStateException("collecting pieces does not do I/O", e);
        }
    }

    /**
     * Generates piece by piece, handing each non-empty piece to {@code sink} as it comes. If the sink fails (the
     * client went away), the generation is cancelled, so that the next request need not wait for it to run out,
     * and the failure rethrown.
     *
     * <p>llama.cpp sends one piece per generated token, then a last, empty one that ends the stream; it holds a
     * token back only while it ends inside a UTF-8 character. So the pieces before the last count the completion
     * tokens: java-llama.cpp passes on neither llama.cpp's own count nor its stop reason, and re-encoding the
     * text would count a different tokenization (with a leading space added, and random bytes replaced).
     */
    Generated stream(Generation generation, PieceSink sink) throws IOException {
        int promptTokens = countTokens(generation.prompt());
        StringBuilder text = new StringBuilder();
        int completionTokens = 0;
        generating.lock();
        try {
            LlamaIterator outputs = model.generate(generation.toParameters()).iterator();
            while (outputs.hasNext()) {
                LlamaOutput output = next(outputs);
                if (outputs.hasNext()) {
                    completionTokens++;
                }
                if (!output.text.isEmpty()) {
                    text.append(output.text);
                    try {
                        sink.piece(output.text);
                    } catch (IOException | RuntimeException e) {
                        outputs.cancel();
                        throw e;
                    }
                }
            }
        } finally {
            generating.unlock();
        }
        // reaching max_tokens is the one stop reason that can be told from the outside
        boolean hitLimit = generation.maxTokens().isPresent()
                && completionTokens >= generation.maxTokens().getAsInt();
        return new Generated(text.toString(), promptTokens, completionTokens, hitLimit ? "length" : "stop");
    }

    @Override
    public void close() {
        model.close();
    }

    private int countTokens(String text) {
        return text.isEmpty() ? 0 : model.encode(text).length;
    }

    private static LlamaOutput next(LlamaIterator outputs) {
        try {
            return outputs.next();
        } catch (RuntimeException e) {
            throw llamaError(e);
        }
    }

    /**
     * llama.cpp reports a request it cannot serve (a prompt longer than the context, a bad grammar) as a
     * de.kherud.llama.LlamaException, a class that is not public.
     */
    private static RuntimeException llamaError(RuntimeException e) {
        if (e.getClass().getName().equals("de.kherud.llama.LlamaException")) {
            return ApiError.invalidRequest(e.getMessage(), null);
        }
        return e;
    }

    interface PieceSink {
        void piece(String text) throws IOException;
    }

    static final class ModelLoadException extends RuntimeException {
        ModelLoadException(String message) {
            super(message);
        }
    }
}
