package org.csghub.repo.git.internal.content;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.csghub.repo.api.RepoContent.CommitDetail;
import org.csghub.repo.api.RepoContent.FileChange;
import org.eclipse.jgit.diff.DiffEntry;
import org.eclipse.jgit.diff.DiffFormatter;
import org.eclipse.jgit.diff.RawTextComparator;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.treewalk.AbstractTreeIterator;
import org.eclipse.jgit.treewalk.CanonicalTreeParser;
import org.eclipse.jgit.treewalk.EmptyTreeIterator;

/**
 * A commit's changes against its first parent (the empty tree for a root commit), with renames detected.
 * Each file's patch is cut at {@link ContentConfig#maxPatchBytes()}, all patches together at
 * {@link ContentConfig#maxDiffBytes()}, the file list at {@link ContentConfig#maxDiffFiles()}: a commit that
 * adds a million lines still answers quickly and small.
 */
final class Diffs {

    private final ContentConfig config;

    Diffs(ContentConfig config) {
        this.config = config;
    }

    CommitDetail detail(Repository git, RevWalk walk, RevCommit commit) throws IOException {
        Bounded out = new Bounded();
        try (DiffFormatter formatter = new DiffFormatter(out)) {
            formatter.setRepository(git);
            formatter.setDiffComparator(RawTextComparator.DEFAULT);
            formatter.setDetectRenames(true);
            formatter.setBinaryFileThreshold(config.maxDiffFileBytes());
            AbstractTreeIterator before = commit.getParentCount() == 0 ? new EmptyTreeIterator()
                    : tree(walk, walk.parseCommit(commit.getParent(0)));
            List<DiffEntry> entries = formatter.scan(before, tree(walk, commit));
            List<FileChange> files = new ArrayList<>();
            long budget = config.maxDiffBytes();
            for (DiffEntry entry : entries) {
                if (files.size() >= config.maxDiffFiles()) {
                    break;
                }
                String change = entry.getChangeType().name().toLowerCase(Locale.ROOT);
                String oldPath = entry.getChangeType() == DiffEntry.ChangeType.ADD ? null : entry.getOldPath();
                String newPath = entry.getChangeType() == DiffEntry.ChangeType.DELETE ? null : entry.getNewPath();
                if (budget <= 0) {
                    files.add(new FileChange(change, oldPath, newPath, null, false, true));
                    continue;
                }
                out.reset((int) Math.min(config.maxPatchBytes(), budget));
                formatter.format(entry);
                formatter.flush();
                String patch = out.text();
                // content lines of a unified diff carry a prefix, so this line can only be the formatter's own
                if (patch.contains("\nBinary files differ\n")) {
                    files.add(new FileChange(change, oldPath, newPath, null, true, false));
                    continue;
                }
                budget -= out.kept();
                files.add(new FileChange(change, oldPath, newPath, patch, false, out.cut()));
            }
            return new CommitDetail(GitContent.info(commit), files, files.size() < entries.size());
        }
    }

    private static AbstractTreeIterator tree(RevWalk walk, RevCommit commit) throws IOException {
        CanonicalTreeParser parser = new CanonicalTreeParser();
        parser.reset(walk.getObjectReader(), commit.getTree());
        return parser;
    }

    /** Keeps the first {@code limit} bytes written and counts the rest, so a huge patch costs no memory. */
    private static final class Bounded extends OutputStream {
        private final ByteArrayOutputStream kept = new ByteArrayOutputStream();
        private int limit;
        private boolean cut;

        void reset(int limit) {
            kept.reset();
            this.limit = limit;
            this.cut = false;
        }

        @Override
        public void write(int b) {
            if (kept.size() < limit) {
                kept.write(b);
            } else {
                cut = true;
            }
        }

        @Override
        public void write(byte[] b, int off, int len) {
            int room = Math.max(0, limit - kept.size());
            kept.write(b, off, Math.min(room, len));
            if (len > room) {
                cut = true;
            }
        }

        int kept() {
            return kept.size();
        }

        boolean cut() {
            return cut;
        }

        String text() {
            byte[] bytes = kept.toByteArray();
            int end = bytes.length;
            if (cut) {
                // do not end in the middle of a UTF-8 sequence
                while (end > 0 && (bytes[end - 1] & 0xC0) == 0x80) {
                    end--;
                }
                if (end > 0 && (bytes[end - 1] & 0x80) != 0) {
                    end--;
                }
            }
            return new String(bytes, 0, end, StandardCharsets.UTF_8);
        }
    }
}
