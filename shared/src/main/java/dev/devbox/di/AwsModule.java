package dev.devbox.di;

import dagger.Module;
import dagger.Provides;
import dev.devbox.adapter.eventbridge.EventPublishers;
import dev.devbox.pipeline.PipelineSettings;
import dev.devbox.pipeline.StepLog;
import dev.devbox.port.EventPublisher;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.core.retry.RetryMode;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.eventbridge.EventBridgeClient;

import javax.inject.Singleton;
import java.time.Clock;

/**
 * Real AWS clients for a Lambda function, built during init (so SnapStart
 * captures them): URL-connection HTTP client, explicit region, adaptive retries
 * (throttling backs off in the SDK, never in devbox code). Endpoint overrides
 * come from AWS_ENDPOINT_URL* as the SDK itself honours them.
 */
@Module
public final class AwsModule {
    private final LambdaEnvironment environment;

    public AwsModule(LambdaEnvironment environment) {
        this.environment = environment;
    }

    public static AwsModule fromEnvironment() {
        return new AwsModule(LambdaEnvironment.from(System.getenv()));
    }

    @Provides
    Region region() {
        return Region.of(environment.region());
    }

    @Provides
    @TableName
    String table() {
        return environment.table();
    }

    @Provides
    PipelineSettings settings() {
        return environment.settings();
    }

    @Provides
    @Singleton
    SdkHttpClient httpClient() {
        return UrlConnectionHttpClient.create();
    }

    @Provides
    @Singleton
    static AwsCredentialsProvider credentials() {
        // The default chain, not the environment-variable provider: with SnapStart, Lambda hands the role's
        // credentials over the container-credentials endpoint instead of AWS_ACCESS_KEY_ID & co.
        return DefaultCredentialsProvider.builder().build();
    }

    @Provides
    @Singleton
    static Ec2Client ec2(SdkHttpClient http, Region region, AwsCredentialsProvider credentials) {
        return Ec2Client.builder().httpClient(http).region(region).credentialsProvider(credentials)
                .overrideConfiguration(retries()).build();
    }

    @Provides
    @Singleton
    static DynamoDbClient dynamo(SdkHttpClient http, Region region, AwsCredentialsProvider credentials) {
        return DynamoDbClient.builder().httpClient(http).region(region).credentialsProvider(credentials)
                .overrideConfiguration(retries()).build();
    }

    @Provides
    @Singleton
    EventPublisher publisher(SdkHttpClient http, AwsCredentialsProvider credentials, Region region,
                             ClientPrimers primers) {
        EventBridgeClient events = EventBridgeClient.builder().httpClient(http).region(region)
                .credentialsProvider(credentials)
                .overrideConfiguration(retries().toBuilder().addExecutionInterceptor(new ClientPrimers.DryRun()).build())
                .build();
        primers.add(ClientPrimers.events(events, environment.eventBus()));
        return EventPublishers.eventBridge(events, environment.eventBus());
    }

    @Provides
    static Clock clock() {
        return Clock.systemUTC();
    }

    @Provides
    @Singleton
    static StepLog stepLog() {
        return StepLog.stderr();
    }

    private static ClientOverrideConfiguration retries() {
        return ClientOverrideConfiguration.builder().retryStrategy(RetryMode.ADAPTIVE_V2).build();
    }
}
