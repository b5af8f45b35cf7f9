package dev.devbox.cli.cost;

import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * AWS list prices that devbox's cost estimates use: a dated table in the code, so an estimate
 * never needs the Pricing API (which the user's credentials may not reach) and says exactly what
 * it assumed.
 *
 * <p>Prices as of 2026-11: US dollars, on-demand, Linux, shared tenancy, no Savings Plan or free
 * tier. They are AWS's public list prices as transcribed by the devbox maintainers; AWS changes
 * them without notice, so the user should check the EC2 and EBS pricing pages for their region
 * before relying on a figure. Update {@link #AS_OF} with every edit of the numbers.
 *
 * <p>Within a family, AWS prices sizes in proportion to their normalization factor (nano 0.25,
 * micro 0.5, small 1, medium 2, large 4, xlarge 8, ...), so the table holds one price per family
 * and region, that of the {@code large} size, and derives the others; a published price of a
 * small size can differ from the derived one in its last digit.
 */
public final class PriceTable {
    /** Month of the prices below. */
    public static final String AS_OF = "2026-11";

    /** One line that every estimate shown to a user should carry. */
    public static final String BASIS = "AWS list prices as of " + AS_OF
            + " (USD, on-demand, Linux, before free tier and discounts); check the EC2 and EBS pricing pages";

    /** Public IPv4 address, per hour, in every region (charged since 2024-02 while attached). */
    static final BigDecimal PUBLIC_IPV4_HOURLY = new BigDecimal("0.005");

    private static final Map<String, BigDecimal> NORMALIZATION = Map.of(
            "nano", new BigDecimal("0.25"),
            "micro", new BigDecimal("0.5"),
            "small", BigDecimal.ONE,
            "medium", new BigDecimal("2"),
            "large", new BigDecimal("4"),
            "xlarge", new BigDecimal("8"),
            "2xlarge", new BigDecimal("16"),
            "4xlarge", new BigDecimal("32"),
            "8xlarge", new BigDecimal("64"));
    private static final BigDecimal LARGE = NORMALIZATION.get("large");

    private static final List<String> BURSTABLE_SIZES =
            List.of("nano", "micro", "small", "medium", "large", "xlarge", "2xlarge");
    private static final Map<String, List<String>> SIZES = Map.of(
            "t3", BURSTABLE_SIZES,
            "t3a", BURSTABLE_SIZES,
            "t4g", BURSTABLE_SIZES,
            "m7i", List.of("large", "xlarge", "2xlarge", "4xlarge", "8xlarge"),
            "m7g", List.of("medium", "large", "xlarge", "2xlarge", "4xlarge", "8xlarge"),
            "c7i", List.of("large", "xlarge", "2xlarge", "4xlarge", "8xlarge"));

    /** Per region: EBS prices and the hourly price of each family's {@code large} size. */
    record RegionPrices(
            BigDecimal snapshotStandardGbMonth,
            Map<String, BigDecimal> volumeGbMonth,
            Map<String, BigDecimal> largeHourly) {
    }

    private static final Map<String, RegionPrices> BUILT_IN = builtInPrices();

    private static Map<String, RegionPrices> builtInPrices() {
        Map<String, RegionPrices> regions = new LinkedHashMap<>();
        //            region            snapshot  gp3       gp2      t3.large  t3a.large t4g.large m7i.large m7g.large c7i.large
        put(regions, "us-east-1",      "0.05",  "0.08",   "0.10",  "0.0832", "0.0752", "0.0672", "0.1008", "0.0816", "0.08925");
        put(regions, "us-east-2",      "0.05",  "0.08",   "0.10",  "0.0832", "0.0752", "0.0672", "0.1008", "0.0816", "0.08925");
        put(regions, "us-west-2",      "0.05",  "0.08",   "0.10",  "0.0832", "0.0752", "0.0672", "0.1008", "0.0816", "0.08925");
        // Outside the US only the burstable families devboxes use most are priced: the 7th-generation
        // figures could not be confirmed, and an estimate shows "no price" rather than a guess.
        put(regions, "eu-west-1",      "0.05",  "0.088",  "0.11",  "0.0912", "0.0816", "0.0736", null,     null,     null);
        put(regions, "eu-central-1",   "0.054", "0.0952", "0.119", "0.096",  "0.0864", "0.0768", null,     null,     null);
        put(regions, "ap-southeast-2", "0.055", "0.096",  "0.12",  "0.1056", "0.095",  "0.0848", null,     null,     null);
        return Map.copyOf(regions);
    }

    private static void put(Map<String, RegionPrices> regions, String region, String snapshot, String gp3,
            String gp2, String t3, String t3a, String t4g, String m7i, String m7g, String c7i) {
        Map<String, BigDecimal> large = new LinkedHashMap<>();
        String[] families = {"t3", "t3a", "t4g", "m7i", "m7g", "c7i"};
        String[] prices = {t3, t3a, t4g, m7i, m7g, c7i};
        for (int i = 0; i < families.length; i++) {
            if (prices[i] != null) {
                large.put(families[i], usd(prices[i]));
            }
        }
        regions.put(region, new RegionPrices(usd(snapshot), Map.of("gp3", usd(gp3), "gp2", usd(gp2)), Map.copyOf(large)));
    }

    /** Without trailing zeros, so that equal prices are {@code equals}. */
    private static BigDecimal usd(String amount) {
        return new BigDecimal(amount).stripTrailingZeros();
    }

    private final Map<String, RegionPrices> regions;

    private PriceTable(Map<String, RegionPrices> regions) {
        this.regions = regions;
    }

    /** The table in this class, dated {@link #AS_OF}. */
    public static PriceTable builtIn() {
        return new PriceTable(BUILT_IN);
    }

    /** Regions the table prices. */
    public Set<String> regions() {
        return regions.keySet();
    }

    /** Instance families the table knows sizes of (a region may not price every one). */
    public Set<String> families() {
        return SIZES.keySet();
    }

    /** On-demand Linux price per hour of {@code instanceType} (e.g. {@code t3.small}); empty if not in the table. */
    public Optional<BigDecimal> onDemandHourly(String region, String instanceType) {
        Objects.requireNonNull(instanceType, "instanceType");
        RegionPrices prices = regions.get(region);
        String[] parts = instanceType.toLowerCase(Locale.ROOT).split("\\.", -1);
        if (prices == null || parts.length != 2 || !SIZES.getOrDefault(parts[0], List.of()).contains(parts[1])) {
            return Optional.empty();
        }
        BigDecimal large = prices.largeHourly().get(parts[0]);
        if (large == null) {
            return Optional.empty();
        }
        return Optional.of(large.multiply(NORMALIZATION.get(parts[1])).divide(LARGE).stripTrailingZeros());
    }

    /** EBS snapshot storage, standard tier, per GB-month; empty for a region not in the table. */
    public Optional<BigDecimal> snapshotStandardGbMonth(String region) {
        return Optional.ofNullable(regions.get(region)).map(RegionPrices::snapshotStandardGbMonth);
    }

    /**
     * EBS volume storage per GB-month for {@code gp3} or {@code gp2}; empty otherwise. For gp3 this
     * is the baseline (3,000 IOPS and 125 MB/s included); provisioned extras are not priced.
     */
    public Optional<BigDecimal> volumeGbMonth(String region, String volumeType) {
        Objects.requireNonNull(volumeType, "volumeType");
        return Optional.ofNullable(regions.get(region))
                .map(prices -> prices.volumeGbMonth().get(volumeType.toLowerCase(Locale.ROOT)));
    }

    /** A public IPv4 address attached to a running box, per hour. */
    public BigDecimal publicIpv4Hourly() {
        return PUBLIC_IPV4_HOURLY;
    }
}
