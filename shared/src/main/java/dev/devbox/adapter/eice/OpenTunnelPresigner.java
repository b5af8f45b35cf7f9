package dev.devbox.adapter.eice;

import dev.devbox.port.Tunnels.Target;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4FamilyHttpSigner.AuthLocation;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.http.auth.spi.signer.HttpSigner;
import software.amazon.awssdk.identity.spi.AwsCredentialsIdentity;

import java.net.URI;
import java.time.Clock;
import java.util.function.Supplier;

/**
 * SigV4 query-string signing of EC2 Instance Connect Endpoint's OpenTunnel: a GET of
 * {@code /openTunnel} on the endpoint's DNS name, service {@code ec2-instance-connect}, only the
 * host header signed, the (empty) body's hash in the canonical request. The SDK's signer takes
 * http(s) URLs only; the scheme is not part of what is signed, so the result is handed out as wss.
 */
final class OpenTunnelPresigner {
    static final String SERVICE = "ec2-instance-connect";

    private final Supplier<? extends AwsCredentialsIdentity> credentials;
    private final String region;
    private final Clock clock;

    OpenTunnelPresigner(Supplier<? extends AwsCredentialsIdentity> credentials, String region, Clock clock) {
        this.credentials = credentials;
        this.region = region;
        this.clock = clock;
    }

    String presign(Target target) {
        SdkHttpRequest request = SdkHttpRequest.builder().method(SdkHttpMethod.GET).protocol("https")
                .host(target.endpointDnsName()).encodedPath("/openTunnel")
                .appendRawQueryParameter("instanceConnectEndpointId", target.endpointId())
                .appendRawQueryParameter("remotePort", Integer.toString(target.port()))
                .appendRawQueryParameter("privateIpAddress", target.privateIp())
                .appendRawQueryParameter("maxTunnelDuration", Integer.toString(target.maxTunnelSeconds()))
                .build();
        SdkHttpRequest signed = AwsV4HttpSigner.create().sign(r -> r
                .identity(credentials.get())
                .request(request)
                .putProperty(AwsV4HttpSigner.SERVICE_SIGNING_NAME, SERVICE)
                .putProperty(AwsV4HttpSigner.REGION_NAME, region)
                .putProperty(AwsV4HttpSigner.AUTH_LOCATION, AuthLocation.QUERY_STRING)
                .putProperty(AwsV4HttpSigner.EXPIRATION_DURATION, target.urlValidFor())
                .putProperty(HttpSigner.SIGNING_CLOCK, clock)).request();
        URI https = signed.getUri();
        return "wss" + https.toString().substring("https".length());
    }
}
