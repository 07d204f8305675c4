package cn.mutualaid.platform.security;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.context.ContextRegistry;
import io.micrometer.context.ThreadLocalAccessor;
import io.micrometer.observation.contextpropagation.ObservationThreadLocalAccessor;
import org.junit.jupiter.api.Test;

class SecurityThreadLocalsTest {

    @Test
    void dropsSpringSecuritysAccessorsAndKeepsTheObservations() {
        // The accessors the applications' classpath registers (ServiceLoader), in a registry of this test's own.
        ContextRegistry registry = new ContextRegistry().loadThreadLocalAccessors();
        assertThat(classes(registry)).as("Spring Security registers its accessors")
                .anyMatch(name -> name.startsWith("org.springframework.security."));

        assertThat(SecurityThreadLocals.drop(registry)).isNotEmpty();

        assertThat(classes(registry)).noneMatch(name -> name.startsWith("org.springframework.security."))
                .contains(ObservationThreadLocalAccessor.class.getName());
    }

    private static java.util.List<String> classes(ContextRegistry registry) {
        return registry.getThreadLocalAccessors().stream().map(ThreadLocalAccessor::getClass).map(Class::getName)
                .toList();
    }
}
