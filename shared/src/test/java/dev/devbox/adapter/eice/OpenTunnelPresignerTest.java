package dev.devbox.adapter.eice;

import dev.devbox.port.Tunnels.Target;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.net.URI;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HexFormat;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The presigned OpenTunnel URL against a signature computed here, independently, step by step
 * from the SigV4 specification (canonical request, string to sign, derived key), with a fixed
 * clock and fixed credentials.
 */
class OpenTunnelPresignerTest {
    private static final Instant NOW = Instant.parse("2026-12-07T14:05:09Z");
    private static final String DNS = "eice-0123456789abcdef0.1a2b3c4d.ec2-instance-connect-endpoint.eu-west-1.amazonaws.com";
    private static final Target TARGET = new Target("eice-0123456789abcdef0", DNS, "10.42.3.17", 22, 3600,
            Duration.ofSeconds(60));

    @Test
    void signsTheOpenTunnelRequestAsTheSpecificationSays() throws Exception {
        AwsSessionCredentials creds = AwsSessionCredentials.create("AKIDEXAMPLE",
                "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY", "FwoGZXIvYXdzE//token+with/odd=chars");
        String url = new OpenTunnelPresigner(() -> creds, "eu-west-1", Clock.fixed(NOW, ZoneOffset.UTC))
                .presign(TARGET);

        URI uri = URI.create(url);
        assertEquals("wss", uri.getScheme());
        assertEquals(DNS, uri.getHost());
        assertEquals("/openTunnel", uri.getRawPath());
        Map<String, String> query = decode(uri.getRawQuery());

        Map<String, String> expected = new TreeMap<>();
        expected.put("instanceConnectEndpointId", "eice-0123456789abcdef0");
        expected.put("remotePort", "22");
        expected.put("privateIpAddress", "10.42.3.17");
        expected.put("maxTunnelDuration", "3600");
        expected.put("X-Amz-Algorithm", "AWS4-HMAC-SHA256");
        expected.put("X-Amz-Credential", "AKIDEXAMPLE/20261207/eu-west-1/ec2-instance-connect/aws4_request");
        expected.put("X-Amz-Date", "20261207T140509Z");
        expected.put("X-Amz-Expires", "60");
        expected.put("X-Amz-SignedHeaders", "host");
        expected.put("X-Amz-Security-Token", "FwoGZXIvYXdzE//token+with/odd=chars");
        expected.put("X-Amz-Signature", signature(expected, "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY", "eu-west-1"));

        assertEquals(expected, new TreeMap<>(query));
    }

    @Test
    void longTermCredentialsCarryNoToken() throws Exception {
        AwsBasicCredentials creds = AwsBasicCredentials.create("AKIDEXAMPLE", "secret");
        String url = new OpenTunnelPresigner(() -> creds, "us-east-1", Clock.fixed(NOW, ZoneOffset.UTC))
                .presign(TARGET);
        Map<String, String> query = decode(URI.create(url).getRawQuery());
        assertTrue(!query.containsKey("X-Amz-Security-Token"), url);
        Map<String, String> unsigned = new TreeMap<>(query);
        unsigned.remove("X-Amz-Signature");
        assertEquals(signature(unsigned, "secret", "us-east-1"), query.get("X-Amz-Signature"));
    }

    /** SigV4 for a presigned GET with only the host header signed and an empty body. */
    private static String signature(Map<String, String> params, String secret, String region) throws Exception {
        String canonicalQuery = params.entrySet().stream().filter(e -> !e.getKey().equals("X-Amz-Signature"))
                .map(e -> Map.entry(encode(e.getKey()), encode(e.getValue())))
                .sorted(Map.Entry.comparingByKey())
                .map(e -> e.getKey() + "=" + e.getValue()).collect(Collectors.joining("&"));
        String canonicalRequest = String.join("\n", "GET", "/openTunnel", canonicalQuery, "host:" + DNS, "", "host",
                hex(sha256("")));
        String scope = "20261207/" + region + "/ec2-instance-connect/aws4_request";
        String stringToSign = String.join("\n", "AWS4-HMAC-SHA256", "20261207T140509Z", scope,
                hex(sha256(canonicalRequest)));
        byte[] key = hmac(("AWS4" + secret).getBytes(StandardCharsets.UTF_8), "20261207");
        key = hmac(key, region);
        key = hmac(key, "ec2-instance-connect");
        key = hmac(key, "aws4_request");
        return hex(hmac(key, stringToSign));
    }

    /** RFC 3986 unreserved characters stay; everything else is percent-encoded, as SigV4 requires. */
    private static String encode(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20").replace("*", "%2A")
                .replace("%7E", "~");
    }

    private static Map<String, String> decode(String rawQuery) {
        Map<String, String> m = new TreeMap<>();
        for (String pair : rawQuery.split("&")) {
            int eq = pair.indexOf('=');
            m.put(URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
                    URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
        }
        return m;
    }

    private static byte[] sha256(String s) throws Exception {
        return MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
    }

    private static byte[] hmac(byte[] key, String data) throws Exception {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(key, "HmacSHA256"));
        return mac.doFinal(data.getBytes(StandardCharsets.UTF_8));
    }

    private static String hex(byte[] bytes) {
        return HexFormat.of().formatHex(bytes);
    }
}
