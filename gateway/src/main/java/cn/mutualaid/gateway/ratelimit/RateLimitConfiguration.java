package cn.mutualaid.gateway.ratelimit;

import java.time.Clock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;

@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(RateLimitProperties.class)
class RateLimitConfiguration {
    private static final Logger log = LoggerFactory.getLogger(RateLimitConfiguration.class);

    @Bean
    RateLimitStore rateLimitStore(RateLimitProperties properties, ObjectProvider<ReactiveStringRedisTemplate> redis) {
        if (properties.store() == RateLimitProperties.Store.MEMORY) {
            log.info("rate limits kept in this process's memory (mesh.rate-limit.store=memory): per instance only");
            return new MemoryRateLimitStore(Clock.systemUTC());
        }
        RedisRateLimitStore shared = new RedisRateLimitStore(redis.getObject()).connect();
        if (properties.localShare() == 0) {
            log.info("rate limits kept in Redis (mesh.rate-limit.store=redis), one call per request");
            return shared;
        }
        log.info("rate limits kept in Redis (mesh.rate-limit.store=redis), {} of a bucket spent locally, synced every {}",
                properties.localShare(), properties.syncInterval());
        return new LocalFirstRateLimitStore(shared, Clock.systemUTC(), properties.localShare(),
                properties.syncInterval()).start();
    }

    @Bean
    RateLimitFilter rateLimitFilter(RateLimitProperties properties, RateLimitStore store) {
        return new RateLimitFilter(properties, store);
    }
}
