package dev.devbox.domain;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class ProjectNameTest {

    @ParameterizedTest
    @ValueSource(strings = {"a", "myproject", "web-2", "a234567890123456789012345678901234567890",
            "a234567890123456789012345678901234567890--0123456789ab", "web--deadbeefcafe"})
    void acceptsLowercaseLettersDigitsAndHyphensStartingWithALetter(String value) {
        assertEquals(value, new ProjectName(value).value());
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "1abc", "-abc", "MyProject", "my_project", "my project", "ab/cd",
            "a2345678901234567890123456789012345678901", "a2345678901234567890123456789012345678901--0123456789ab",
            "web--DEADBEEF-"})
    void rejectsEverythingElse(String value) {
        assertThrows(InvalidProjectNameException.class, () -> new ProjectName(value));
    }

    @org.junit.jupiter.api.Test
    void rejectsNull() {
        assertThrows(InvalidProjectNameException.class, () -> new ProjectName(null));
    }
}
