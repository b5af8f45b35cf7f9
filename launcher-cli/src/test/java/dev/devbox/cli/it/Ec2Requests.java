package dev.devbox.cli.it;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;
import java.util.function.Predicate;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.core.SdkRequest;
import software.amazon.awssdk.core.SdkResponse;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.services.ec2.model.Ec2Exception;

/**
 * An SDK interceptor for the CLI's clients: records every request, and can refuse chosen ones with
 * an EC2 error code or rewrite chosen responses, which the emulator cannot be made to do.
 */
final class Ec2Requests implements ExecutionInterceptor {
    final List<SdkRequest> seen = new CopyOnWriteArrayList<>();
    private volatile Predicate<SdkRequest> refuse = r -> false;
    private volatile String refusalCode;
    private volatile Function<SdkResponse, SdkResponse> rewrite = Function.identity();

    Ec2Requests refusing(Predicate<SdkRequest> which, String errorCode) {
        this.refuse = which;
        this.refusalCode = errorCode;
        return this;
    }

    Ec2Requests rewriting(Function<SdkResponse, SdkResponse> how) {
        this.rewrite = how;
        return this;
    }

    <T extends SdkRequest> List<T> of(Class<T> type) {
        return seen.stream().filter(type::isInstance).map(type::cast).toList();
    }

    @Override
    public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
        seen.add(context.request());
        if (refuse.test(context.request())) {
            throw Ec2Exception.builder().statusCode(500).message(refusalCode + " (injected by the test)")
                    .awsErrorDetails(AwsErrorDetails.builder().errorCode(refusalCode).serviceName("EC2")
                            .errorMessage("There is no Spot capacity available that matches your request.").build())
                    .build();
        }
    }

    @Override
    public SdkResponse modifyResponse(Context.ModifyResponse context, ExecutionAttributes attributes) {
        return rewrite.apply(context.response());
    }
}
