package org.csghub.repo.git.internal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.csghub.accounts.api.Subject;
import org.csghub.repo.api.ContentUpdate;
import org.csghub.repo.api.Repo;
import org.csghub.repo.api.Repositories;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectLoader;
import org.eclipse.jgit.lib.Ref;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.treewalk.TreeWalk;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * Tells the registry that a ref moved (a push, a web commit): reads the default branch's README and the
 * repository's size and hands them to {@link Repositories#contentChanged}, which re-parses the card and
 * notifies the listeners.
 */
@Component(service = ChangeNotifier.class)
public class ChangeNotifier {

    /** A card larger than this is not parsed (front matter lives at the top of a small file). */
    static final int MAX_README_BYTES = 512 * 1024;

    private final Repositories repositories;
    private final GitRepos repos;

    @Activate
    public ChangeNotifier(@Reference Repositories repositories, @Reference GitRepos repos) {
        this.repositories = repositories;
        this.repos = repos;
    }

    /**
     * @param oldId the ref's previous commit, or {@code null}/zero when it was created
     * @param newId its new commit, or {@code null}/zero when it was deleted
     * @param lfsBytes the size of the LFS objects the repository references
     */
    public Repo refUpdated(Repo repo, Repository git, String ref, ObjectId oldId, ObjectId newId, long lfsBytes,
                           Subject actor) {
        try {
            Ref head = git.exactRef(Constants.R_HEADS + repo.defaultBranch());
            String headCommit = head == null || head.getObjectId() == null ? null : head.getObjectId().name();
            String readme = head == null ? null : readme(git, head.getObjectId());
            long size = gitBytes(repos.directory(repo.id())) + lfsBytes;
            return repositories.contentChanged(new ContentUpdate(repo.id(), ref, name(oldId), name(newId), headCommit,
                    readme, size, actor));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String name(ObjectId id) {
        return id == null || ObjectId.zeroId().equals(id) ? null : id.name();
    }

    static String readme(Repository git, ObjectId commit) throws IOException {
        try (RevWalk walk = new RevWalk(git)) {
            RevCommit c = walk.parseCommit(commit);
            try (TreeWalk tw = TreeWalk.forPath(git, "README.md", c.getTree())) {
                if (tw == null) {
                    return null;
                }
                ObjectLoader loader = git.open(tw.getObjectId(0));
                if (loader.getSize() > MAX_README_BYTES) {
                    return null;
                }
                return new String(loader.getBytes(), StandardCharsets.UTF_8);
            }
        }
    }

    static long gitBytes(Path dir) throws IOException {
        Path objects = dir.resolve("objects");
        if (!Files.isDirectory(objects)) {
            return 0;
        }
        try (Stream<Path> files = Files.walk(objects)) {
            return files.filter(Files::isRegularFile).mapToLong(p -> p.toFile().length()).sum();
        }
    }
}
