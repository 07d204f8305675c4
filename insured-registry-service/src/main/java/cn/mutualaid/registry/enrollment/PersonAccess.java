package cn.mutualaid.registry.enrollment;

import cn.mutualaid.platform.security.Caller;
import cn.mutualaid.platform.security.Role;

/**
 * Who may see a person. Everyone else is told the person does not exist (404), so nothing leaks. It lives with
 * enrollment because the current enrollment decides it; the person feature asks it too.
 */
public final class PersonAccess {
    private PersonAccess() {
    }

    /**
     * The person themselves; an agency administering the person's current pooling area; any agency while the
     * person has no current enrollment (not yet enrolled, or terminated: some agency must be able to enroll them).
     *
     * @param currentArea the pooling area of the ACTIVE enrollment, or null when there is none
     */
    public static boolean canRead(Caller caller, String personId, String currentArea) {
        if (caller.isPerson(personId)) {
            return true;
        }
        if (!caller.has(Role.AGENCY)) {
            return false;
        }
        return currentArea == null || caller.administers(currentArea);
    }
}
