package org.csghub.repo.internal;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.csghub.repo.api.Repo;

/** What the REST API answers with, and what it accepts. */
final class RepoViews {

    private RepoViews() {
    }

    /** A repository as the API shows it; {@code cloneUrl} is the smart-HTTP URL. */
    record RepoView(long id, String type, String namespace, String name, String path, String description,
                    String visibility, String defaultBranch, List<String> tags, Map<String, Object> metadata,
                    String headCommit, long sizeBytes, long downloads, long likes, Instant createdAt,
                    Instant updatedAt, String cloneUrl) {

        static RepoView of(Repo r, String cloneUrl) {
            return new RepoView(r.id(), r.type(), r.namespace(), r.name(), r.path(), r.description(),
                    r.visibility().wireName(), r.defaultBranch(), r.tags(), r.metadata(), r.headCommit(), r.sizeBytes(),
                    r.downloads(), r.likes(), r.createdAt(), r.updatedAt(), cloneUrl);
        }
    }

    record Page<T>(List<T> items, long total, int page, int perPage) {
    }

    record CreateRepo(String namespace, String name, String description, String visibility, String defaultBranch,
                      List<String> tags) {
    }

    /** Fields left null are not changed. */
    record UpdateRepo(String description, String visibility, String defaultBranch, List<String> tags) {
    }

    /** Rename ({@code name}) and/or transfer ({@code namespace}). */
    record MoveRepo(String namespace, String name) {
    }

    record Liked(boolean liked, long likes) {
    }

    /** One end of a card relation; {@code exists} is false when no repository has that path (yet). */
    record Related(String type, String path, String relation, boolean exists) {
    }

    /**
     * The model tree and links around a repository: what it derives from and was trained on (from its card),
     * and which repositories derive from it or use it (from theirs).
     */
    record Relations(List<Related> baseModels, List<Related> derived, List<Related> datasets, List<Related> models,
                     List<Related> usedBy) {
    }

    record CollectionView(long id, String namespace, String name, String title, String description, String visibility,
                          Instant createdAt, Instant updatedAt, List<CollectionItem> items) {
    }

    record CollectionItem(String type, String path, String note, Instant addedAt) {
    }

    record CreateCollection(String namespace, String name, String title, String description, String visibility) {
    }

    record UpdateCollection(String title, String description, String visibility) {
    }

    record AddItem(String type, String path, String note) {
    }

    /** The installed repository types. */
    record TypeView(String name, String segment, String displayName, List<String> features,
                    List<Map<String, String>> cardFields) {
    }
}
