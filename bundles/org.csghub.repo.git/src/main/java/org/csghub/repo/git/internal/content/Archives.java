package org.csghub.repo.git.internal.content;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPOutputStream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.csghub.repo.api.Repo;
import org.csghub.repo.api.RepoContent;

/** Zip and tar.gz of a revision, streamed; LFS files are archived with their content, not their pointers. */
final class Archives {

    private static final int PAGE = 1000;

    private Archives() {
    }

    /** The files at a revision (resolved to one commit) and the bytes they hold. */
    record Plan(String commit, List<RepoContent.Entry> files, long bytes) {
    }

    static Plan plan(JGitContent content, Repo repo, String ref) {
        String commit = content.resolve(repo, ref);
        List<RepoContent.Entry> files = new ArrayList<>();
        long bytes = 0;
        String cursor = null;
        do {
            RepoContent.TreePage page = content.tree(repo, commit, "", true, cursor, PAGE);
            for (RepoContent.Entry e : page.entries()) {
                if ("file".equals(e.type())) {
                    files.add(e);
                    bytes += e.size();
                }
            }
            cursor = page.next();
        } while (cursor != null);
        return new Plan(commit, files, bytes);
    }

    static void write(JGitContent content, Repo repo, Plan plan, String base, String format, OutputStream out)
            throws IOException {
        if ("zip".equals(format)) {
            try (ZipOutputStream zip = new ZipOutputStream(out)) {
                for (RepoContent.Entry e : plan.files()) {
                    zip.putNextEntry(new ZipEntry(base + "/" + e.path()));
                    try (InputStream in = open(content, repo, plan, e)) {
                        in.transferTo(zip);
                    }
                    zip.closeEntry();
                }
            }
        } else {
            try (TarArchiveOutputStream tar = new TarArchiveOutputStream(new GZIPOutputStream(out, 64 * 1024))) {
                tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
                tar.setBigNumberMode(TarArchiveOutputStream.BIGNUMBER_POSIX);
                for (RepoContent.Entry e : plan.files()) {
                    TarArchiveEntry t = new TarArchiveEntry(base + "/" + e.path());
                    t.setSize(e.size());
                    tar.putArchiveEntry(t);
                    try (InputStream in = open(content, repo, plan, e)) {
                        in.transferTo(tar);
                    }
                    tar.closeArchiveEntry();
                }
            }
        }
    }

    private static InputStream open(JGitContent content, Repo repo, Plan plan, RepoContent.Entry e) throws IOException {
        return e.lfs() != null ? content.lfs().open(e.lfs().oid(), 0, -1) : content.open(repo, plan.commit(), e.path());
    }
}
