package dev.devbox.bench.child;

import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.core.retry.RetryMode;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.ec2.Ec2Client;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * One Lambda cold start, in a fresh JVM on the function's own classpath (its
 * target/lambda/lib jars plus this class): stands in for the Lambda runtime's
 * bootstrap, which loads the handler class, calls its no-arg constructor, then
 * hands it the event.
 *
 * <p>Phases (System.nanoTime is CLOCK_MONOTONIC on Linux, so the parent's reading
 * taken just before it started this process is comparable):
 * <ol>
 *   <li>jvm: process start (parent's reading) to the first line of main;</li>
 *   <li>sdk: building an Ec2Client and a DynamoDbClient exactly as AwsModule does, which
 *       loads and initialises the SDK (the classes, endpoint rules, region metadata);</li>
 *   <li>wiring: the handler's no-arg constructor: LambdaEnvironment, the Dagger graph and the
 *       function's own clients, which are now cheap because the SDK is already loaded;</li>
 *   <li>handle: the first event, including the SDK's lazy first-call work (marshallers,
 *       signer, first connection) and the emulator's time (reported apart as wire time).</li>
 * </ol>
 * Prints one line, {@code COLDSTART key=value ...}, and exits.
 *
 * <p>args: handler class name, event JSON file (or "-" for an empty scheduled event), parent nanoTime at start,
 * and optionally a count of warm requests: the same event handled that many more times in this JVM,
 * reported as {@code warmMedian} and {@code warmP90} (ms per request).
 */
public final class ColdStartChild {
    private ColdStartChild() {
    }

    public static void main(String[] args) throws Exception {
        long main = System.nanoTime();
        String handlerClass = args[0];
        byte[] event = args[1].equals("-") ? "{}".getBytes() : Files.readAllBytes(Path.of(args[1]));
        long spawned = Long.parseLong(args[2]);

        long sdkStart = System.nanoTime();
        Region region = Region.of(System.getenv("AWS_REGION"));
        SdkHttpClient http = UrlConnectionHttpClient.create();
        ClientOverrideConfiguration retries = ClientOverrideConfiguration.builder()
                .retryStrategy(RetryMode.ADAPTIVE_V2).build();
        // As AwsModule does since 43eaec4 (the recorded run used environment credentials, as it did then).
        DefaultCredentialsProvider credentials = DefaultCredentialsProvider.builder().build();
        Ec2Client ec2 = Ec2Client.builder().httpClient(http).region(region)
                .credentialsProvider(credentials)
                .overrideConfiguration(retries).build();
        DynamoDbClient dynamo = DynamoDbClient.builder().httpClient(http).region(region)
                .credentialsProvider(credentials)
                .overrideConfiguration(retries).build();
        long sdkEnd = System.nanoTime();

        RequestStreamHandler handler = (RequestStreamHandler) Class.forName(handlerClass)
                .getConstructor().newInstance();
        long wired = System.nanoTime();

        SdkTimer.Reading before = SdkTimer.read();
        ByteArrayOutputStream reply = new ByteArrayOutputStream();
        handler.handleRequest(new ByteArrayInputStream(event), reply, null);
        long handled = System.nanoTime();
        SdkTimer.Reading calls = SdkTimer.read().minus(before);
        int warm = args.length > 3 ? Integer.parseInt(args[3]) : 0;
        double[] warmMs = new double[warm];
        for (int i = 0; i < warm; i++) {
            long t = System.nanoTime();
            handler.handleRequest(new ByteArrayInputStream(event), new ByteArrayOutputStream(), null);
            warmMs[i] = (System.nanoTime() - t) / 1e6;
        }
        java.util.Arrays.sort(warmMs);

        System.out.println("COLDSTART"
                + " jvm=" + ms(main - spawned)
                + " sdk=" + ms(sdkEnd - sdkStart)
                + " wiring=" + ms(wired - sdkEnd)
                + " handle=" + ms(handled - wired)
                + " handleCalls=" + calls.calls()
                + " handleCallMs=" + ms(calls.callNanos())
                + " handleWireMs=" + ms(calls.wireNanos())
                + " toHandled=" + ms(handled - spawned)
                + (warm == 0 ? "" : " warmMedian=" + warmMs[warm / 2] + " warmP90=" + warmMs[(int) (warm * 0.9)]));
        if (warm > 0) {
            // The reply to the first request, so the parent can tell an answer from an error.
            System.out.println("REPLY " + reply.toString(java.nio.charset.StandardCharsets.UTF_8).replace('\n', ' '));
        }
        System.out.flush();
        ec2.close();
        dynamo.close();
    }

    private static String ms(long nanos) {
        return Double.toString(nanos / 1e6);
    }
}
