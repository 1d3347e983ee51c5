package org.csghub.rest;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a resource method (or every method of a resource class) that reads a large body itself, such as a
 * plugin jar or an LFS object, and enforces its own size limit. The hub's JSON body limit does not apply to
 * it; the method must refuse an oversized body with a 413 {@link ApiException} on its own.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.METHOD, ElementType.TYPE})
public @interface OwnBodyLimit {
}
