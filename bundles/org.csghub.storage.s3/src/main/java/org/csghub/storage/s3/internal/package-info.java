/** The S3 object store; nothing here is exported. */
package org.csghub.storage.s3.internal;
