package cn.mutualaid.settlement;

import cn.mutualaid.platform.security.Caller;
import cn.mutualaid.platform.security.Role;
import cn.mutualaid.platform.web.ApiException;
import java.util.regex.Pattern;
import org.springframework.http.HttpStatus;

/**
 * Who may see what in settlement: the national clearing centre sees everything (administrators read the national
 * figures too); a province-level agency (area =
 * the province code, xx0000) sees its own statement and the period summaries. City agencies settle with their
 * province, not with the national level, so they see nothing here.
 */
public final class Access {
    private static final Pattern PROVINCE = Pattern.compile("\\d{2}0000");

    private Access() {
    }

    /** The national readers: the clearing centre and administrators. */
    public static boolean isNational(Caller caller) {
        return caller.has(Role.CLEARING) || caller.has(Role.ADMIN);
    }

    public static boolean isProvinceAgency(Caller caller) {
        return caller.has(Role.AGENCY) && caller.area() != null && isProvince(caller.area());
    }

    public static boolean isAgencyOf(Caller caller, String province) {
        return isProvinceAgency(caller) && caller.area().equals(province);
    }

    public static boolean isProvince(String code) {
        return code != null && PROVINCE.matcher(code).matches() && !code.startsWith("00");
    }

    /** A path's province code, or 400 INVALID_PROVINCE. */
    public static String province(String code) {
        if (!isProvince(code)) {
            throw new ApiException(HttpStatus.BAD_REQUEST, "INVALID_PROVINCE",
                    "province must be a province-level code like 320000");
        }
        return code;
    }
}
