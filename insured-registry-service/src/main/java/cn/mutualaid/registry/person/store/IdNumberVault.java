package cn.mutualaid.registry.person.store;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import java.util.Map;
import java.util.TreeMap;
import javax.crypto.Cipher;
import javax.crypto.Mac;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.springframework.stereotype.Component;

/**
 * Protects citizen ID numbers at rest: AES-256-GCM under a named key (the key id is stored next to each row, so keys
 * can rotate), with the person id as associated data (a sealed number copied onto another person's row does not
 * open), and an HMAC-SHA-256 of the number under a separate key for the unique index and lookup. The stored form is
 * the 12-byte nonce followed by the ciphertext and its tag. No method logs or returns key material.
 */
@Component
public class IdNumberVault {
    private static final int NONCE_BYTES = 12;
    private static final int TAG_BITS = 128;
    private final Map<String, SecretKeySpec> keys = new TreeMap<>();
    private final String current;
    private final SecretKeySpec hashKey;
    private final SecureRandom random = new SecureRandom();

    /** A sealed number and the id of the key that sealed it. */
    public record Sealed(String keyId, byte[] cipher) {
    }

    public IdNumberVault(IdKeysProperties properties) {
        if (properties.keys() == null || properties.keys().isEmpty() || properties.current() == null
                || properties.hashKey() == null) {
            throw new IllegalStateException("mesh.registry.id-keys needs keys, current and hash-key (environment "
                    + "MESH_REGISTRY_IDKEYS_KEYS_<ID>, MESH_REGISTRY_IDKEYS_CURRENT, MESH_REGISTRY_IDKEYS_HASHKEY)");
        }
        properties.keys().forEach((id, base64) -> keys.put(id, new SecretKeySpec(bytes(base64, 32, 32, "key " + id), "AES")));
        if (!keys.containsKey(properties.current())) {
            throw new IllegalStateException("mesh.registry.id-keys.current names no configured key");
        }
        this.current = properties.current();
        this.hashKey = new SecretKeySpec(bytes(properties.hashKey(), 32, 64, "hash-key"), "HmacSHA256");
    }

    public String currentKeyId() {
        return current;
    }

    public Sealed seal(String personId, String number) {
        return seal(current, personId, number);
    }

    /** Under a named key; public so that rotation can be tested with rows sealed under an older key. */
    public Sealed seal(String keyId, String personId, String number) {
        byte[] nonce = new byte[NONCE_BYTES];
        random.nextBytes(nonce);
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.ENCRYPT_MODE, key(keyId), new GCMParameterSpec(TAG_BITS, nonce));
            cipher.updateAAD(personId.getBytes(StandardCharsets.UTF_8));
            byte[] sealed = cipher.doFinal(number.getBytes(StandardCharsets.US_ASCII));
            byte[] stored = Arrays.copyOf(nonce, NONCE_BYTES + sealed.length);
            System.arraycopy(sealed, 0, stored, NONCE_BYTES, sealed.length);
            return new Sealed(keyId, stored);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("sealing an ID number failed", e);
        }
    }

    public String open(String personId, Sealed sealed) {
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.DECRYPT_MODE, key(sealed.keyId()),
                    new GCMParameterSpec(TAG_BITS, sealed.cipher(), 0, NONCE_BYTES));
            cipher.updateAAD(personId.getBytes(StandardCharsets.UTF_8));
            return new String(cipher.doFinal(sealed.cipher(), NONCE_BYTES, sealed.cipher().length - NONCE_BYTES),
                    StandardCharsets.US_ASCII);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the ID number of person " + personId + " does not open under key "
                    + sealed.keyId(), e);
        }
    }

    /** The keyed hash of a (normalised) number: equal numbers, equal hashes; useless without the key. */
    public byte[] hash(String number) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(hashKey);
            return mac.doFinal(number.getBytes(StandardCharsets.US_ASCII));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("hashing an ID number failed", e);
        }
    }

    private SecretKeySpec key(String keyId) {
        SecretKeySpec key = keys.get(keyId);
        if (key == null) {
            throw new IllegalStateException("no configured ID-number key has the id " + keyId);
        }
        return key;
    }

    private static byte[] bytes(String base64, int min, int max, String what) {
        byte[] decoded;
        try {
            decoded = Base64.getDecoder().decode(base64.strip());
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException("mesh.registry.id-keys " + what + " is not base64");
        }
        if (decoded.length < min || decoded.length > max) {
            throw new IllegalStateException("mesh.registry.id-keys " + what + " must be " + min
                    + (min == max ? "" : ".." + max) + " bytes");
        }
        return decoded;
    }
}
