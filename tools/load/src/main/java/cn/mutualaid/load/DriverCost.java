package cn.mutualaid.load;

import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;

/**
 * What the driver itself costs during a measured phase: it shares the machine's cores with the mesh, so its CPU is
 * part of what limits the end-to-end figure. CPU of the whole process (every thread: the clients, the HTTP client's
 * selector, the JIT compilers, the GC), and its collections' count and time, between the phase's start and end.
 */
record DriverCost(long cpuNanos, long gcCount, long gcMillis) {

    static DriverCost start() {
        return now();
    }

    private static DriverCost now() {
        long count = 0;
        long millis = 0;
        for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
            count += Math.max(0, gc.getCollectionCount());
            millis += Math.max(0, gc.getCollectionTime());
        }
        return new DriverCost(processCpuNanos(), count, millis);
    }

    private static long processCpuNanos() {
        if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
            return os.getProcessCpuTime();
        }
        return -1;
    }

    /** Prints {@code <phase>.driver_cpu_ms}, {@code .driver_gc_count} and {@code .driver_gc_ms} since the start. */
    void print(String phase) {
        DriverCost end = now();
        System.out.printf("%s.driver_cpu_ms %.0f%n", phase, cpuNanos < 0 ? Double.NaN : (end.cpuNanos - cpuNanos) / 1e6);
        System.out.printf("%s.driver_gc_count %d%n", phase, end.gcCount - gcCount);
        System.out.printf("%s.driver_gc_ms %d%n", phase, end.gcMillis - gcMillis);
    }
}
