package cn.mutualaid.relation.relationship.messaging;

import cn.mutualaid.contracts.Topics;
import cn.mutualaid.contracts.wallet.ReleaseQuotaReply;
import cn.mutualaid.platform.messaging.EventHandlers;
import cn.mutualaid.platform.messaging.Inbox;
import cn.mutualaid.relation.relationship.SagaOrchestrator;
import java.util.function.Consumer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.messaging.Message;

/** Consumes wallet.replies (binding walletReplies-in-0): each reply once, through the inbox. */
@Configuration(proxyBeanMethods = false)
public class WalletReplyConsumer {
    static final String INBOX = "relation-service.wallet-replies";

    @Bean
    Consumer<Message<byte[]>> walletReplies(Inbox inbox, SagaOrchestrator orchestrator) {
        return EventHandlers.of(Topics.WALLET_REPLIES, INBOX, inbox)
                .on(ReleaseQuotaReply.class, orchestrator::onReply)
                .consumer();
    }
}
