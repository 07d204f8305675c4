package cn.mutualaid.testing.archfixture.bad.payment.api;

import org.springframework.r2dbc.core.DatabaseClient;

/** Breaks the shape: a controller with SQL. */
@org.springframework.web.bind.annotation.RestController
public class HoldController {
    DatabaseClient db;
}
