package org.csghub.inference.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.csghub.compute.api.ModelProfile;
import org.csghub.repo.api.LfsStore;
import org.csghub.repo.api.Repo;
import org.csghub.repo.api.RepoContent;

/**
 * What a model is, for matching engines: GGUF when the revision holds {@code .gguf} files (architecture from the
 * first one's header), else the architectures of {@code config.json} with safetensors or PyTorch weights.
 */
final class ModelProfiler {

    private static final int MAX_FILES = 20_000;
    private static final long HEADER_BYTES = 16L << 20;

    private final RepoContent content;
    private final LfsStore lfs;
    private final ObjectMapper json;

    ModelProfiler(RepoContent content, LfsStore lfs, ObjectMapper json) {
        this.content = content;
        this.lfs = lfs;
        this.json = json;
    }

    ModelProfile profile(Repo repo, String commit) throws IOException {
        List<RepoContent.Entry> files = files(repo, commit);
        List<RepoContent.Entry> gguf = files.stream()
                .filter(f -> f.path().toLowerCase(Locale.ROOT).endsWith(".gguf")).toList();
        if (!gguf.isEmpty()) {
            long size = gguf.stream().mapToLong(RepoContent.Entry::size).sum();
            Optional<String> arch;
            try (InputStream in = open(repo, commit, gguf.get(0))) {
                arch = GgufArchitecture.read(in);
            }
            return new ModelProfile("gguf", arch.map(List::of).orElse(List.of()), size);
        }
        List<String> architectures = new ArrayList<>();
        Optional<RepoContent.Entry> config = files.stream().filter(f -> f.path().equals("config.json")).findFirst();
        if (config.isPresent() && config.get().size() < (1 << 20)) {
            try (InputStream in = open(repo, commit, config.get())) {
                JsonNode node = json.readTree(in).path("architectures");
                node.forEach(a -> architectures.add(a.asText()));
            } catch (com.fasterxml.jackson.core.JsonProcessingException broken) {
                // a broken config.json names no architecture
            }
        }
        long safetensors = size(files, ".safetensors");
        long pytorch = size(files, ".bin") + size(files, ".pt") + size(files, ".pth");
        String format = safetensors > 0 ? "safetensors" : pytorch > 0 ? "pytorch" : "unknown";
        return new ModelProfile(format, architectures, safetensors > 0 ? safetensors : pytorch);
    }

    private static long size(List<RepoContent.Entry> files, String suffix) {
        return files.stream().filter(f -> f.path().toLowerCase(Locale.ROOT).endsWith(suffix))
                .mapToLong(RepoContent.Entry::size).sum();
    }

    private List<RepoContent.Entry> files(Repo repo, String commit) {
        List<RepoContent.Entry> out = new ArrayList<>();
        String cursor = null;
        do {
            RepoContent.TreePage page = content.tree(repo, commit, "", true, cursor, 1000);
            page.entries().stream().filter(e -> e.type().equals("file")).forEach(out::add);
            cursor = page.next();
        } while (cursor != null && out.size() < MAX_FILES);
        return out;
    }

    private InputStream open(Repo repo, String commit, RepoContent.Entry entry) throws IOException {
        if (entry.lfs() != null) {
            return lfs.open(entry.lfs().oid(), 0, Math.min(entry.lfs().size(), HEADER_BYTES));
        }
        return content.open(repo, commit, entry.path());
    }
}
