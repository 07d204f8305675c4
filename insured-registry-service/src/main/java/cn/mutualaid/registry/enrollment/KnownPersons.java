package cn.mutualaid.registry.enrollment;

import reactor.core.publisher.Mono;

/**
 * Whether a person is registered. The person feature provides it: persons are shown with their current enrollment,
 * so the person feature depends on this one, and this interface keeps the dependency one way.
 */
public interface KnownPersons {
    Mono<Boolean> exists(String personId);
}
