package cn.mutualaid.wallet.release.messaging;

import cn.mutualaid.contracts.Topics;
import cn.mutualaid.contracts.wallet.MoveAccount;
import cn.mutualaid.contracts.wallet.ReleaseQuota;
import cn.mutualaid.platform.messaging.EventHandlers;
import cn.mutualaid.platform.messaging.Inbox;
import cn.mutualaid.wallet.account.Accounts;
import cn.mutualaid.wallet.release.Releases;
import java.util.function.Consumer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.messaging.Message;

/** The relation saga's commands on wallet.commands, each effect once per event id (Inbox) and idempotent per subject. */
@Configuration(proxyBeanMethods = false)
public class CommandConsumers {
    static final String CONSUMER = "wallet-commands";

    @Bean
    Consumer<Message<byte[]>> walletCommands(Inbox inbox, Releases releases, Accounts accounts) {
        return EventHandlers.of(Topics.WALLET_COMMANDS, CONSUMER, inbox)
                .on(ReleaseQuota.class, releases::handle)
                .on(MoveAccount.class, command -> accounts.move(command.transferId(), command.personId(),
                        command.toPoolingArea()))
                .consumer();
    }
}
