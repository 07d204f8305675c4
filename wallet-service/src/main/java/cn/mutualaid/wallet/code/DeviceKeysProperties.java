package cn.mutualaid.wallet.code;

import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The keys the secrets of offline payment-code devices are derived from, from configuration (environment variables, a
 * Kubernetes Secret): never from the repository or the database.
 *
 * @param current the key id new devices are enrolled under; one of {@code keys}
 * @param keys key id → base64 of a key of at least 256 bits. An old id stays listed as long as devices enrolled under
 *     it should keep paying; removing it makes them re-enrol
 */
@ConfigurationProperties("mesh.wallet.device-keys")
public record DeviceKeysProperties(String current, Map<String, String> keys) {
}
