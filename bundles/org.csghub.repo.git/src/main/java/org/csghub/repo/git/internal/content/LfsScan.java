package org.csghub.repo.git.internal.content;

import java.io.IOException;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.csghub.repo.api.RepoContent.LfsPointer;
import org.csghub.repo.git.internal.LfsPointers;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.FileMode;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectReader;
import org.eclipse.jgit.lib.Ref;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.treewalk.TreeWalk;

/** The LFS objects the current branch and tag heads point at, read from the pointer files in their trees. */
final class LfsScan {

    private LfsScan() {
    }

    /** The total size of the distinct LFS objects referenced by the heads of all branches and tags. */
    static long referencedBytes(Repository git) throws IOException {
        Map<String, Long> objects = new HashMap<>();
        Set<ObjectId> trees = new HashSet<>();
        try (RevWalk walk = new RevWalk(git)) {
            ObjectReader reader = walk.getObjectReader();
            for (Ref ref : git.getRefDatabase().getRefsByPrefix(Constants.R_HEADS)) {
                addTree(walk, ref, trees);
            }
            for (Ref ref : git.getRefDatabase().getRefsByPrefix(Constants.R_TAGS)) {
                addTree(walk, ref, trees);
            }
            Set<ObjectId> seenBlobs = new HashSet<>();
            for (ObjectId tree : trees) {
                try (TreeWalk tw = new TreeWalk(git, reader)) {
                    tw.addTree(tree);
                    tw.setRecursive(true);
                    while (tw.next()) {
                        ObjectId id = tw.getObjectId(0);
                        if (tw.getFileMode(0) == FileMode.GITLINK || !seenBlobs.add(id)) {
                            continue;
                        }
                        if (reader.getObjectSize(id, Constants.OBJ_BLOB) <= LfsPointers.MAX_POINTER_BYTES) {
                            LfsPointers.parse(reader.open(id, Constants.OBJ_BLOB).getCachedBytes())
                                    .ifPresent((LfsPointer p) -> objects.put(p.oid(), p.size()));
                        }
                    }
                }
            }
        }
        return objects.values().stream().mapToLong(Long::longValue).sum();
    }

    private static void addTree(RevWalk walk, Ref ref, Set<ObjectId> trees) throws IOException {
        if (ref.getObjectId() == null) {
            return;
        }
        var peeled = walk.peel(walk.parseAny(ref.getObjectId()));
        if (peeled instanceof org.eclipse.jgit.revwalk.RevCommit c) {
            trees.add(c.getTree().getId());
        }
    }
}
