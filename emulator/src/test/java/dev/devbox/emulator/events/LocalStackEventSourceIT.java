package dev.devbox.emulator.events;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.condition.EnabledIf;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.localstack.LocalStackContainer;
import org.testcontainers.utility.DockerImageName;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.ec2.Ec2Client;

/**
 * The same contract against LocalStack, where a Docker engine exists. Pinned to
 * the last community image that runs without an auth token.
 */
@EnabledIf(value = "dockerAvailable",
        disabledReason = "skipped: no Docker engine here; the LocalStack variant runs where Docker does")
class LocalStackEventSourceIT extends EventSourceContract {
    private static LocalStackContainer localstack;
    private static Ec2Client ec2;

    @BeforeAll
    static void startLocalStack() {
        String image = System.getProperty("devbox.localstack.image", "localstack/localstack:4.14.0");
        localstack = new LocalStackContainer(DockerImageName.parse(image)).withServices("ec2");
        localstack.start();
        ec2 = Ec2Client.builder()
                .endpointOverride(localstack.getEndpoint())
                .region(Region.of(localstack.getRegion()))
                .credentialsProvider(StaticCredentialsProvider.create(
                        AwsBasicCredentials.create(localstack.getAccessKey(), localstack.getSecretKey())))
                .httpClientBuilder(UrlConnectionHttpClient.builder())
                .build();
    }

    static boolean dockerAvailable() {
        try {
            return DockerClientFactory.instance().isDockerAvailable();
        } catch (RuntimeException e) {
            return false;
        }
    }

    @AfterAll
    static void stopLocalStack() {
        if (ec2 != null) {
            ec2.close();
        }
        if (localstack != null) {
            localstack.stop();
        }
    }

    @Override
    Ec2Client ec2() {
        return ec2;
    }

    @Override
    String region() {
        return localstack.getRegion();
    }

    @Override
    String account() {
        return "000000000000";
    }
}
