package cn.mutualaid.platform.web;

/**
 * The mesh's list paging: {@code ?page=&size=}, page from 0, size 1..200 (default 20). Controllers declare
 * {@code @RequestParam(defaultValue = Page.DEFAULT_PAGE) @Min(0) int page,
 * @RequestParam(defaultValue = Page.DEFAULT_SIZE) @Min(1) @Max(Page.MAX_SIZE) int size}, so an out-of-range value is a
 * 422 like any other invalid input; lists answer a plain JSON array.
 */
public record Page(int page, int size) {
    public static final String DEFAULT_PAGE = "0";
    public static final String DEFAULT_SIZE = "20";
    public static final int MAX_SIZE = 200;

    public Page {
        if (page < 0 || size < 1 || size > MAX_SIZE) {
            throw new IllegalArgumentException("page must be >= 0 and size 1.." + MAX_SIZE);
        }
    }

    public long offset() {
        return (long) page * size;
    }
}
