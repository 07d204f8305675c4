package cn.mutualaid.gateway.apidocs;

import io.swagger.v3.oas.annotations.Hidden;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;
import tools.jackson.databind.node.ObjectNode;

/**
 * {@code GET /v3/api-docs/mesh}: the public API in one OpenAPI document (Swagger UI's first choice). Open to the same callers
 * as the services' own documents (anyone in the local profile, else a caller with a token).
 */
@Hidden
@RestController
class MeshApiDocsController {
    static final String PATH = "/v3/api-docs/mesh";

    private final MeshApiDocs docs;

    MeshApiDocsController(MeshApiDocs docs) {
        this.docs = docs;
    }

    @GetMapping(path = PATH, produces = MediaType.APPLICATION_JSON_VALUE)
    Mono<ObjectNode> document(@RequestHeader(name = HttpHeaders.AUTHORIZATION, required = false) String authorization) {
        return docs.document(authorization);
    }
}
