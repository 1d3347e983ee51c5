package org.csghub.repo.git.internal.content;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import org.csghub.repo.api.Repo;
import org.csghub.rest.ApiException;
import org.eclipse.jgit.errors.IncorrectObjectTypeException;
import org.eclipse.jgit.errors.MissingObjectException;
import org.eclipse.jgit.lib.AbbreviatedObjectId;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectReader;
import org.eclipse.jgit.lib.Ref;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevObject;
import org.eclipse.jgit.revwalk.RevWalk;

/**
 * Turns what a client calls a revision into a commit: a branch (also with {@code /}, {@code feature/x}), a
 * tag, a full ref name, or a full or abbreviated commit id, in that order. Never Git's revision expressions
 * ({@code main~2}, {@code @{1}}): those are refused by {@link PathRules#revision}.
 */
final class Revisions {

    private Revisions() {
    }

    static RevCommit commit(Repository git, RevWalk walk, Repo repo, String revision) throws IOException {
        PathRules.revision(revision);
        ObjectId id = refTarget(git, revision);
        if (id == null) {
            id = abbreviated(git, walk.getObjectReader(), revision);
        }
        if (id == null) {
            throw notFound(repo, revision);
        }
        try {
            RevObject peeled = walk.peel(walk.parseAny(id));
            if (peeled instanceof RevCommit c) {
                return c;
            }
        } catch (MissingObjectException | IncorrectObjectTypeException e) {
            // fall through: a ref to something that is not a commit names no revision
        }
        throw notFound(repo, revision);
    }

    private static ObjectId refTarget(Repository git, String revision) throws IOException {
        for (String name : List.of(Constants.R_HEADS + revision, Constants.R_TAGS + revision, revision)) {
            if (name.equals(revision) && !revision.startsWith(Constants.R_REFS)) {
                continue;
            }
            Ref ref = git.exactRef(name);
            if (ref != null && ref.getObjectId() != null) {
                return ref.getObjectId();
            }
        }
        return null;
    }

    private static ObjectId abbreviated(Repository git, ObjectReader reader, String revision) throws IOException {
        if (revision.length() < 4 || revision.length() > Constants.OBJECT_ID_STRING_LENGTH
                || !revision.chars().allMatch(c -> (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) {
            return null;
        }
        if (revision.length() == Constants.OBJECT_ID_STRING_LENGTH) {
            ObjectId id = ObjectId.fromString(revision);
            return git.getObjectDatabase().has(id) ? id : null;
        }
        Collection<ObjectId> candidates = reader.resolve(AbbreviatedObjectId.fromString(revision));
        List<ObjectId> commits = new ArrayList<>();
        for (ObjectId candidate : candidates) {
            if (reader.open(candidate).getType() == Constants.OBJ_COMMIT) {
                commits.add(candidate);
            }
        }
        if (commits.size() > 1) {
            throw new ApiException(422, "ambiguous_revision",
                    "Commit id '" + revision + "' is ambiguous; give more characters", Map.of("ref", revision));
        }
        return commits.isEmpty() ? null : commits.get(0);
    }

    static ApiException notFound(Repo repo, String revision) {
        return new ApiException(404, "not_found",
                "Revision '" + PathRules.printable(revision) + "' not found in " + repo.path(),
                Map.of("ref", PathRules.printable(revision)));
    }
}
