package dev.devbox.di;

import javax.inject.Qualifier;
import java.lang.annotation.Documented;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;

/** The DynamoDB table's name. */
@Qualifier
@Documented
@Retention(RetentionPolicy.RUNTIME)
public @interface TableName {
}
