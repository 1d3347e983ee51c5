package org.csghub.dataviewer.internal;

import java.util.List;
import org.csghub.repo.api.RepoContent.LfsPointer;

/**
 * The configs and splits of a dataset at one commit.
 *
 * @param commit the commit the layout was read from
 * @param source {@code card} when the README's {@code configs:} defined it, {@code files} when it follows the
 *               file layout
 * @param partial the repository has more files than were looked at
 */
record Layout(String commit, String source, List<Config> configs, boolean partial) {

    Layout {
        configs = List.copyOf(configs);
    }

    /** A file of a split: where it is in the repository and how to get its bytes. */
    record DataFile(String path, DataFormat format, long size, String blobId, LfsPointer lfs) {

        /** The content address of the bytes: the LFS oid, or the Git blob id. */
        String contentKey() {
            return lfs != null ? "l" + lfs.oid() : "g" + blobId;
        }
    }

    record Split(String name, List<DataFile> files) {
        Split {
            files = List.copyOf(files);
        }

        long bytes() {
            return files.stream().mapToLong(DataFile::size).sum();
        }
    }

    record Config(String name, List<Split> splits) {
        Config {
            splits = List.copyOf(splits);
        }
    }
}
