package dev.devbox.cli.cost;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class PriceTableTest {
    private final PriceTable table = PriceTable.builtIn();

    @Test
    void covers_the_regions_and_families_devbox_documents() {
        assertTrue(table.regions().containsAll(List.of(
                "us-east-1", "us-east-2", "us-west-2", "eu-west-1", "eu-central-1", "ap-southeast-2")));
        assertTrue(table.families().containsAll(List.of("t3", "t3a", "t4g", "m7i", "m7g", "c7i")));
    }

    @Test
    void a_family_a_region_does_not_price_has_no_estimate_rather_than_a_guess() {
        assertEquals(Optional.empty(), table.onDemandHourly("eu-west-1", "m7i.large"));
        assertEquals(price("0.0912"), table.onDemandHourly("eu-west-1", "t3.large"));
    }

    @Test
    void is_dated_and_says_what_kind_of_price_it_is() {
        assertEquals("2026-11", PriceTable.AS_OF);
        assertTrue(PriceTable.BASIS.contains("as of 2026-11"));
        assertTrue(PriceTable.BASIS.contains("on-demand, Linux"));
    }

    @Test
    void large_sizes_are_the_listed_prices() {
        assertEquals(price("0.0832"), table.onDemandHourly("us-east-1", "t3.large"));
        assertEquals(price("0.08925"), table.onDemandHourly("us-east-1", "c7i.large"));
        assertEquals(price("0.096"), table.onDemandHourly("eu-central-1", "t3.large"));
    }

    @Test
    void other_sizes_follow_the_normalization_factor() {
        assertEquals(price("0.0208"), table.onDemandHourly("us-east-1", "t3.small"), "devbox's default type");
        assertEquals(price("0.0052"), table.onDemandHourly("us-east-1", "t3.nano"));
        assertEquals(price("0.0047"), table.onDemandHourly("us-east-1", "t3a.nano"));
        assertEquals(price("0.2688"), table.onDemandHourly("us-east-1", "t4g.2xlarge"));
        assertEquals(price("0.0408"), table.onDemandHourly("us-east-1", "m7g.medium"));
        assertEquals(price("0.1785"), table.onDemandHourly("us-east-1", "c7i.xlarge"));
        assertEquals(price("0.8064"), table.onDemandHourly("us-west-2", "m7i.4xlarge"));
        assertEquals(price("0.0228"), table.onDemandHourly("eu-west-1", "t3.small"));
        assertEquals(price("0.0264"), table.onDemandHourly("ap-southeast-2", "t3.small"));
    }

    @Test
    void instance_type_is_case_insensitive() {
        assertEquals(table.onDemandHourly("us-east-1", "t3.small"), table.onDemandHourly("us-east-1", "T3.Small"));
    }

    @Test
    void unknown_region_type_or_size_has_no_price() {
        assertEquals(Optional.empty(), table.onDemandHourly("me-south-1", "t3.small"));
        assertEquals(Optional.empty(), table.onDemandHourly("us-east-1", "x2iedn.32xlarge"));
        assertEquals(Optional.empty(), table.onDemandHourly("us-east-1", "m7i.nano"), "m7i has no nano");
        assertEquals(Optional.empty(), table.onDemandHourly("us-east-1", "m7i-flex.large"));
        assertEquals(Optional.empty(), table.onDemandHourly("us-east-1", "t3"));
        assertEquals(Optional.empty(), table.onDemandHourly("us-east-1", "t3.small.extra"));
        assertEquals(Optional.empty(), table.snapshotStandardGbMonth("mars-north-1"));
        assertEquals(Optional.empty(), table.volumeGbMonth("us-east-1", "io2"));
    }

    @Test
    void ebs_prices_per_gb_month() {
        assertEquals(price("0.05"), table.snapshotStandardGbMonth("us-east-1"));
        assertEquals(price("0.055"), table.snapshotStandardGbMonth("ap-southeast-2"));
        assertEquals(price("0.08"), table.volumeGbMonth("us-east-1", "gp3"));
        assertEquals(price("0.10"), table.volumeGbMonth("us-east-1", "GP2"));
        assertEquals(price("0.0952"), table.volumeGbMonth("eu-central-1", "gp3"));
    }

    @Test
    void every_region_prices_its_families_and_volume_types_positively() {
        for (String region : table.regions()) {
            assertTrue(table.snapshotStandardGbMonth(region).orElseThrow().signum() > 0, region);
            for (String type : List.of("gp2", "gp3")) {
                assertTrue(table.volumeGbMonth(region, type).orElseThrow().signum() > 0, region + " " + type);
            }
            assertTrue(table.onDemandHourly(region, "t3.small").isPresent(), region);
            for (String family : table.families()) {
                Optional<BigDecimal> large = table.onDemandHourly(region, family + ".large");
                if (large.isEmpty()) {
                    continue; // not priced in this region: no estimate rather than a guess
                }
                BigDecimal xlarge = table.onDemandHourly(region, family + ".xlarge").orElseThrow();
                assertTrue(large.get().signum() > 0, region + " " + family);
                assertEquals(0, large.get().multiply(BigDecimal.valueOf(2)).compareTo(xlarge), region + " " + family);
            }
        }
    }

    @Test
    void regions_other_than_the_us_cost_at_least_as_much() {
        for (String region : List.of("eu-west-1", "eu-central-1", "ap-southeast-2")) {
            for (String family : table.families()) {
                String type = family + ".large";
                table.onDemandHourly(region, type).ifPresent(price -> assertTrue(
                        price.compareTo(table.onDemandHourly("us-east-1", type).orElseThrow()) >= 0, region + " " + type));
            }
        }
    }

    private static Optional<BigDecimal> price(String text) {
        return Optional.of(new BigDecimal(text).stripTrailingZeros());
    }
}
