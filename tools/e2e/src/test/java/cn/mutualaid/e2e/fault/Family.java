package cn.mutualaid.e2e.fault;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A benefactor with relatives, each aided through one relationship with a quota, some of it spent: what the fault
 * tests expect back from the dissolution saga (every relationship's unused quota, exactly once).
 */
final class Family {
    final String area;
    final String benefactor;
    final long creditedFen;
    final List<String> relatives = new ArrayList<>();
    /** relationId → its relative, in the order they were set up. */
    final Map<String, String> relations = new LinkedHashMap<>();
    final Map<String, Long> grantedFen = new LinkedHashMap<>();
    final Map<String, Long> usedFen = new LinkedHashMap<>();

    Family(String area, String benefactor, long creditedFen) {
        this.area = area;
        this.benefactor = benefactor;
        this.creditedFen = creditedFen;
    }

    long unusedFen(String relationId) {
        return grantedFen.getOrDefault(relationId, 0L) - usedFen.getOrDefault(relationId, 0L);
    }

    long spentFen() {
        return usedFen.values().stream().mapToLong(Long::longValue).sum();
    }

    @Override
    public String toString() {
        return "family of " + benefactor + " (" + relations.size() + " relationships)";
    }
}
