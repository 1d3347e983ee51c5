/**
 * Asset repositories.
 *
 * <ul>
 * <li>{@link org.csghub.repo.api.RepoType}: the SPI a type bundle implements; a type whose bundle is not
 * installed does not exist.</li>
 * <li>{@link org.csghub.repo.api.Repositories}: the registry of repositories (metadata in the database).</li>
 * <li>{@link org.csghub.repo.api.RepoContent}: what is inside a repository (Git refs, commits, trees, blobs)
 * and the multi-file commit.</li>
 * <li>{@link org.csghub.repo.api.LfsStore}: Git LFS objects, deduplicated by oid across repositories.</li>
 * <li>{@link org.csghub.repo.api.CardReader}: a card's front matter, read as the registry reads it.</li>
 * <li>{@link org.csghub.repo.api.RepoListener}: whiteboard for other bundles (sync, moderation, inference)
 * to hear about created, changed, pushed and deleted repositories.</li>
 * </ul>
 */
@Export
@Version("1.0.0")
package org.csghub.repo.api;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
