package org.csghub.accounts.api;

/** A login attempt the provider refused. The message is safe to show the user; it never echoes credentials. */
public class LoginFailedException extends Exception {

    private static final long serialVersionUID = 1L;

    public LoginFailedException(String message) {
        super(message);
    }

    public LoginFailedException(String message, Throwable cause) {
        super(message, cause);
    }
}
