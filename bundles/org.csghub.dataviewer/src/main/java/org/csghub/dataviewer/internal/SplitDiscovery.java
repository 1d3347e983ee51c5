package org.csghub.dataviewer.internal;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.csghub.dataviewer.internal.Layout.Config;
import org.csghub.dataviewer.internal.Layout.DataFile;
import org.csghub.dataviewer.internal.Layout.Split;

/**
 * Configs and splits the way the HuggingFace {@code datasets} library finds them:
 * <ol>
 * <li>the card's {@code configs:} ({@code config_name}, {@code data_files} as a pattern, a list of patterns, a list
 * of {@code {split, path}} or a map of split to patterns, or {@code data_dir}), glob patterns relative to the
 * repository root;</li>
 * <li>otherwise one {@code default} config from the file layout: sharded {@code data/<split>-00000-of-00003.*}
 * names, else directories named after a split ({@code train/}, {@code data/test-1/}), else file names
 * ({@code train.csv}, {@code my_valid_0.jsonl}), else every data file in {@code train}. Keywords: train/training;
 * validation/valid/val/dev; test/testing/eval/evaluation. As in {@code datasets}, a layout uses the files of its most
 * common format only.</li>
 * </ol>
 * Pure functions of the file list and the front matter.
 */
final class SplitDiscovery {

    static final String DEFAULT_CONFIG = "default";

    /** split -> the names that mean it, in precedence order */
    private static final List<Map.Entry<String, List<String>>> KEYWORDS = List.of(
            Map.entry("train", List.of("train", "training")),
            Map.entry("validation", List.of("validation", "valid", "val", "dev")),
            Map.entry("test", List.of("test", "testing", "eval", "evaluation")));
    private static final List<String> SPLIT_ORDER = KEYWORDS.stream().map(Map.Entry::getKey).toList();

    private static final Pattern SHARDED = Pattern.compile("data/(\\w+(?:\\.\\w+)*)-\\d{5}-of-\\d{5}[^/]*\\.[^/]+");
    private static final Pattern SEPARATORS = Pattern.compile("[-._ 0-9]+");

    private SplitDiscovery() {
    }

    /** The configs, from the card when it defines any, else from the layout; the source is card or files. */
    static Result discover(List<DataFile> files, Map<String, Object> frontMatter) {
        List<Config> fromCard = fromCard(files, frontMatter);
        if (!fromCard.isEmpty()) {
            return new Result("card", fromCard);
        }
        List<Split> splits = fromLayout(files);
        return new Result("files", splits.isEmpty() ? List.of() : List.of(new Config(DEFAULT_CONFIG, splits)));
    }

    record Result(String source, List<Config> configs) {
    }

    // ---- the card

    static List<Config> fromCard(List<DataFile> files, Map<String, Object> frontMatter) {
        if (!(frontMatter.get("configs") instanceof List<?> configs)) {
            return List.of();
        }
        List<Config> out = new ArrayList<>();
        Set<String> names = new LinkedHashSet<>();
        for (Object o : configs) {
            if (!(o instanceof Map<?, ?> c)) {
                continue;
            }
            String name = c.get("config_name") == null ? DEFAULT_CONFIG : String.valueOf(c.get("config_name"));
            if (!names.add(name)) {
                continue;
            }
            Map<String, List<String>> patterns = dataFilePatterns(c.get("data_files"));
            List<Split> splits;
            if (!patterns.isEmpty()) {
                splits = new ArrayList<>();
                for (Map.Entry<String, List<String>> e : patterns.entrySet()) {
                    List<DataFile> matched = matching(files, e.getValue());
                    if (!matched.isEmpty()) {
                        splits.add(new Split(e.getKey(), matched));
                    }
                }
            } else if (c.get("data_dir") instanceof String dir && !dir.isBlank()) {
                String prefix = dir.replaceAll("^/+|/+$", "") + "/";
                splits = fromLayout(files.stream().filter(f -> f.path().startsWith(prefix)).toList(), prefix);
            } else {
                continue;
            }
            if (splits.isEmpty()) {
                continue;
            }
            Config config = new Config(name, splits);
            if (Boolean.TRUE.equals(c.get("default"))) {
                out.add(0, config);
            } else {
                out.add(config);
            }
        }
        return out;
    }

    /** split -> patterns, in card order; a bare pattern or list of patterns is the train split. */
    private static Map<String, List<String>> dataFilePatterns(Object dataFiles) {
        Map<String, List<String>> out = new LinkedHashMap<>();
        if (dataFiles instanceof String s) {
            out.put("train", List.of(s));
        } else if (dataFiles instanceof Map<?, ?> m) {
            m.forEach((k, v) -> addPatterns(out, String.valueOf(k), v));
        } else if (dataFiles instanceof List<?> list) {
            for (Object item : list) {
                if (item instanceof String s) {
                    addPatterns(out, "train", s);
                } else if (item instanceof Map<?, ?> m && m.get("path") != null) {
                    addPatterns(out, m.get("split") == null ? "train" : String.valueOf(m.get("split")), m.get("path"));
                }
            }
        }
        return out;
    }

    private static void addPatterns(Map<String, List<String>> out, String split, Object patterns) {
        List<String> list = out.computeIfAbsent(split, k -> new ArrayList<>());
        if (patterns instanceof String s) {
            list.add(s);
        } else if (patterns instanceof List<?> l) {
            l.stream().filter(p -> p instanceof String).map(String.class::cast).forEach(list::add);
        }
    }

