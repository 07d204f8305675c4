package cn.mutualaid.registry;

/** List paging limits of the mesh: ?page=&size=, defaults page=0 and size=20, at most 200 per page. */
public final class Paging {
    public static final String DEFAULT_PAGE = "0";
    public static final String DEFAULT_SIZE = "20";
    public static final int MAX_SIZE = 200;

    private Paging() {
    }
}
