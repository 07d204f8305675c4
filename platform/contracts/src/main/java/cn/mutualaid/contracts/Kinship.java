package cn.mutualaid.contracts;

/** What the relative is to the person (近亲属). NUCLEAR scope = SPOUSE, PARENT, CHILD. */
public enum Kinship {
    SPOUSE, PARENT, CHILD, SIBLING, GRANDPARENT, MATERNAL_GRANDPARENT, GRANDCHILD, MATERNAL_GRANDCHILD;

    /** The relation seen from the other side: if B is A's PARENT then A is B's CHILD. */
    public Kinship inverse() {
        return switch (this) {
            case SPOUSE -> SPOUSE;
            case SIBLING -> SIBLING;
            case PARENT -> CHILD;
            case CHILD -> PARENT;
            case GRANDPARENT -> GRANDCHILD;
            case GRANDCHILD -> GRANDPARENT;
            case MATERNAL_GRANDPARENT -> MATERNAL_GRANDCHILD;
            case MATERNAL_GRANDCHILD -> MATERNAL_GRANDPARENT;
        };
    }

    public boolean isNuclear() {
        return this == SPOUSE || this == PARENT || this == CHILD;
    }
}
