package cn.mutualaid.testing.archfixture.good.payment.api;

import cn.mutualaid.testing.archfixture.good.payment.store.HoldStore;

@org.springframework.web.bind.annotation.RestController
public class HoldController {
    HoldStore store;
}
