package cn.mutualaid.platform.web;

/**
 * The mesh's list paging: {@code ?page=&size=}, page 0..{@value #MAX_PAGE}, size 1..{@value #MAX_SIZE} (default 20).
 * Controllers declare {@code @RequestParam(defaultValue = Page.DEFAULT_PAGE) @PageNumber int page,
 * @RequestParam(defaultValue = Page.DEFAULT_SIZE) @PageSize int size} (cn.mutualaid.platform.validation), so an
 * out-of-range value is a 422 and a non-number a 400 like any other invalid input; lists answer a plain JSON array.
 */
public record Page(int page, int size) {
    public static final String DEFAULT_PAGE = "0";
    public static final String DEFAULT_SIZE = "20";
    public static final int MAX_SIZE = 200;
    /** Page × size stays far below 2^31: a store may compute the offset in an int. */
    public static final int MAX_PAGE = 1_000_000;

    public Page {
        if (page < 0 || page > MAX_PAGE || size < 1 || size > MAX_SIZE) {
            throw new IllegalArgumentException("page must be 0.." + MAX_PAGE + " and size 1.." + MAX_SIZE);
        }
    }

    public long offset() {
        return (long) page * size;
    }
}
