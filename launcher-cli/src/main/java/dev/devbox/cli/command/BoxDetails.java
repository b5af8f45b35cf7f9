package dev.devbox.cli.command;

import dev.devbox.cli.cost.RunningBoxEstimate;
import dev.devbox.cli.cost.Usd;
import dev.devbox.cli.project.Insights;
import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import dev.devbox.control.read.BoxView;

/** A running box as `status` and `list` show it: market, Spot price, idle limit, initialization, cost so far. */
record BoxDetails(BoxView box, boolean spot, Optional<BigDecimal> spotPrice, Insights.Idle idle,
                  List<Insights.Initialization> initialization, Optional<RunningBoxEstimate> cost) {

    /** {@code full} for `status`: the idle deadline and the volumes' initialization too. */
    static BoxDetails of(Insights insights, BoxView box, boolean full) {
        return new BoxDetails(box, box.spot(), Insights.spotPrice(box), full ? insights.idle(box) : null,
                full ? insights.initialization(box) : List.of(), insights.runningCost(box));
    }

    String marketText() {
        if (!spot) {
            return "on demand";
        }
        return "Spot (one-time; an interruption terminates it and its work is saved)"
                + spotPrice.map(p -> ", now " + p.toPlainString() + " USD/h in " + zone())
                        .orElse(", Spot price not available");
    }

    String costText() {
        return cost.map(c -> Usd.format(c.totalUsd()) + " so far (" + hours(c) + " h), " + Usd.format(c.usdPerHour())
                        + "/h now: instance " + (c.rate() == RunningBoxEstimate.Rate.SPOT_GIVEN ? "at the Spot price"
                        : "on demand") + ", volumes, public IPv4")
                .orElse("no price for " + box.instanceType() + " in this region in devbox's table"
                        + (spot && spotPrice.isEmpty() ? " (and no Spot price)" : ""));
    }

    void putJson(Map<String, Object> json) {
        json.put("market", spot ? "spot" : "on-demand");
        spotPrice.ifPresent(p -> json.put("spotPriceUsdPerHour", p));
        if (idle != null) {
            Map<String, Object> i = new LinkedHashMap<>();
            i.put("minutes", idle.minutes());
            i.put("phase", idle.phase());
            i.put("deadline", idle.deadline());
            i.put("summary", idle.summary());
            json.put("idle", i);
        }
        if (!initialization.isEmpty()) {
            json.put("initialization", initialization.stream().map(x -> {
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("volumeId", x.volumeId());
                m.put("progressPercent", x.progressPercent());
                m.put("secondsLeft", x.secondsLeft());
                m.put("summary", x.summary());
                return m;
            }).toList());
        }
        json.put("runningCost", CostJson.running(cost));
    }

    private String zone() {
        return box.zone() == null ? "its zone" : box.zone();
    }

    private static String hours(RunningBoxEstimate c) {
        return new BigDecimal(c.billed().getSeconds()).divide(new BigDecimal(3600), 1, java.math.RoundingMode.HALF_UP)
                .toPlainString();
    }
}
