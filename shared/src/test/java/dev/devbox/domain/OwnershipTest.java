package dev.devbox.domain;

import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Invariant 3's tag check: each of the three tags is required, and each must match exactly. */
class OwnershipTest {
    private static final CycleRef CYCLE = new CycleRef(ProjectName.of("web"), 3);

    @Test
    void cycleTagsAreExactlyStackProjectAndGeneration() {
        assertEquals(Map.of("devbox:stack", "dev", "devbox:project", "web", "devbox:generation", "3"),
                Ownership.cycleTags("dev", CYCLE));
    }

    @Test
    void aResourceWithAllThreeTagsBelongsToTheCycleAndTheProject() {
        Map<String, String> tags = Ownership.cycleTags("dev", CYCLE);
        assertTrue(Ownership.ownedByCycle(tags, "dev", CYCLE));
        assertTrue(Ownership.ownedByProject(tags, "dev", CYCLE.project()));
    }

    @Test
    void eachMissingOrWrongTagDisownsIt() {
        for (String key : Ownership.cycleTags("dev", CYCLE).keySet()) {
            Map<String, String> missing = new HashMap<>(Ownership.cycleTags("dev", CYCLE));
            missing.remove(key);
            assertFalse(Ownership.ownedByCycle(missing, "dev", CYCLE), "without " + key);

            Map<String, String> wrong = new HashMap<>(Ownership.cycleTags("dev", CYCLE));
            wrong.put(key, wrong.get(key) + "x");
            assertFalse(Ownership.ownedByCycle(wrong, "dev", CYCLE), "wrong " + key);
        }
    }

    @Test
    void projectOwnershipIgnoresTheGenerationButNeedsStackAndProject() {
        Map<String, String> older = Ownership.cycleTags("dev", new CycleRef(ProjectName.of("web"), 1));
        assertTrue(Ownership.ownedByProject(older, "dev", CYCLE.project()));
        assertFalse(Ownership.ownedByCycle(older, "dev", CYCLE));
        assertFalse(Ownership.ownedByProject(older, "prod", CYCLE.project()), "other stack");
        assertFalse(Ownership.ownedByProject(older, "dev", ProjectName.of("api")), "other project");
        assertFalse(Ownership.ownedByProject(Map.of("devbox:stack", "dev"), "dev", CYCLE.project()), "no project tag");
        assertFalse(Ownership.ownedByProject(Map.of("devbox:project", "web"), "dev", CYCLE.project()), "no stack tag");
    }

    @Test
    void imageNamesAreUniquePerStackProjectAndGeneration() {
        assertEquals("devbox-dev-web-g3", ResourceNames.imageName("dev", CYCLE));
        assertEquals("devbox-dev-web-g12", ResourceNames.imageName("dev", new CycleRef(ProjectName.of("web"), 12)));
        assertEquals("devbox-prod-api-g1", ResourceNames.imageName("prod", new CycleRef(ProjectName.of("api"), 1)));
    }
}
