package cn.mutualaid.contracts;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Names a record as a message contract: its wire type, its version and the topic it travels on.
 * A breaking change gets a new record with a higher version; the old one stays readable.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
public @interface Contract {
    String type();

    int version() default 1;

    String topic();
}
