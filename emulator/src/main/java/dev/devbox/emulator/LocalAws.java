package dev.devbox.emulator;

import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Map;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClientBuilder;
import software.amazon.awssdk.services.dynamodb.model.ListTablesResponse;
import software.amazon.awssdk.services.ec2.Ec2Client;

/**
 * The embedded AWS that tests and local mode talk to: moto (EC2, EventBridge,
 * STS, SSM, CloudFormation...) and DynamoDB Local, both on loopback.
 *
 * <p>Any AWS client works against it: set the environment that
 * {@link #environment()} returns (AWS_ENDPOINT_URL and
 * AWS_ENDPOINT_URL_DYNAMODB), or pass a builder to {@link #configure}.
 */
public final class LocalAws implements AutoCloseable {
    public static final Region REGION = Region.US_EAST_1;
    /** The emulator's public Ubuntu 24.04 LTS images (Canonical's owner id), see base-amis.json. */
    public static final String UBUNTU_2404_AMD64 = "ami-0ubuntu2404amd64";
    public static final String UBUNTU_2404_ARM64 = "ami-0ubuntu2404arm64";
    public static final String CANONICAL_OWNER = "099720109477";
    /** A public image of another owner (a GPU image, as AWS's Deep Learning AMIs are), see base-amis.json. */
    public static final String GPU_IMAGE = "ami-0gpudlami2404amd64";
    public static final String GPU_IMAGE_OWNER = "898082745236";
    /** moto's fixed account id. */
    public static final String ACCOUNT = "123456789012";
    // DynamoDB Local accepts only letters and digits in an access key id.
    private static final AwsCredentialsProvider CREDENTIALS =
            StaticCredentialsProvider.create(AwsBasicCredentials.create("devboxlocal", "devboxlocal"));

    private final MotoServer moto;
    private final DynamoDbLocalServer dynamo;
    private final Ec2Client ec2;
    private final DynamoDbClient dynamoClient;

    private LocalAws(MotoServer moto, DynamoDbLocalServer dynamo) {
        this.moto = moto;
        this.dynamo = dynamo;
        this.ec2 = configure(Ec2Client.builder()).build();
        this.dynamoClient = configure(DynamoDbClient.builder()).build();
    }

    /** Installs the pinned emulator if needed and starts both servers. */
    public static LocalAws start() {
        return start(EmulatorHome.resolve());
    }

    public static LocalAws start(EmulatorHome home) {
        MotoServer moto = MotoServer.start(home);
        try {
            return new LocalAws(moto, DynamoDbLocalServer.start());
        } catch (RuntimeException e) {
            moto.close();
            throw e;
        }
    }

    public URI motoEndpoint() {
        return moto.endpoint();
    }

    public URI dynamoEndpoint() {
        return dynamo.endpoint();
    }

    public Region region() {
        return REGION;
    }

    public String account() {
        return ACCOUNT;
    }

    public AwsCredentialsProvider credentials() {
        return CREDENTIALS;
    }

    /** The fidelity patches applied to moto, by name. */
    public java.util.List<String> fidelityPatches() {
        return moto.patches();
    }

    /** Points any SDK v2 client builder at the right emulator, with region and test credentials. */
    public <B extends AwsClientBuilder<B, ?>> B configure(B builder) {
        URI endpoint = builder instanceof DynamoDbClientBuilder ? dynamo.endpoint() : moto.endpoint();
        builder.endpointOverride(endpoint).region(REGION).credentialsProvider(CREDENTIALS);
        if (builder instanceof software.amazon.awssdk.awscore.client.builder.AwsSyncClientBuilder<?, ?> sync) {
            sync.httpClientBuilder(UrlConnectionHttpClient.builder());
        }
        return builder;
    }

    public Ec2Client ec2() {
        return ec2;
    }

    public DynamoDbClient dynamo() {
        return dynamoClient;
    }

    /** What a shell (or any SDK, or the aws CLI) needs to see this emulator. */
    public Map<String, String> environment() {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("AWS_ENDPOINT_URL", moto.endpoint().toString());
        env.put("AWS_ENDPOINT_URL_DYNAMODB", dynamo.endpoint().toString());
        env.put("AWS_REGION", REGION.id());
        env.put("AWS_DEFAULT_REGION", REGION.id());
        env.put("AWS_ACCESS_KEY_ID", "devboxlocal");
        env.put("AWS_SECRET_ACCESS_KEY", "devboxlocal");
        return env;
    }

    /** Forgets everything: every moto resource and every DynamoDB table. */
    public void reset() {
        moto.reset();
        ListTablesResponse page;
        do {
            page = dynamoClient.listTables();
            page.tableNames().forEach(name -> dynamoClient.deleteTable(b -> b.tableName(name)));
        } while (!page.tableNames().isEmpty());
    }

    public boolean isAlive() {
        return moto.isAlive();
    }

    @Override
    public void close() {
        ec2.close();
        dynamoClient.close();
        try {
            dynamo.close();
        } finally {
            moto.close();
        }
    }
}
