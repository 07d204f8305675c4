package cn.mutualaid.kernel;

/**
 * What an agency (经办机构) administers: one pooling area, or, for a province's office (code xx0000), every pooling
 * area of the province. The one home of the rule "an area acts only for the people insured in it"; the security
 * layer only reads the agency's code from its token and asks here.
 */
public record Jurisdiction(PoolingArea area) {

    public Jurisdiction {
        java.util.Objects.requireNonNull(area, "area");
    }

    /** The jurisdiction named by an agency's area code, if the code has the shape of one. */
    public static java.util.Optional<Jurisdiction> of(String code) {
        return PoolingArea.isCode(code) ? java.util.Optional.of(new Jurisdiction(PoolingArea.of(code)))
                : java.util.Optional.empty();
    }

    public boolean isProvince() {
        return Province.isCode(area.code());
    }

    /** True when a person insured in {@code poolingArea} is this agency's to act for. */
    public boolean covers(PoolingArea poolingArea) {
        return isProvince() ? area.province().contains(poolingArea) : area.equals(poolingArea);
    }

    public boolean covers(String poolingArea) {
        return PoolingArea.isCode(poolingArea) && covers(PoolingArea.of(poolingArea));
    }

    /** The lowest code covered, for range queries ({@code area between lowest and highest}). */
    public String lowest() {
        return area.code();
    }

    /** The highest code covered: xx9999 for a province, the area itself otherwise. */
    public String highest() {
        return isProvince() ? area.code().substring(0, 2) + "9999" : area.code();
    }
}
