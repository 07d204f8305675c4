package cn.mutualaid.testing.archfixture.bad.payment.store;

/** Breaks the shape: a controller outside api. */
@org.springframework.web.bind.annotation.RestController
public class Sweeper {
}
