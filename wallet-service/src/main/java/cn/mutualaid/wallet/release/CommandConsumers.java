package cn.mutualaid.wallet.release;

import cn.mutualaid.contracts.Envelope;
import cn.mutualaid.contracts.wallet.MoveAccount;
import cn.mutualaid.contracts.wallet.ReleaseQuota;
import cn.mutualaid.platform.messaging.Envelopes;
import cn.mutualaid.platform.messaging.Inbox;
import cn.mutualaid.wallet.account.Accounts;
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
        return message -> {
            Envelope envelope = Envelopes.read(message);
            if (envelope.is(ReleaseQuota.class)) {
                ReleaseQuota command = envelope.payloadAs(ReleaseQuota.class);
                inbox.once(CONSUMER, envelope, e -> releases.handle(command)).block();
            } else if (envelope.is(MoveAccount.class)) {
                MoveAccount command = envelope.payloadAs(MoveAccount.class);
                inbox.once(CONSUMER, envelope,
                        e -> accounts.move(command.transferId(), command.personId(), command.toPoolingArea())).block();
            }
        };
    }
}
