package cn.mutualaid.relation;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/** relation-service: mutual-aid relationships, their policy checks, and the dissolution saga */
@SpringBootApplication
@ConfigurationPropertiesScan
public class RelationApplication {
    public static void main(String[] args) {
        SpringApplication.run(RelationApplication.class, args);
    }
}
