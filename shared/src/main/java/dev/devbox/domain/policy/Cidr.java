package dev.devbox.domain.policy;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.regex.Pattern;

/**
 * An IPv4 or IPv6 address range in CIDR notation, in its canonical form (no host bits set), as
 * EC2 keys security group rules by it. Parsed without any name lookup.
 */
public record Cidr(byte[] network, int prefix) {
    private static final Pattern IPV4 = Pattern.compile("(\\d{1,3})(\\.\\d{1,3}){3}");
    private static final Pattern IPV6 = Pattern.compile("[0-9a-fA-F:.]*:[0-9a-fA-F:.]*");

    public Cidr {
        network = network.clone();
    }

    /**
     * Parses {@code A.B.C.D/N} or {@code X:Y::Z/N}; a bare address is that one host.
     *
     * @throws IllegalArgumentException with a message a user can act on
     */
    public static Cidr parse(String text) {
        String s = text == null ? "" : text.strip();
        int slash = s.indexOf('/');
        String address = slash < 0 ? s : s.substring(0, slash);
        byte[] bytes = literal(address, text);
        int bits = bytes.length * 8;
        int prefix;
        if (slash < 0) {
            prefix = bits;
        } else {
            try {
                prefix = Integer.parseInt(s.substring(slash + 1));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("'" + text + "' is not a CIDR range (like 203.0.113.7/32)");
            }
            if (prefix < 0 || prefix > bits) {
                throw new IllegalArgumentException("'" + text + "': the prefix length must be 0 to " + bits);
            }
        }
        Cidr canonical = new Cidr(mask(bytes, prefix), prefix);
        if (!java.util.Arrays.equals(canonical.network, bytes)) {
            throw new IllegalArgumentException("'" + text + "' has host bits set: did you mean " + canonical + "?");
        }
        return canonical;
    }

    /** The single-host range of {@code address} (/32 or /128). */
    public static Cidr host(String address) {
        byte[] bytes = literal(address, address);
        return new Cidr(bytes, bytes.length * 8);
    }

    private static byte[] literal(String address, String original) {
        if (!IPV4.matcher(address).matches() && !IPV6.matcher(address).matches()) {
            throw new IllegalArgumentException("'" + original + "' is not a CIDR range (like 203.0.113.7/32)");
        }
        try {
            // a literal (digits, dots, colons only) is parsed, never looked up
            return InetAddress.getByName(address).getAddress();
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("'" + original + "' is not a CIDR range (like 203.0.113.7/32)");
        }
    }

    private static byte[] mask(byte[] address, int prefix) {
        byte[] out = address.clone();
        for (int i = 0; i < out.length; i++) {
            int keep = Math.max(0, Math.min(8, prefix - i * 8));
            out[i] &= (byte) (0xff << (8 - keep));
        }
        return out;
    }

    public boolean ipv6() {
        return network.length == 16;
    }

    /** One address: /32 for IPv4, /128 for IPv6. */
    public boolean singleHost() {
        return prefix == network.length * 8;
    }

    /** True if every address of {@code other} is in this range (same family only). */
    public boolean contains(Cidr other) {
        return other.network.length == network.length && other.prefix >= prefix
                && java.util.Arrays.equals(mask(other.network, prefix), network);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Cidr c && c.prefix == prefix && java.util.Arrays.equals(c.network, network);
    }

    @Override
    public int hashCode() {
        return java.util.Arrays.hashCode(network) * 31 + prefix;
    }

    @Override
    public String toString() {
        try {
            String address = InetAddress.getByAddress(network).getHostAddress();
            if (ipv6()) {
                address = compress(address);
            }
            return address + "/" + prefix;
        } catch (UnknownHostException e) {
            throw new IllegalStateException(e); // a 4- or 16-byte array is always an address
        }
    }

    /** Java prints IPv6 in full ("0:0:0:0:0:0:0:1"); EC2 and people write the short form ("::1"). */
    private static String compress(String full) {
        String[] groups = full.split(":");
        int bestStart = -1;
        int bestLength = 1;
        for (int i = 0; i < groups.length; i++) {
            int j = i;
            while (j < groups.length && Integer.parseInt(groups[j], 16) == 0) {
                j++;
            }
            if (j - i > bestLength) {
                bestStart = i;
                bestLength = j - i;
            }
        }
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < groups.length; i++) {
            if (i == bestStart) {
                sb.append(i == 0 ? "::" : ":");
                i += bestLength - 1;
                continue;
            }
            sb.append(Integer.toHexString(Integer.parseInt(groups[i], 16)));
            if (i < groups.length - 1) {
                sb.append(':');
            }
        }
        return sb.toString();
    }
}
