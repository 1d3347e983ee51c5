package org.csghub.accounts.internal;

import java.util.List;

/** One page of a listing: the items, the total across pages, and where this page is. */
public record Page<T>(List<T> items, long total, int page, int perPage) {

    static void check(int page, int perPage) {
        if (page < 1 || perPage < 1 || perPage > 500) {
            throw org.csghub.rest.ApiException.badRequest("invalid_paging", "page must be >= 1 and per_page 1..500");
        }
    }
}
