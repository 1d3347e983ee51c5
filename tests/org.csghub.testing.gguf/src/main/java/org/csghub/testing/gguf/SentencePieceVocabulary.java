package org.csghub.testing.gguf;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A minimal SentencePiece ("llama") vocabulary: {@code <unk>}, {@code <s>}, {@code </s>}, the 256 byte tokens
 * {@code <0x00>}..{@code <0xFF>} (so any text can be tokenized by byte fallback), then {@code ▁} (the escaped
 * space) and a few words with every prefix, because the SentencePiece tokenizer only reaches {@code ▁hello} by
 * merging {@code ▁h}, {@code ▁he}, ... step by step.
 */
final class SentencePieceVocabulary {

    static final int UNKNOWN_ID = 0;
    static final int BOS_ID = 1;
    static final int EOS_ID = 2;

    // GGUF token types
    private static final int NORMAL = 1;
    private static final int UNKNOWN = 2;
    private static final int CONTROL = 3;
    private static final int BYTE = 6;

    private static final String SPACE = "\u2581";
    private static final List<String> WORDS = List.of("hello", "world");

    private final List<String> tokens = new ArrayList<>();
    private final List<Float> scores = new ArrayList<>();
    private final List<Integer> types = new ArrayList<>();

    SentencePieceVocabulary() {
        add("<unk>", 0f, UNKNOWN);
        add("<s>", 0f, CONTROL);
        add("</s>", 0f, CONTROL);
        for (int b = 0; b < 256; b++) {
            add(String.format(Locale.ROOT, "<0x%02X>", b), 0f, BYTE);
        }
        add(SPACE, -1f, NORMAL);
        for (String word : WORDS) {
            for (int end = 1; end <= word.length(); end++) {
                // longer pieces score higher, so the tokenizer prefers them, as a trained model's would
                add(SPACE + word.substring(0, end), -10f + end, NORMAL);
            }
        }
    }

    int size() {
        return tokens.size();
    }

    List<String> tokens() {
        return List.copyOf(tokens);
    }

    float[] scores() {
        float[] result = new float[scores.size()];
        for (int i = 0; i < result.length; i++) {
            result[i] = scores.get(i);
        }
        return result;
    }

    int[] types() {
        return types.stream().mapToInt(Integer::intValue).toArray();
    }

    private void add(String token, float score, int type) {
        tokens.add(token);
        scores.add(score);
        types.add(type);
    }
}
