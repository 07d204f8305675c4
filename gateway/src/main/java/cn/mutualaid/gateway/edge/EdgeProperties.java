package cn.mutualaid.gateway.edge;

import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * What the gateway enforces on every request before routing it: the largest body it accepts and the browser origins
 * allowed to call it (none by default: only same-origin pages such as Swagger UI).
 */
@ConfigurationProperties("mesh.gateway")
public record EdgeProperties(@DefaultValue("256KB") DataSize maxBodySize, @DefaultValue Cors cors) {

    public record Cors(@DefaultValue List<String> allowedOrigins) {
    }
}
