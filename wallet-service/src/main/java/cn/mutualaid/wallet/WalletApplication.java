package cn.mutualaid.wallet;

import java.time.Clock;
import java.time.Duration;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.context.annotation.Bean;

/** wallet-service: personal accounts, quotas (freezes), payment codes, payments, refunds and the double-entry journal */
@SpringBootApplication
@ConfigurationPropertiesScan
public class WalletApplication {
    /** Microsecond ticks: what PostgreSQL stores, so a stored time reads back equal to the one answered. */
    @Bean
    Clock walletClock() {
        return Clock.tick(Clock.systemUTC(), Duration.ofNanos(1000));
    }

    public static void main(String[] args) {
        SpringApplication.run(WalletApplication.class, args);
    }
}
