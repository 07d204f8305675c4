package cn.mutualaid.wallet.support;

/** ?page=&size= with the mesh's defaults (0, 20) and the maximum size 200; out-of-range values are clamped. */
public record Page(int page, int size) {
    public static final int MAX_SIZE = 200;

    public static Page of(Integer page, Integer size) {
        int p = page == null || page < 0 ? 0 : page;
        int s = size == null || size < 1 ? 20 : Math.min(size, MAX_SIZE);
        return new Page(p, s);
    }

    public long offset() {
        return (long) page * size;
    }
}
