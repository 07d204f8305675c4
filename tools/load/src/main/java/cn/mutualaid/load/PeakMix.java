package cn.mutualaid.load;

import java.util.Random;
import java.util.Set;

/**
 * The year-end peak's payment mix, derived from the figures of docs/domain.md.
 *
 * <p>Jan-Oct 2024: 283 million uses, 36.9 bn yuan: 30.66 bn at medical institutions, 1.42 bn at pharmacies, 4.45 bn
 * for resident-insurance contributions. A contribution is the 2025 personal contribution, 400 yuan, so 4.45 bn is about
 * 11 million uses (1.1 million a month). The seeds give no use counts for the other two; with an assumed 50 yuan per
 * pharmacy sale, 1.42 bn is 28 million uses, which leaves 244 million hospital uses at 126 yuan each. An ordinary month
 * is a tenth of that: 24.4 M hospital, 2.8 M pharmacy, 1.1 M contribution uses. The drive adds 2.75 bn yuan of
 * contributions in one month (6.9 M uses), so the peak month has 8.0 M contribution uses out of 35.2 M:
 * <b>69 % hospital, 8 % pharmacy, 23 % resident contributions</b> by uses; by amount 48 %, 2 %, 50 %.
 */
public final class PeakMix {
    public static final String MEDICAL = "MEDICAL_INSTITUTION";
    public static final String PHARMACY = "RETAIL_PHARMACY";
    public static final String CONTRIBUTION = "RESIDENT_CONTRIBUTION";
    /** Percent of uses in the peak month. */
    public static final int MEDICAL_PERCENT = 69;
    public static final int PHARMACY_PERCENT = 8;
    public static final int CONTRIBUTION_PERCENT = 23;
    /** The 2025 personal contribution to resident insurance: 400 yuan. */
    public static final long CONTRIBUTION_FEN = 40_000;
    /** The year the drive's contributions pay for: each resident pays it once (a person-year is paid once). */
    public static final int CONTRIBUTION_YEAR = 2025;

    private PeakMix() {
    }

    /** A payment to make: its category and amount. */
    public record Payment(String category, long amountFen) {
    }

    /**
     * The next payment of the mix for this patient, who contributes at most once: {@code contributed} holds the
     * patients whose contribution was drawn already (by any thread), and a second draw becomes a hospital visit, as
     * an employee-insured patient's does.
     */
    public static Payment next(Random random, boolean residentPatient, String patientId, Set<String> contributed) {
        Payment payment = next(random, residentPatient && !contributed.contains(patientId));
        if (CONTRIBUTION.equals(payment.category()) && !contributed.add(patientId)) {
            return hospital(random);
        }
        return payment;
    }

    /** The members a payment's JSON body adds for its category: a contribution names its year. */
    public static String yearMember(String category) {
        return CONTRIBUTION.equals(category) ? ",\"contributionYear\":" + CONTRIBUTION_YEAR : "";
    }

    /**
     * The next payment of the mix for a patient. Only a RESIDENT-insured patient pays a resident contribution; an
     * employee-insured relative's draw becomes a hospital visit instead.
     */
    public static Payment next(Random random, boolean residentPatient) {
        int draw = random.nextInt(100);
        if (draw < CONTRIBUTION_PERCENT && residentPatient) {
            return new Payment(CONTRIBUTION, CONTRIBUTION_FEN);
        }
        if (draw >= CONTRIBUTION_PERCENT && draw < CONTRIBUTION_PERCENT + PHARMACY_PERCENT) {
            // 10 to 90 yuan, 50 on average.
            return new Payment(PHARMACY, 1_000 + random.nextInt(8_001));
        }
        return hospital(random);
    }

    private static Payment hospital(Random random) {
        // A personal share of 20 to 232 yuan, 126 on average.
        return new Payment(MEDICAL, 2_000 + random.nextInt(21_201));
    }
}
