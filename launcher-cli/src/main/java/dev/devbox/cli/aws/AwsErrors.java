package dev.devbox.cli.aws;

import dev.devbox.cli.error.AwsFailureException;
import dev.devbox.cli.error.ConfigurationException;
import dev.devbox.cli.error.DevboxException;
import java.net.ConnectException;
import java.net.UnknownHostException;
import java.util.Set;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.exception.SdkException;

/** Turns SDK exceptions into one actionable sentence each. */
public final class AwsErrors {
    private static final Set<String> BAD_CREDENTIALS = Set.of("ExpiredToken", "ExpiredTokenException",
            "InvalidClientTokenId", "UnrecognizedClientException", "AuthFailure", "SignatureDoesNotMatch",
            "InvalidSignatureException", "RequestExpired");

    private AwsErrors() {
    }

    /** The translation, or null when {@code ex} is not an SDK failure. */
    public static DevboxException translate(Throwable ex) {
        if (!(ex instanceof SdkException)) {
            return null;
        }
        if (ex instanceof AwsServiceException service) {
            String code = service.awsErrorDetails() == null ? "" : service.awsErrorDetails().errorCode();
            String message = service.awsErrorDetails() == null ? service.getMessage() : service.awsErrorDetails().errorMessage();
            String serviceName = service.awsErrorDetails() == null ? "AWS" : service.awsErrorDetails().serviceName();
            if (BAD_CREDENTIALS.contains(code)) {
                return new ConfigurationException("AWS rejected your credentials (" + code + "): refresh them"
                        + " ('aws sso login', or new keys), or pick another --profile.", ex);
            }
            if (code != null && (code.contains("AccessDenied") || code.equals("UnauthorizedOperation"))) {
                return new AwsFailureException("AWS denied " + serviceName + " access (" + code + "): your identity"
                        + " needs the devbox user permissions; ask the account admin. " + firstSentence(message), ex);
            }
            return new AwsFailureException(serviceName + " refused the request: " + code + ": " + message, ex);
        }
        String msg = String.valueOf(ex.getMessage());
        if (msg.contains("Unable to load credentials") || msg.contains("credentials")
                && msg.contains("Unable to")) {
            return new ConfigurationException("No AWS credentials found: run 'aws configure' or 'aws sso login',"
                    + " set AWS_PROFILE, or pass --profile.", ex);
        }
        if (msg.contains("Unable to load region")) {
            return new ConfigurationException("No AWS region set: pass --region or set AWS_REGION.", ex);
        }
        if (ex instanceof SdkClientException && hasCause(ex, ConnectException.class)) {
            return new ConfigurationException("Cannot reach the AWS endpoint (" + firstSentence(msg)
                    + "): if AWS_ENDPOINT_URL points at 'devbox local', is it still running?", ex);
        }
        if (ex instanceof SdkClientException && hasCause(ex, UnknownHostException.class)) {
            return new ConfigurationException("Cannot resolve the AWS endpoint: check your network, --region"
                    + " and AWS_ENDPOINT_URL.", ex);
        }
        return new AwsFailureException("AWS call failed: " + firstSentence(msg), ex);
    }

    private static boolean hasCause(Throwable ex, Class<? extends Throwable> type) {
        for (Throwable t = ex; t != null; t = t.getCause()) {
            if (type.isInstance(t)) {
                return true;
            }
        }
        return false;
    }

    private static String firstSentence(String message) {
        if (message == null) {
            return "";
        }
        int end = message.indexOf(". ");
        return end > 0 ? message.substring(0, end + 1) : message;
    }
}
