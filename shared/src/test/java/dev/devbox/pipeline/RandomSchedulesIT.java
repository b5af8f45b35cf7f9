package dev.devbox.pipeline;

import dev.devbox.emulator.DynamoDbLocalServer;
import dev.devbox.testing.SharedDynamoLocal;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Property: for any {@link Schedule} (several projects sharing the reconciler;
 * dropped, duplicated, reordered and late events; snapshots and AMIs that stay
 * pending and sometimes fail; users attaching, detaching and deleting volumes,
 * stopping boxes, deleting snapshots by hand; one injected fault), every cycle
 * ends READY, or FAILED with a reason and its volumes intact, and no mutating
 * EC2 call breaks an invariant at the moment it is made ({@code History}).
 *
 * <p>Each schedule runs twice: a dry run counts the calls of its fault round,
 * then the real run places the fault (before or after one DynamoDB or EC2 call,
 * reads and writes alike) at a call index drawn from that count, and asserts it
 * fired. Schedules: {@code -Ddevbox.schedules=N} (default 300), first seed
 * {@code -Ddevbox.firstSeed=S}. A failure names its seed and shape.
 */
@Execution(ExecutionMode.CONCURRENT) // schedules are independent: own table, own fake EC2, own oracle
class RandomSchedulesIT {
    private static DynamoDbLocalServer server;
    private static DynamoDbClient plain;
    private static final AtomicInteger SCHEDULES = new AtomicInteger();
    private static final AtomicInteger READY = new AtomicInteger();
    private static final AtomicInteger FAILED = new AtomicInteger();
    private static final AtomicInteger JUDGED = new AtomicInteger();
    private static final AtomicInteger BROKEN = new AtomicInteger();
    private static final Map<String, AtomicInteger> FIRED = new ConcurrentHashMap<>();

    @BeforeAll
    static void startDynamo() {
        server = SharedDynamoLocal.server();
        plain = DynamoDbClient.builder().endpointOverride(server.endpoint()).region(Region.US_EAST_1)
                .httpClient(UrlConnectionHttpClient.create())
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("x", "x"))).build();
    }

    @AfterAll
    static void stopDynamo() {
        String summary = String.format("random schedules: %d run; cycles READY %d, FAILED %d; mutating EC2 calls"
                        + " judged %d; schedules that failed (a violation, a stuck cycle or a fault that never fired) %d;"
                        + " faults fired by kind %s%n",
                SCHEDULES.get(), READY.get(), FAILED.get(), JUDGED.get(), BROKEN.get(), new TreeMap<>(FIRED));
        System.err.print(summary);
        try {
            Files.writeString(Path.of("target", "random-schedules.txt"), summary);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        plain.close(); // the shared server outlives this class
    }

    @TestFactory
    Stream<DynamicTest> everyScheduleConvergesSafely() {
        int schedules = Integer.getInteger("devbox.schedules", 300);
        long first = Long.getLong("devbox.firstSeed", 1);
        return IntStream.range(0, schedules).mapToObj(i -> first + i)
                .map(seed -> DynamicTest.dynamicTest("schedule " + seed, () -> {
                    SCHEDULES.incrementAndGet();
                    try {
                        run(seed);
                    } catch (Throwable failed) {
                        BROKEN.incrementAndGet();
                        throw failed;
                    }
                }));
    }

    private static void run(long seed) {
        Schedule plan = Schedule.draw(seed);
        ScheduleRun.Fault fault = new ScheduleRun.Fault(Schedule.FaultKind.NONE, 0);
        if (plan.faultKind() != Schedule.FaultKind.NONE) {
            ScheduleRun.Result dry = new ScheduleRun(plan, server.endpoint(), plain)
                    .play(new ScheduleRun.Fault(plan.faultKind(), ScheduleRun.Fault.COUNT_ONLY));
            int calls = switch (plan.faultKind()) {
                case DYNAMO_BEFORE -> dry.dynamoSent();
                case DYNAMO_AFTER -> dry.dynamoCompleted();
                default -> dry.ec2Calls();
            };
            assertTrue(calls > 0, plan + ": the fault round made no call of that kind");
            fault = new ScheduleRun.Fault(plan.faultKind(), new Random(seed ^ 0x5DEECE66DL).nextInt(calls));
        }
        ScheduleRun.Result result = new ScheduleRun(plan, server.endpoint(), plain).play(fault);
        if (fault.kind() != Schedule.FaultKind.NONE) {
            assertNotNull(result.fired(), plan + ": the fault at call " + fault.index() + " never fired");
            FIRED.computeIfAbsent(fault.kind().name(), k -> new AtomicInteger()).incrementAndGet();
        }
        READY.addAndGet(result.ready());
        FAILED.addAndGet(result.failed());
        JUDGED.addAndGet(result.judgedCalls());
    }
}
