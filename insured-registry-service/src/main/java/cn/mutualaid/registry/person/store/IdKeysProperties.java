package cn.mutualaid.registry.person.store;

import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The keys that protect citizen ID numbers at rest, from configuration (environment variables, a Kubernetes Secret):
 * never from a file in the repository.
 *
 * @param current the key id new and re-encrypted rows use; it must be one of {@code keys}
 * @param keys key id → base64 of a 256-bit AES key. Old ids stay listed until every row is re-encrypted (rotation)
 * @param hashKey base64 of the HMAC-SHA-256 key (at least 256 bits) behind the unique index and the lookup. It is not
 *     rotated by a key change: changing it would need every row re-hashed.
 */
@ConfigurationProperties("mesh.registry.id-keys")
public record IdKeysProperties(String current, Map<String, String> keys, String hashKey) {
}
