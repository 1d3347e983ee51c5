package org.csghub.repo.git.internal.content;

import com.fasterxml.jackson.annotation.JsonAlias;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;
import org.csghub.repo.api.RepoContent.CommitInfo;
import org.csghub.repo.api.RepoContent.LfsPointer;

/** The JSON bodies of the content API that are not {@link org.csghub.repo.api.RepoContent} records. */
final class Views {

    private Views() {
    }

    /** A page of the log; {@code hasMore} says whether {@code page + 1} has commits. */
    record CommitPage(List<CommitInfo> items, int page, int perPage, boolean hasMore) {
    }

    /**
     * A file's metadata and, for a small text file, its content.
     *
     * @param content the UTF-8 text, or {@code null} for directories, binary, LFS and large files
     */
    record Blob(String path, String type, long size, String blobId, LfsPointer lfs, String commit, boolean binary,
                String content) {
    }

    /** {@code POST .../commits}. */
    record CommitBody(String branch, String message,
                      @JsonProperty("parent_commit") @JsonAlias("parentCommit") String parentCommit,
                      List<Operation> operations) {
    }

    /**
     * One operation: {@code content} is base64, {@code content_text} UTF-8 text; {@code lfs} an object already
     * uploaded through the LFS API.
     */
    record Operation(String op, String path, String from, String content,
                     @JsonProperty("content_text") @JsonAlias("contentText") String contentText, LfsPointer lfs) {
    }
}
