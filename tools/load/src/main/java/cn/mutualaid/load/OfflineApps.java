package cn.mutualaid.load;

import cn.mutualaid.kernel.Totp;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The patients' apps when they pay with offline codes: each patient's enrolled devices (id, secret) and the last time
 * step each one made a code for. A device makes one usable code per 30-second step, so a patient who pays more often
 * than that in the benchmark (a few hundred patients standing for millions) gets another device enrolled, once: after
 * the warm-up every payment is one request. The devices are kept in {@code devices.csv} beside the data set, so the
 * driver's separate runs (warm-up, saturation, latency) share them.
 */
final class OfflineApps {
    private final Path file;
    private final Map<String, List<Device>> byPatient = new ConcurrentHashMap<>();

    /** One enrolled device as the app keeps it. */
    static final class Device {
        final String id;
        final byte[] secret;
        final AtomicLong lastStep;

        Device(String id, byte[] secret, long lastStep) {
            this.id = id;
            this.secret = secret;
            this.lastStep = new AtomicLong(lastStep);
        }

        String code(long step) {
            return id + Totp.code(secret, step);
        }
    }

    OfflineApps(Path dataDir) throws IOException {
        this.file = dataDir.resolve("devices.csv");
        if (Files.isRegularFile(file)) {
            for (String line : Files.readAllLines(file)) {
                String[] f = line.split(",");
                if (f.length == 4) {
                    devices(f[0]).add(new Device(f[1], Base64.getUrlDecoder().decode(f[2]), Long.parseLong(f[3])));
                }
            }
        }
    }

    /** A code of one of the patient's devices that has not made one in this step yet; null when every device has. */
    String code(String patient) {
        long step = Totp.step(Instant.now());
        for (Device device : devices(patient)) {
            long last = device.lastStep.get();
            if (last < step && device.lastStep.compareAndSet(last, step)) {
                return device.code(step);
            }
        }
        return null;
    }

    /** Keeps a device just enrolled and makes its first code. */
    String enrolled(String patient, String deviceId, String secret) {
        long step = Totp.step(Instant.now());
        Device device = new Device(deviceId, Base64.getUrlDecoder().decode(secret), step);
        devices(patient).add(device);
        return device.code(step);
    }

    int count() {
        return byPatient.values().stream().mapToInt(List::size).sum();
    }

    void save() throws IOException {
        List<String> lines = new ArrayList<>();
        byPatient.forEach((patient, devices) -> devices.forEach(d -> lines.add(patient + "," + d.id + ","
                + Base64.getUrlEncoder().withoutPadding().encodeToString(d.secret) + "," + d.lastStep.get())));
        Files.write(file, lines);
    }

    private List<Device> devices(String patient) {
        return byPatient.computeIfAbsent(patient, p -> new CopyOnWriteArrayList<>());
    }
}
