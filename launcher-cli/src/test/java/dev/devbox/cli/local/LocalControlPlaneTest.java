package dev.devbox.cli.local;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

/** Local mode's stand-in for Lambda's identity check: the signer is the access key id, for Lambda only. */
class LocalControlPlaneTest {
    @Test
    void theCallerIsTheAccessKeyIdOfASignatureForLambda() {
        assertEquals("alice", LocalControlPlane.caller("AWS4-HMAC-SHA256 Credential=alice/20261204/us-east-1/lambda/"
                + "aws4_request, SignedHeaders=content-type;host;x-amz-date, Signature=abc"));
        assertNull(LocalControlPlane.caller("AWS4-HMAC-SHA256 Credential=alice/20261204/us-east-1/ec2/aws4_request,"
                + " SignedHeaders=host, Signature=abc"), "signed for another service");
        assertNull(LocalControlPlane.caller("Basic YWxpY2U6c2VjcmV0"));
        assertNull(LocalControlPlane.caller(null));
        assertNull(LocalControlPlane.caller("AWS4-HMAC-SHA256 Credential=al/ice/20261204/us-east-1/lambda/aws4_request"));
    }
}
