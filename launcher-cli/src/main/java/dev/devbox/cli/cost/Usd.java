package dev.devbox.cli.cost;

import java.math.BigDecimal;
import java.math.RoundingMode;

/** Formats dollar amounts for people: cents, or three decimals below ten cents. */
public final class Usd {
    private static final BigDecimal TEN_CENTS = new BigDecimal("0.10");

    private Usd() {
    }

    /** {@code $12.35}, {@code $0.047}, {@code $0.00}. */
    public static String format(BigDecimal amount) {
        int scale = amount.signum() != 0 && amount.abs().compareTo(TEN_CENTS) < 0 ? 3 : 2;
        return (amount.signum() < 0 ? "-$" : "$") + amount.abs().setScale(scale, RoundingMode.HALF_UP).toPlainString();
    }
}
