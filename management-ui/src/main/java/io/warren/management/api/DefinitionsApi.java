package io.warren.management.api;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.warren.broker.ProtocolException;
import io.warren.broker.auth.UserAdminException;
import io.warren.broker.definitions.Definitions;
import io.warren.broker.definitions.DefinitionsDocument;
import io.warren.broker.policy.PolicyException;
import io.warren.management.http.HttpResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * {@code /api/definitions} (administrators): export ({@code GET}) and import ({@code POST}) the
 * node's definitions, or one vhost's, in RabbitMQ's JSON format. The console's upload form
 * (multipart, field {@code file}) is accepted too. Imports add to and update what exists.
 */
final class DefinitionsApi {
    private static final ObjectMapper JSON = new ObjectMapper().disable(SerializationFeature.FAIL_ON_EMPTY_BEANS);

    private final ApiContext context;

    DefinitionsApi(ApiContext context) {
        this.context = context;
    }

    void register(Routes routes) {
        routes.get("/api/definitions", this::export)
              .get("/api/definitions/{vhost}", this::export)
              .post("/api/definitions", this::importDefinitions)
              .post("/api/definitions/{vhost}", this::importDefinitions)
              .get("/api/all-configuration", this::export)
              .post("/api/all-configuration", this::importDefinitions);
    }

    private HttpResponse export(Call call) throws IOException {
        call.caller().requireAdministrator();
        DefinitionsDocument document = definitions().export();
        if (call.has("vhost")) {
            String vhost = context.vhostOrNotFound(call.param("vhost")).name();
            document = new DefinitionsDocument(document.rabbitVersion(), document.rabbitmqVersion(), document.productName(),
                    document.productVersion(), List.of(), List.of(), List.of(), List.of(), List.of(), List.of(),
                    document.policies().stream().filter(p -> vhost.equals(p.vhost())).toList(),
                    document.queues().stream().filter(q -> vhost.equals(q.vhost())).toList(),
                    document.exchanges().stream().filter(x -> vhost.equals(x.vhost())).toList(),
                    document.bindings().stream().filter(b -> vhost.equals(b.vhost())).toList());
        }
        HttpResponse response = HttpResponse.json(200, JSON.writeValueAsBytes(document));
        if (call.query("download") != null) {
            response = response.withHeader("Content-Disposition", "attachment; filename=\"" + call.query("download") + "\"");
        }
        return response;
    }

    private HttpResponse importDefinitions(Call call) throws IOException {
        call.caller().requireAdministrator();
        byte[] body = jsonPart(call);
        DefinitionsDocument document;
        try {
            document = JSON.readValue(body, DefinitionsDocument.class);
        } catch (IOException e) {
            throw ApiException.badRequest("not_json");
        }
        if (call.has("vhost")) {
            String vhost = context.vhostOrNotFound(call.param("vhost")).name();
            document = new DefinitionsDocument(document.rabbitVersion(), document.rabbitmqVersion(), document.productName(),
                    document.productVersion(), List.of(), List.of(), List.of(), List.of(), List.of(), List.of(),
                    document.policies().stream().map(p -> withVhost(p, vhost)).toList(),
                    document.queues().stream().map(q -> new DefinitionsDocument.Queue(q.name(), vhost, q.durable(), q.autoDelete(), q.arguments())).toList(),
                    document.exchanges().stream().map(x -> new DefinitionsDocument.Exchange(x.name(), vhost, x.type(), x.durable(),
                            x.autoDelete(), x.internal(), x.arguments())).toList(),
                    document.bindings().stream().map(b -> new DefinitionsDocument.Binding(b.source(), vhost, b.destination(),
                            b.destinationType(), b.routingKey(), b.arguments())).toList());
        }
        try {
            definitions().apply(document, false);
        } catch (ApiException | ProtocolException | PolicyException | UserAdminException refused) {
            throw refused;
        } catch (RuntimeException e) {
            throw ApiException.badRequest(String.valueOf(e.getMessage()));
        }
        return HttpResponse.noContent();
    }

    private static DefinitionsDocument.Policy withVhost(DefinitionsDocument.Policy p, String vhost) {
        return new DefinitionsDocument.Policy(vhost, p.name(), p.pattern(), p.applyTo(), p.definition(), p.priority());
    }

    private Definitions definitions() {
        return new Definitions(context.vhosts(), context.users());
    }

    /** The JSON of a plain body, or of the {@code file} part of a multipart upload. */
    private static byte[] jsonPart(Call call) {
        String type = call.request().header("content-type");
        byte[] body = call.request().body();
        if (type == null || !type.startsWith("multipart/form-data")) return body;
        String text = new String(body, StandardCharsets.ISO_8859_1);
        int start = text.indexOf("\r\n\r\n");
        int brace = text.indexOf('{', Math.max(0, start));
        int end = text.lastIndexOf('}');
        if (brace < 0 || end < brace) throw ApiException.badRequest("not_json");
        return text.substring(brace, end + 1).getBytes(StandardCharsets.ISO_8859_1);
    }
}
