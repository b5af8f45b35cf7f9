package dev.devbox.cli.cost;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.math.BigDecimal;
import org.junit.jupiter.api.Test;

class UsdTest {
    @Test
    void cents_from_ten_cents_up() {
        assertEquals("$12.35", Usd.format(new BigDecimal("12.345")));
        assertEquals("$0.10", Usd.format(new BigDecimal("0.1")));
        assertEquals("$3.00", Usd.format(new BigDecimal("3")));
    }

    @Test
    void three_decimals_below_ten_cents_so_small_amounts_do_not_show_as_zero() {
        assertEquals("$0.028", Usd.format(new BigDecimal("0.027992")));
        assertEquals("$0.004", Usd.format(new BigDecimal("0.0041")));
    }

    @Test
    void zero_and_negative() {
        assertEquals("$0.00", Usd.format(BigDecimal.ZERO));
        assertEquals("-$1.50", Usd.format(new BigDecimal("-1.5")));
    }
}
