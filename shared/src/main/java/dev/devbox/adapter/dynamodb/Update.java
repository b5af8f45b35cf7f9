package dev.devbox.adapter.dynamodb;

import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ReturnValue;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemRequest;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Builds one UpdateItem (or its transaction twin) with every attribute name
 * aliased, so reserved words such as {@code state} and {@code name} never bite.
 * Conditions refer to names as {@code #attr} and to values as {@code :value}.
 */
final class Update {
    private final String table;
    private final Map<String, AttributeValue> key;
    private final List<String> sets = new ArrayList<>();
    private final List<String> removes = new ArrayList<>();
    private final List<String> adds = new ArrayList<>();
    private final Map<String, String> names = new HashMap<>();
    private final Map<String, AttributeValue> values = new HashMap<>();
    private String condition;

    Update(String table, Map<String, AttributeValue> key) {
        this.table = table;
        this.key = key;
    }

    Update set(String attr, AttributeValue value) {
        sets.add(name(attr) + " = " + value(":set_" + attr, value));
        return this;
    }

    Update setIfPresent(String attr, AttributeValue valueOrNull) {
        return valueOrNull == null ? this : set(attr, valueOrNull);
    }

    Update remove(String attr) {
        removes.add(name(attr));
        return this;
    }

    Update add(String attr, long delta) {
        adds.add(name(attr) + " " + value(":add_" + attr, Values.n(delta)));
        return this;
    }

    /** A condition over {@code #attr} names (declared with {@link #names}) and {@code :values}. */
    Update when(String expression, Map<String, AttributeValue> conditionValues, String... attrs) {
        for (String attr : attrs) {
            name(attr);
        }
        values.putAll(conditionValues);
        this.condition = expression;
        return this;
    }

    UpdateItemRequest request(ReturnValue returnValue) {
        return UpdateItemRequest.builder().tableName(table).key(key)
                .updateExpression(expression())
                .conditionExpression(condition)
                .expressionAttributeNames(names)
                .expressionAttributeValues(values.isEmpty() ? null : values)
                .returnValues(returnValue)
                .build();
    }

    software.amazon.awssdk.services.dynamodb.model.Update transactional() {
        return software.amazon.awssdk.services.dynamodb.model.Update.builder().tableName(table).key(key)
                .updateExpression(expression())
                .conditionExpression(condition)
                .expressionAttributeNames(names)
                .expressionAttributeValues(values.isEmpty() ? null : values)
                .build();
    }

    private String expression() {
        StringBuilder sb = new StringBuilder();
        if (!sets.isEmpty()) {
            sb.append("SET ").append(String.join(", ", sets));
        }
        if (!removes.isEmpty()) {
            sb.append(" REMOVE ").append(String.join(", ", removes));
        }
        if (!adds.isEmpty()) {
            sb.append(" ADD ").append(String.join(", ", adds));
        }
        return sb.toString().trim();
    }

    private String name(String attr) {
        String alias = "#" + attr;
        names.put(alias, attr);
        return alias;
    }

    private String value(String placeholder, AttributeValue value) {
        values.put(placeholder, value);
        return placeholder;
    }
}
