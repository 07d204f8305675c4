package cn.mutualaid.registry;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/** insured-registry-service: persons, enrollment, transfers, kinship, regions and rollout, designated providers */
@SpringBootApplication
@ConfigurationPropertiesScan
public class RegistryApplication {
    public static void main(String[] args) {
        SpringApplication.run(RegistryApplication.class, args);
    }
}
