package dev.devbox.bench.child;

import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.core.retry.RetryMode;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.eventbridge.EventBridgeClient;

/**
 * Where a handler's init time goes (bench/lambda-init-paired.sh, BENCHMARKS.md 1c): the pieces the
 * handler's constructor builds, built first and one at a time as AwsModule builds them, then the
 * constructor itself, which is then left with the Dagger graph, devbox's own objects and whatever
 * else it builds (control-fn's SSM client). Each phase pays for the classes it is first to load, so
 * the first SDK client carries the SDK's core.
 *
 * <p>args: handler class name. Prints {@code PHASES main=NANOS http=MS ec2=MS dynamodb=MS
 * eventbridge=MS handler=MS} and exits.
 */
public final class HandlerInitPhases {
    private HandlerInitPhases() {
    }

    public static void main(String[] args) throws Exception {
        long main = System.nanoTime();
        Region region = Region.of(System.getenv("AWS_REGION"));
        SdkHttpClient http = UrlConnectionHttpClient.create();
        DefaultCredentialsProvider credentials = DefaultCredentialsProvider.builder().build();
        long httpReady = System.nanoTime();
        Ec2Client ec2 = Ec2Client.builder().httpClient(http).region(region).credentialsProvider(credentials)
                .overrideConfiguration(retries()).build();
        long ec2Ready = System.nanoTime();
        DynamoDbClient dynamo = DynamoDbClient.builder().httpClient(http).region(region)
                .credentialsProvider(credentials).overrideConfiguration(retries()).build();
        long dynamoReady = System.nanoTime();
        EventBridgeClient events = EventBridgeClient.builder().httpClient(http).region(region)
                .credentialsProvider(credentials).overrideConfiguration(retries()).build();
        long eventsReady = System.nanoTime();
        Object handler = Class.forName(args[0]).getConstructor().newInstance();
        long ready = System.nanoTime();
        System.out.println("PHASES main=" + main + " http=" + ms(httpReady - main) + " ec2=" + ms(ec2Ready - httpReady)
                + " dynamodb=" + ms(dynamoReady - ec2Ready) + " eventbridge=" + ms(eventsReady - dynamoReady)
                + " handler=" + ms(ready - eventsReady) + " class=" + handler.getClass().getSimpleName());
        ec2.close();
        dynamo.close();
        events.close();
    }

    private static ClientOverrideConfiguration retries() {
        return ClientOverrideConfiguration.builder().retryStrategy(RetryMode.ADAPTIVE_V2).build();
    }

    private static String ms(long nanos) {
        return Double.toString(nanos / 1e6);
    }
}
