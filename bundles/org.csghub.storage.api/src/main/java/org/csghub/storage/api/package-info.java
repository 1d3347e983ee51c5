/**
 * Object storage for large content (LFS objects, datasets, model files, job outputs).
 *
 * <p>{@link org.csghub.storage.api.ObjectStore} is the SPI a storage bundle implements: the filesystem
 * store for Lite, the S3 store (MinIO, AWS, ...) for CE and EE. Exactly one store is active in an edition;
 * callers reference it by service and never learn which one it is, except through
 * {@link org.csghub.storage.api.ObjectStore#presignGet} answering or not.
 */
@Export
@Version("1.0.0")
package org.csghub.storage.api;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
