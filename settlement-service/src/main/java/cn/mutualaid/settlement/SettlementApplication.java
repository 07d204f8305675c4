package cn.mutualaid.settlement;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;

/** settlement-service: monthly clearing between provinces, statements, prepaid funds, reconciliation and statistics */
@SpringBootApplication
@EnableConfigurationProperties(SettlementProperties.class)
public class SettlementApplication {
    public static void main(String[] args) {
        SpringApplication.run(SettlementApplication.class, args);
    }
}
