package cn.mutualaid.load;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

class PeakMixTest {
    private static final int DRAWS = 100_000;

    private static Map<String, Integer> draw(boolean resident, Map<String, Long> amounts) {
        Random random = new Random(42);
        Map<String, Integer> uses = new HashMap<>();
        for (int i = 0; i < DRAWS; i++) {
            PeakMix.Payment p = PeakMix.next(random, resident);
            uses.merge(p.category(), 1, Integer::sum);
            amounts.merge(p.category(), p.amountFen(), Long::sum);
        }
        return uses;
    }

    @Test
    void residentPatientsPayInThePeakMonthsShares() {
        Map<String, Long> amounts = new HashMap<>();
        Map<String, Integer> uses = draw(true, amounts);
        assertEquals(69, 100.0 * uses.get(PeakMix.MEDICAL) / DRAWS, 1.0);
        assertEquals(8, 100.0 * uses.get(PeakMix.PHARMACY) / DRAWS, 1.0);
        assertEquals(23, 100.0 * uses.get(PeakMix.CONTRIBUTION) / DRAWS, 1.0);
        // Averages the mix was derived with: 126 yuan at hospitals, 50 at pharmacies, 400 per contribution.
        assertEquals(12_600, amounts.get(PeakMix.MEDICAL) / (double) uses.get(PeakMix.MEDICAL), 200);
        assertEquals(5_000, amounts.get(PeakMix.PHARMACY) / (double) uses.get(PeakMix.PHARMACY), 200);
        assertEquals(PeakMix.CONTRIBUTION_FEN, amounts.get(PeakMix.CONTRIBUTION) / uses.get(PeakMix.CONTRIBUTION));
    }

    @Test
    void anEmployeeInsuredRelativeNeverPaysAResidentContribution() {
        Map<String, Integer> uses = draw(false, new HashMap<>());
        assertEquals(null, uses.get(PeakMix.CONTRIBUTION));
        assertEquals(92, 100.0 * uses.get(PeakMix.MEDICAL) / DRAWS, 1.0);
        assertNotEquals(0, uses.get(PeakMix.PHARMACY));
        assertTrue(uses.values().stream().mapToInt(Integer::intValue).sum() == DRAWS);
    }

    @Test
    void aResidentContributesOnceForTheYearThenVisitsHospitals() {
        Random random = new Random(7);
        Set<String> contributed = new HashSet<>();
        Map<String, Integer> contributions = new HashMap<>();
        for (int i = 0; i < DRAWS; i++) {
            String patient = "ben-" + random.nextInt(1_000);
            PeakMix.Payment p = PeakMix.next(random, true, patient, contributed);
            if (PeakMix.CONTRIBUTION.equals(p.category())) {
                contributions.merge(patient, 1, Integer::sum);
                assertEquals(",\"contributionYear\":2025", PeakMix.yearMember(p.category()));
            } else {
                assertEquals("", PeakMix.yearMember(p.category()));
            }
        }
        assertEquals(contributed.size(), contributions.size());
        assertTrue(contributions.values().stream().allMatch(n -> n == 1));
        assertTrue(contributed.size() > 900, "nearly every one of 1000 residents drew their contribution");
    }
}