    private static List<DataFile> matching(List<DataFile> files, List<String> globs) {
        List<Pattern> patterns = globs.stream().map(SplitDiscovery::glob).toList();
        return files.stream().filter(f -> patterns.stream().anyMatch(p -> p.matcher(f.path()).matches())).toList();
    }

    /**
     * A glob as fsspec reads it: {@code *} and {@code ?} stay within a directory, {@code **} crosses directories,
     * {@code [...]} is a character class; a leading {@code ./} or {@code /} is ignored.
     */
    static Pattern glob(String glob) {
        String g = glob.strip().replaceFirst("^(\\./|/)+", "");
        StringBuilder re = new StringBuilder();
        for (int i = 0; i < g.length(); i++) {
            char ch = g.charAt(i);
            if (ch == '*') {
                if (i + 1 < g.length() && g.charAt(i + 1) == '*') {
                    i++;
                    if (i + 1 < g.length() && g.charAt(i + 1) == '/') {
                        i++;
                        re.append("(?:.*/)?"); // **/ also matches no directory at all
                    } else {
                        re.append(".*");
                    }
                } else {
                    re.append("[^/]*");
                }
            } else if (ch == '?') {
                re.append("[^/]");
            } else if (ch == '[') {
                int close = g.indexOf(']', i + 2);
                if (close < 0) {
                    re.append("\\[");
                } else {
                    String body = g.substring(i + 1, close);
                    boolean negate = body.startsWith("!") || body.startsWith("^");
                    if (negate) {
                        body = body.substring(1);
                    }
                    re.append('[').append(negate ? "^/" : "");
                    for (char b : body.toCharArray()) {
                        re.append(b == '-' || Character.isLetterOrDigit(b) ? String.valueOf(b) : "\\" + b);
                    }
                    re.append(']');
                    i = close;
                }
            } else {
                re.append(Character.isLetterOrDigit(ch) ? String.valueOf(ch) : "\\" + ch);
            }
        }
        return Pattern.compile(re.toString());
    }

    // ---- the file layout

    static List<Split> fromLayout(List<DataFile> files) {
        return fromLayout(files, "");
    }

    /** @param base the directory the layout is read in ({@code data_dir/}), stripped before matching */
    private static List<Split> fromLayout(List<DataFile> all, String base) {
        List<DataFile> files = mostCommonFormat(all);
        if (files.isEmpty()) {
            return List.of();
        }
        Map<String, List<DataFile>> sharded = new LinkedHashMap<>();
        for (DataFile f : files) {
            Matcher m = SHARDED.matcher(f.path().substring(base.length()));
            if (m.matches()) {
                sharded.computeIfAbsent(m.group(1), k -> new ArrayList<>()).add(f);
            }
        }
        if (!sharded.isEmpty()) {
            return ordered(sharded);
        }
        Map<String, List<DataFile>> byDir = byKeyword(files, base, true);
        if (!byDir.isEmpty()) {
            return ordered(byDir);
        }
        Map<String, List<DataFile>> byName = byKeyword(files, base, false);
        if (!byName.isEmpty()) {
            return ordered(byName);
        }
        return List.of(new Split("train", files));
    }

    private static Map<String, List<DataFile>> byKeyword(List<DataFile> files, String base, boolean directories) {
        Map<String, List<DataFile>> out = new LinkedHashMap<>();
        for (DataFile f : files) {
            String rel = f.path().substring(base.length());
            int slash = rel.lastIndexOf('/');
            List<String> names = directories
                    ? (slash < 0 ? List.<String>of() : List.of(rel.substring(0, slash).split("/")))
                    : List.of(rel.substring(slash + 1));
            splitOf(names).ifPresent(split -> out.computeIfAbsent(split, k -> new ArrayList<>()).add(f));
        }
        return out;
    }

    /** The first split whose keyword is a whole token ({@code [-._ 0-9]}-separated) of one of the names. */
    private static Optional<String> splitOf(List<String> names) {
        for (Map.Entry<String, List<String>> k : KEYWORDS) {
            for (String name : names) {
                for (String token : SEPARATORS.split(name.toLowerCase(Locale.ROOT))) {
                    if (k.getValue().contains(token)) {
                        return Optional.of(k.getKey());
                    }
                }
            }
        }
        return Optional.empty();
    }

    /** train, validation, test first, then the other names in order. */
    private static List<Split> ordered(Map<String, List<DataFile>> splits) {
        List<String> names = new ArrayList<>(splits.keySet());
        List<String> known = SPLIT_ORDER;
        names.sort(Comparator.comparingInt((String n) -> known.contains(n) ? known.indexOf(n) : known.size())
                .thenComparing(Comparator.naturalOrder()));
        return names.stream().map(n -> new Split(n, splits.get(n).stream()
                .sorted(Comparator.comparing(DataFile::path)).toList())).toList();
    }

    /** The files of the most common format family (CSV and TSV count together); Parquet wins a tie. */
    static List<DataFile> mostCommonFormat(List<DataFile> files) {
        Map<DataFormat, Integer> counts = new EnumMap<>(DataFormat.class);
        for (DataFile f : files) {
            counts.merge(family(f.format()), 1, Integer::sum);
        }
        Optional<DataFormat> best = counts.entrySet().stream()
                .max(Comparator.comparingInt((Map.Entry<DataFormat, Integer> e) -> e.getValue())
                        .thenComparing(e -> -e.getKey().preference()))
                .map(Map.Entry::getKey);
        return best.map(b -> files.stream().filter(f -> family(f.format()) == b).toList()).orElse(List.of());
    }

    private static DataFormat family(DataFormat f) {
        return f == DataFormat.TSV ? DataFormat.CSV : f;
    }
}
