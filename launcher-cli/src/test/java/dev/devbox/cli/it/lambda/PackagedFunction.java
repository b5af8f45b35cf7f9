package dev.devbox.cli.it.lambda;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * One of devbox's functions as `sam build` packages it and Lambda runs it: the task root is the
 * module's {@code target/lambda} (its {@code lib/*.jar} is exactly what the function's Makefile
 * copies into the build artifact), the handler string is template.yaml's, and AWS's runtime
 * interface client (on the system class path, as in Lambda's java runtimes) loads the handler
 * from the task root, constructs it once (init) and serves events from {@link RuntimeApi}.
 */
public final class PackagedFunction implements AutoCloseable {
    /** JAVA_TOOL_OPTIONS as template.yaml sets it, and the collector Lambda's java runtimes use. */
    private static final List<String> JVM_FLAGS = List.of("-XX:+TieredCompilation", "-XX:TieredStopAtLevel=1",
            "-XX:+UseSerialGC");

    private final String name;
    private final RuntimeApi api;
    private final Process process;
    private final Path log;

    private PackagedFunction(String name, RuntimeApi api, Process process, Path log) {
        this.name = name;
        this.api = api;
        this.process = process;
        this.log = log;
    }

    /**
     * @param module  the function's Maven module (its target/lambda/lib must be built: `package`)
     * @param handler template.yaml's Handler
     * @param env     the function's environment (template.yaml's Variables, AWS's endpoint and credentials)
     */
    public static PackagedFunction start(Path repo, String module, String handler, Map<String, String> env, Path logDir)
            throws IOException {
        Path taskRoot = repo.resolve(module).resolve("target/lambda").toAbsolutePath();
        if (!Files.isDirectory(taskRoot.resolve("lib"))) {
            throw new IllegalStateException(taskRoot + "/lib is missing: the build's package phase makes it");
        }
        RuntimeApi api = new RuntimeApi();
        ProcessBuilder pb = new ProcessBuilder();
        List<String> command = new java.util.ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(JVM_FLAGS);
        command.addAll(List.of("-cp", runtimeClientClassPath(),
                "com.amazonaws.services.lambda.runtime.api.client.AWSLambda", handler));
        // The client loads the handler from its working directory and lib/*.jar there, as Lambda's /var/task.
        pb.command(command).directory(taskRoot.toFile());
        Map<String, String> environment = pb.environment();
        environment.keySet().removeIf(k -> k.startsWith("AWS_") || k.startsWith("DEVBOX_") || k.startsWith("JAVA_"));
        environment.putAll(env);
        environment.put("AWS_LAMBDA_RUNTIME_API", api.address());
        environment.put("LAMBDA_TASK_ROOT", taskRoot.toString());
        environment.put("_HANDLER", handler);
        environment.put("AWS_LAMBDA_FUNCTION_NAME", module);
        environment.put("AWS_LAMBDA_FUNCTION_MEMORY_SIZE", "1024");
        Files.createDirectories(logDir);
        Path log = logDir.toAbsolutePath().resolve(module + ".log");
        pb.redirectErrorStream(true).redirectOutput(log.toFile());
        try {
            return new PackagedFunction(module, api, pb.start(), log);
        } catch (IOException | RuntimeException e) {
            api.close();
            throw e;
        }
    }

    /** The runtime interface client's own jars, from this test's class path (test-scoped dependencies). */
    private static String runtimeClientClassPath() {
        return String.join(File.pathSeparator, jarOf("com.amazonaws.services.lambda.runtime.api.client.AWSLambda"),
                jarOf("com.amazonaws.services.lambda.runtime.serialization.PojoSerializer"),
                jarOf("com.amazonaws.services.lambda.runtime.Context"),
                jarOf("software.amazon.awssdk.utilslite.SdkInternalThreadLocal"));
    }

    private static String jarOf(String className) {
        try {
            return Path.of(Class.forName(className).getProtectionDomain().getCodeSource().getLocation().toURI())
                    .toString();
        } catch (ReflectiveOperationException | java.net.URISyntaxException e) {
            throw new IllegalStateException("the runtime interface client is not on the test class path: " + className, e);
        }
    }

    /** One event, as Lambda would deliver it; the function's answer or its error document. */
    public RuntimeApi.Outcome invoke(String eventJson) throws Exception {
        return api.invoke(eventJson, Duration.ofSeconds(60), process);
    }

    /** What the function printed (its structured log lines): Lambda sends it to CloudWatch. */
    public String log() throws IOException {
        return Files.readString(log);
    }

    public String name() {
        return name;
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(10, java.util.concurrent.TimeUnit.SECONDS)) {
            process.destroyForcibly();
        }
        api.close();
    }
}
