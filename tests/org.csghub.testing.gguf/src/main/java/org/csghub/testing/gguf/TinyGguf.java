package org.csghub.testing.gguf;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

/**
 * Writes a tiny llama-architecture GGUF with random F32 weights that llama.cpp loads and generates from: 2 layers,
 * n_embd 64, 4 heads, n_ff 128, context 256 and a SentencePiece vocabulary with byte tokens (about 0.5 MB, written
 * in milliseconds). The text it generates is random, but the same seed gives the same file byte for byte, and the
 * same file with temperature 0 gives the same completion.
 *
 * <p>There is no small generative GGUF in any package repository, so tests that need a real model (loading,
 * tokenizing, streaming, OpenAI response shapes) write this one.
 */
public final class TinyGguf {

    public static final String DEFAULT_NAME = "tiny-llama";
    public static final int CONTEXT_LENGTH = 256;
    public static final int EMBEDDING_LENGTH = 64;
    public static final int BLOCK_COUNT = 2;
    public static final int HEAD_COUNT = 4;
    public static final int FEED_FORWARD_LENGTH = 128;
    public static final int VOCABULARY_SIZE = new SentencePieceVocabulary().size();
    /** token_embd, output_norm, output and 9 per block. */
    public static final int TENSOR_COUNT = 3 + 9 * BLOCK_COUNT;

    static final int MAGIC = 0x46554747; // "GGUF" read as a little-endian uint32
    static final int VERSION = 3;
    private static final int ALIGNMENT = 32;
    private static final int GGML_TYPE_F32 = 0;
    private static final double WEIGHT_STDDEV = 0.02;

    private TinyGguf() {
    }

    /** Writes the model, named {@value #DEFAULT_NAME}, to {@code file} (replacing it); returns {@code file}. */
    public static Path write(Path file, long seed) {
        return write(file, seed, DEFAULT_NAME);
    }

    /** Writes the model with {@code general.name} = {@code name} to {@code file} (replacing it); returns it. */
    public static Path write(Path file, long seed, String name) {
        List<Tensor> tensors = tensors(new Random(seed));
        GgufMetadata metadata = metadata(name);
        try (OutputStream stream = new BufferedOutputStream(Files.newOutputStream(file))) {
            LittleEndianOutput out = new LittleEndianOutput(stream);
            out.u32(MAGIC);
            out.u32(VERSION);
            out.u64(tensors.size());
            out.u64(metadata.count());
            out.bytes(metadata.encoded());
            writeTensorInfos(out, tensors);
            out.padTo(ALIGNMENT);
            // the data section starts aligned, so aligning the file position aligns each tensor's offset too
            for (Tensor tensor : tensors) {
                out.floats(tensor.data());
                out.padTo(ALIGNMENT);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
        return file;
    }

    private static GgufMetadata metadata(String name) {
        SentencePieceVocabulary vocabulary = new SentencePieceVocabulary();
        return new GgufMetadata()
                .string("general.architecture", "llama")
                .string("general.name", name)
                .u32("general.file_type", 0) // all F32
                .u32("general.alignment", ALIGNMENT)
                .u32("llama.context_length", CONTEXT_LENGTH)
                .u32("llama.embedding_length", EMBEDDING_LENGTH)
                .u32("llama.block_count", BLOCK_COUNT)
                .u32("llama.feed_forward_length", FEED_FORWARD_LENGTH)
                .u32("llama.attention.head_count", HEAD_COUNT)
                .u32("llama.attention.head_count_kv", HEAD_COUNT)
                .u32("llama.rope.dimension_count", EMBEDDING_LENGTH / HEAD_COUNT)
                .f32("llama.attention.layer_norm_rms_epsilon", 1e-5f)
                .string("tokenizer.ggml.model", "llama")
                .strings("tokenizer.ggml.tokens", vocabulary.tokens())
                .floats("tokenizer.ggml.scores", vocabulary.scores())
                .ints("tokenizer.ggml.token_type", vocabulary.types())
                .u32("tokenizer.ggml.unknown_token_id", SentencePieceVocabulary.UNKNOWN_ID)
                .u32("tokenizer.ggml.bos_token_id", SentencePieceVocabulary.BOS_ID)
                .u32("tokenizer.ggml.eos_token_id", SentencePieceVocabulary.EOS_ID);
    }

    /** Shapes are ggml's {@code ne}: the innermost (row length) first. */
    private static List<Tensor> tensors(Random random) {
        int embd = EMBEDDING_LENGTH;
        List<Tensor> tensors = new ArrayList<>();
        tensors.add(Tensor.random("token_embd.weight", random, embd, VOCABULARY_SIZE));
        tensors.add(Tensor.ones("output_norm.weight", embd));
        tensors.add(Tensor.random("output.weight", random, embd, VOCABULARY_SIZE));
        for (int block = 0; block < BLOCK_COUNT; block++) {
            String prefix = "blk." + block + ".";
            tensors.add(Tensor.ones(prefix + "attn_norm.weight", embd));
            tensors.add(Tensor.random(prefix + "attn_q.weight", random, embd, embd));
            // head_count_kv == head_count, so k and v are as wide as q
            tensors.add(Tensor.random(prefix + "attn_k.weight", random, embd, embd));
            tensors.add(Tensor.random(prefix + "attn_v.weight", random, embd, embd));
            tensors.add(Tensor.random(prefix + "attn_output.weight", random, embd, embd));
            tensors.add(Tensor.ones(prefix + "ffn_norm.weight", embd));
            tensors.add(Tensor.random(prefix + "ffn_gate.weight", random, embd, FEED_FORWARD_LENGTH));
            tensors.add(Tensor.random(prefix + "ffn_up.weight", random, embd, FEED_FORWARD_LENGTH));
            tensors.add(Tensor.random(prefix + "ffn_down.weight", random, FEED_FORWARD_LENGTH, embd));
        }
        return tensors;
    }

    private static void writeTensorInfos(LittleEndianOutput out, List<Tensor> tensors) throws IOException {
        long offset = 0;
        for (Tensor tensor : tensors) {
            out.string(tensor.name());
            out.u32(tensor.shape().length);
            for (long dimension : tensor.shape()) {
                out.u64(dimension);
            }
            out.u32(GGML_TYPE_F32);
            out.u64(offset);
            long size = (long) tensor.data().length * Float.BYTES;
            offset += size + (ALIGNMENT - size % ALIGNMENT) % ALIGNMENT;
        }
    }

    private record Tensor(String name, long[] shape, float[] data) {

        static Tensor ones(String name, int length) {
            float[] data = new float[length];
            Arrays.fill(data, 1f); // RMS-norm weights: 1 leaves the normalised activations as they are
            return new Tensor(name, new long[] {length}, data);
        }

        static Tensor random(String name, Random random, int rowLength, int rows) {
            float[] data = new float[rowLength * rows];
            for (int i = 0; i < data.length; i++) {
                data[i] = (float) (random.nextGaussian() * WEIGHT_STDDEV);
            }
            return new Tensor(name, new long[] {rowLength, rows}, data);
        }
    }
}
