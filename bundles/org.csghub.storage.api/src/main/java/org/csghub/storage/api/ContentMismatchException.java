package org.csghub.storage.api;

import java.io.IOException;

/** The content written did not have the announced size or digest; nothing was stored. */
public class ContentMismatchException extends IOException {

    private static final long serialVersionUID = 1L;

    public ContentMismatchException(String message) {
        super(message);
    }
}
