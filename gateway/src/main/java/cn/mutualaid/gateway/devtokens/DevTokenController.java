package cn.mutualaid.gateway.devtokens;

import cn.mutualaid.platform.security.MeshSecurityProperties;
import cn.mutualaid.platform.security.Role;
import cn.mutualaid.platform.web.ApiException;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Positive;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.springframework.context.annotation.Profile;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

/** {@code POST /dev/tokens}: development tokens, in the local profile only (see DevTokensConfiguration). */
@RestController
@Profile("local")
class DevTokenController {
    private static final Set<String> ROLES = Arrays.stream(Role.values()).map(Role::name).collect(Collectors.toSet());

    private final DevTokenSigner signer;
    private final DevTokenProperties properties;
    private final Duration maxTtl;

    DevTokenController(DevTokenSigner signer, DevTokenProperties properties, MeshSecurityProperties security) {
        this.signer = signer;
        this.properties = properties;
        // Never longer than the mesh accepts (mesh.security.jwt.max-lifetime): a longer token would be refused.
        this.maxTtl = properties.maxTtl().compareTo(security.maxLifetime()) < 0 ? properties.maxTtl()
                : security.maxLifetime();
    }

    record TokenRequest(@NotBlank String sub, @NotEmpty List<@NotBlank String> roles,
            @Pattern(regexp = "\\d{6}", message = "a 6-digit pooling area or province code") String area,
            @Positive Long ttlSeconds) {
    }

    record TokenResponse(String token, Instant expiresAt) {
    }

    @PostMapping("/dev/tokens")
    Mono<TokenResponse> mint(@Valid @RequestBody TokenRequest request) {
        List<String> unknown = request.roles().stream().filter(role -> !ROLES.contains(role)).toList();
        if (!unknown.isEmpty()) {
            throw ApiException.unprocessable("UNKNOWN_ROLE", "unknown roles " + unknown + "; known: " + ROLES);
        }
        if (request.roles().contains(Role.AGENCY.name()) && request.area() == null) {
            throw ApiException.unprocessable("AREA_REQUIRED", "an AGENCY token needs the area it administers");
        }
        Duration ttl = request.ttlSeconds() == null ? properties.defaultTtl()
                : Duration.ofSeconds(request.ttlSeconds());
        if (ttl.compareTo(maxTtl) > 0) {
            throw ApiException.unprocessable("TTL_TOO_LONG", "ttlSeconds may be at most " + maxTtl.toSeconds());
        }
        Instant now = Instant.now();
        List<String> roles = request.roles().stream().distinct().toList();
        String token = signer.sign(request.sub(), roles, request.area(), now, ttl);
        return Mono.just(new TokenResponse(token, now.plus(ttl)));
    }
}
