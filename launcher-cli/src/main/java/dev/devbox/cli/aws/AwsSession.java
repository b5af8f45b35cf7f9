package dev.devbox.cli.aws;

import dev.devbox.cli.Environment;
import dev.devbox.cli.error.ConfigurationException;
import dev.devbox.cli.ui.Ui;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.ProfileCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.client.builder.SdkSyncClientBuilder;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.profiles.ProfileFile;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.cloudformation.CloudFormationClient;

/**
 * The AWS side of one invocation: region, credentials and endpoints resolved from the flags and
 * the {@link Environment} (the standard chain: --profile, AWS_PROFILE, AWS_* variables, SSO), the
 * stack's outputs (CloudFormation) and its control plane, which does everything else: the CLI
 * builds no EC2, DynamoDB, STS or SSM client. AWS_ENDPOINT_URL and AWS_ENDPOINT_URL_&lt;SERVICE&gt; are honoured
 * exactly as the AWS CLI and SDKs honour them, which is how `devbox local` redirects everything.
 */
public final class AwsSession implements AutoCloseable {
    private final Environment env;
    private final String regionFlag;
    private final String profileFlag;
    private final String stackName;
    private final Ui ui;
    private final List<AutoCloseable> clients = new ArrayList<>();
    private Region region;
    private AwsCredentialsProvider credentials;
    private CloudFormationClient cloudFormation;
    private StackOutputs stack;
    private ControlClient control;

    public AwsSession(Environment env, String regionFlag, String profileFlag, String stackName, Ui ui) {
        this.env = env;
        this.regionFlag = regionFlag;
        this.profileFlag = profileFlag;
        this.stackName = stackName;
        this.ui = ui;
    }

    public String stackName() {
        return stackName;
    }

    /**
     * The stack's outputs: from the cache of the last DescribeStacks for this region, stack and
     * identity (and endpoint, under an override: `devbox local`'s ports change from run to run),
     * else described once per invocation and cached.
     */
    public synchronized StackOutputs stack() {
        if (stack == null) {
            stack = cache().load(cacheKey(), ui.clock().instant()).orElse(null);
            if (stack != null) {
                ui.debug("stack " + stackName + ": control plane " + stack.controlUrl() + " (cached)");
            } else {
                describeStack();
            }
        }
        return stack;
    }

    /** DescribeStacks now, and cache it; the URL of the control plane it names. */
    private synchronized String describeStack() {
        stack = new StackLocator(cloudFormation()).locate(stackName, region().id());
        ui.debug("stack " + stackName + ": control plane " + stack.controlUrl());
        cache().save(cacheKey(), stack, ui.clock().instant());
        return stack.controlUrl();
    }

    private StackCache cache() {
        return StackCache.in(env.get("XDG_CACHE_HOME"), env.home());
    }

    /**
     * Region, stack and who asks (another profile or key may be another account with a stack of that
     * name), and where CloudFormation is when it is not AWS's: another emulator is another world.
     */
    private String cacheKey() {
        String who = profileFlag != null ? "profile:" + profileFlag
                : env.get("AWS_ACCESS_KEY_ID") != null ? "key:" + env.get("AWS_ACCESS_KEY_ID")
                : profileName() != null ? "profile:" + profileName() : "default";
        String key = region().id() + "/" + stackName + "/" + who;
        return endpointFor("CLOUDFORMATION").map(url -> key + "@" + url).orElse(key);
    }

    /** The stack's control plane, reached with this invocation's credentials. */
    public synchronized ControlClient control() {
        if (control == null) {
            // A launch runs RunInstances (and, after an error, looks for the box) before it answers: wait
            // longer than the function's 60 s timeout, so the CLI hears the function's own answer.
            ControlHttp http = new ControlHttp(Duration.ofSeconds(75));
            clients.add(http);
            // A URL from the cache that no longer answers is described again (the stack was redeployed).
            control = new ControlClient(stackName, stack().controlUrl(), this::describeStack, credentials(), region(),
                    http, ui);
        }
        return control;
    }

    public synchronized CloudFormationClient cloudFormation() {
        if (cloudFormation == null) {
            cloudFormation = build(CloudFormationClient.builder(), "CLOUDFORMATION");
        }
        return cloudFormation;
    }

    /** True when an endpoint override is in force (a local emulator, usually). */
    public boolean endpointOverridden() {
        return env.get("AWS_ENDPOINT_URL") != null;
    }

    public Optional<String> endpointFor(String serviceEnvName) {
        String specific = env.get("AWS_ENDPOINT_URL_" + serviceEnvName);
        return Optional.ofNullable(specific != null ? specific : env.get("AWS_ENDPOINT_URL"));
    }

    /** Region: --region, AWS_REGION, AWS_DEFAULT_REGION, then the profile's; never guessed. */
    public synchronized Region region() {
        if (region == null) {
            String id = regionFlag;
            if (id == null) {
                id = env.get("AWS_REGION");
            }
            if (id == null) {
                id = env.get("AWS_DEFAULT_REGION");
            }
            if (id == null) {
                id = profileRegion();
            }
            if (id == null) {
                throw new ConfigurationException(
                        "No AWS region set: pass --region, set AWS_REGION, or add 'region' to your AWS profile.");
            }
            region = Region.of(id.toLowerCase(Locale.ROOT));
        }
        return region;
    }

    private String profileName() {
        return profileFlag != null ? profileFlag : env.get("AWS_PROFILE");
    }

    private String profileRegion() {
        String name = profileName() != null ? profileName() : "default";
        try {
            return ProfileFile.defaultProfileFile().profile(name).flatMap(p -> p.property("region")).orElse(null);
        } catch (RuntimeException e) {
            return null; // an unreadable ~/.aws/config is reported when credentials are resolved
        }
    }

    private synchronized AwsCredentialsProvider credentials() {
        if (credentials == null) {
            String key = env.get("AWS_ACCESS_KEY_ID");
            String secret = env.get("AWS_SECRET_ACCESS_KEY");
            if (profileFlag != null) {
                credentials = ProfileCredentialsProvider.builder().profileName(profileFlag).build();
            } else if (key != null && secret != null) {
                String token = env.get("AWS_SESSION_TOKEN");
                credentials = StaticCredentialsProvider.create(token == null
                        ? AwsBasicCredentials.create(key, secret)
                        : AwsSessionCredentials.create(key, secret, token));
            } else if (profileName() != null) {
                credentials = ProfileCredentialsProvider.builder().profileName(profileName()).build();
            } else {
                credentials = DefaultCredentialsProvider.builder().build();
            }
        }
        return credentials;
    }

    private <B extends AwsClientBuilder<B, C> & SdkSyncClientBuilder<B, C>, C extends AutoCloseable> C build(
            B builder, String serviceEnvName) {
        builder.region(region())
                .credentialsProvider(credentials())
                .overrideConfiguration(o -> {
                    o.retryStrategy(AwsRetryStrategy.adaptiveRetryStrategy());
                    env.interceptors().forEach(o::addExecutionInterceptor);
                });
        builder.httpClientBuilder(UrlConnectionHttpClient.builder());
        endpointFor(serviceEnvName).ifPresent(url -> {
            builder.endpointOverride(URI.create(url));
            ui.debug(serviceEnvName.toLowerCase(Locale.ROOT) + " endpoint " + url);
        });
        C client = builder.build();
        clients.add(client);
        return client;
    }

    @Override
    public void close() {
        for (AutoCloseable client : clients) {
            try {
                client.close();
            } catch (Exception e) {
                // closing an HTTP client cannot lose work
            }
        }
        clients.clear();
    }
}
