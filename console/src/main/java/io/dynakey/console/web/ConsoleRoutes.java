package io.dynakey.console.web;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.dynakey.console.metrics.ConsoleMetrics;
import io.dynakey.device.wire.RotationReason;
import io.dynakey.gateway.Gateway;
import io.dynakey.gateway.store.StoreException;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.http.HandlerType;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.Optional;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The console's routes on Javalin: pages, JSON API, actions, static files and {@code /metrics}.
 * <pre>
 * GET  /  /devices  /devices/{id}  /ledger  /models         pages
 * GET  /api/overview  /api/devices?page=&size=&q=  /api/devices/{id}  /api/ledger  /api/models
 * GET  /ledger/proof/{seq}  /api/ledger/proof/{seq}        an event's inclusion proof checked against the journal
 * POST /api/devices/{id}/revoke      token + same origin    revokes (Revoked event, group rekeyed, sessions ended)
 * POST /api/groups/{group}/rekey     token + same origin    new group key version (GroupRekeyed, reason manual)
 * POST /api/models/publish           token + same origin    body: a signed model file; ModelPublished, then served
 * POST /api/ledger/verify            same origin            verifies the journal again
 * GET  /metrics                                             Prometheus text format
 * </pre>
 */
public final class ConsoleRoutes {

    private static final Logger LOG = LoggerFactory.getLogger(ConsoleRoutes.class);
    private static final String CSP = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:;"
            + " connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'";

    private final Gateway gateway;
    private final FleetView view;
    private final LedgerStatus ledger;
    private final ConsoleMetrics metrics;
    private final RequestGuard guard;
    private final ObjectMapper json;
    private final LongSupplier clock;

    public ConsoleRoutes(Gateway gateway, FleetView view, LedgerStatus ledger, ConsoleMetrics metrics, RequestGuard guard,
                         ObjectMapper json, LongSupplier clock) {
        this.gateway = gateway;
        this.view = view;
        this.ledger = ledger;
        this.metrics = metrics;
        this.guard = guard;
        this.json = json;
        this.clock = clock;
    }

    /** Adds every route to {@code r}. */
    public void register(RoutesConfig r) {
        r.before(this::guard);
        r.get("/", ctx -> ctx.html(Pages.overview(view.overview(), ledger.current())));
        r.get("/devices", ctx -> ctx.html(Pages.devices(view.devices(ctx.queryParam("q"), intParam(ctx, "page", 0),
                intParam(ctx, "size", 50)), ctx.queryParam("q"), clock.getAsLong())));
        r.get("/devices/{id}", ctx -> {
            String id = ctx.pathParam("id");
            Optional<FleetView.Device> d = view.device(id);
            if (d.isEmpty()) {
                ctx.status(404).html(Pages.notFound("no device " + id));
            } else {
                ctx.html(Pages.device(d.get(), clock.getAsLong()));
            }
        });
        r.get("/ledger", ctx -> ctx.html(Pages.ledger(ledger.current(), gateway.fleet().outboxStatus(), clock.getAsLong())));
        r.get("/models", ctx -> ctx.html(Pages.models(view.models())));
        r.get("/ledger/proof/{seq}", ctx -> ctx.html(Pages.proof(ledger.proof(seq(ctx)))));
        r.get("/api/ledger/proof/{seq}", ctx -> json(ctx, 200, ledger.proof(seq(ctx))));
        r.get("/static/console.js", ctx -> resource(ctx, "console.js", "text/javascript; charset=utf-8"));
        r.get("/static/console.css", ctx -> resource(ctx, "console.css", "text/css; charset=utf-8"));

        r.get("/api/overview", ctx -> json(ctx, 200, view.overview()));
        r.get("/api/devices", ctx -> json(ctx, 200, view.devices(ctx.queryParam("q"), intParam(ctx, "page", 0),
                intParam(ctx, "size", 50))));
        r.get("/api/devices/{id}", ctx -> {
            Optional<FleetView.Device> d = view.device(ctx.pathParam("id"));
            if (d.isEmpty()) {
                json(ctx, 404, Map.of("message", "no such device"));
            } else {
                json(ctx, 200, d.get());
            }
        });
        r.get("/api/ledger", ctx -> json(ctx, 200, Map.of("verification", ledger.current(), "outbox", gateway.fleet().outboxStatus())));
        r.get("/api/models", ctx -> json(ctx, 200, view.models()));
        r.get("/metrics", ctx -> ctx.contentType("text/plain; version=0.0.4; charset=utf-8").result(metrics.scrape()));

        r.post("/api/ledger/verify", ctx -> {
            LedgerStatus.Result res = ledger.verify();
            json(ctx, 200, Map.of("message", "ledger " + res.status() + ": " + res.batches() + " batches, " + res.events() + " events",
                    "verification", res));
        });
        r.post("/api/devices/{id}/revoke", ctx -> {
            String id = ctx.pathParam("id");
            int reason = reason(ctx, RotationReason.COMPROMISE);
            try {
                boolean changed = gateway.revoke(id, reason);
                LOG.info("console: revoked {} (reason {})", id, reason);
                json(ctx, 200, Map.of("message", changed ? "revoked " + id : id + " was already revoked", "changed", changed));
            } catch (StoreException e) {
                if (e.reason() == StoreException.Reason.UNKNOWN_DEVICE) {
                    json(ctx, 404, Map.of("message", "no such device"));
                } else {
                    throw e;
                }
            }
        });
        r.post("/api/groups/{group}/rekey", ctx -> {
            String group = ctx.pathParam("group");
            if (gateway.fleet().groupCounts().stream().noneMatch(g -> g.groupId().equals(group) && g.active() > 0)) {
                json(ctx, 404, Map.of("message", "no active device in group " + group));
                return;
            }
            long version = gateway.rekeyGroup(group, RotationReason.MANUAL);
            LOG.info("console: rekeyed group {} to version {}", group, version);
            json(ctx, 200, Map.of("message", "group " + group + " rekeyed to version " + version, "version", version));
        });
        r.post("/api/models/publish", ctx -> {
            byte[] file = ctx.bodyAsBytes();
            long version = gateway.publishModel(file);
            LOG.info("console: published model version {}", version);
            json(ctx, 200, Map.of("message", "published model version " + version, "version", version));
        });

        r.exception(IllegalArgumentException.class, (e, ctx) -> json(ctx, 400, Map.of("message", e.getMessage())));
        r.exception(java.io.IOException.class, (e, ctx) -> json(ctx, 503, Map.of("message", "cannot read a key file: " + e.getMessage())));
        r.exception(StoreException.class, (e, ctx) -> {
            LOG.warn("console: store read failed: {}", e.reason());
            json(ctx, 503, Map.of("message", "key store unavailable"));
        });
    }

    /** Host check on every request, same-origin check on every POST, token check on every action. */
    private void guard(Context ctx) {
        ctx.header("Content-Security-Policy", CSP);
        ctx.header("X-Content-Type-Options", "nosniff");
        ctx.header("Referrer-Policy", "no-referrer");
        ctx.header("Cache-Control", "no-store");
        String refusal = guard.checkHost(ctx.header("Host"));
        if (refusal == null && ctx.method() != HandlerType.GET && ctx.method() != HandlerType.HEAD) {
            refusal = guard.checkSameOrigin(ctx.header("Host"), ctx.header("Origin"), ctx.header("Sec-Fetch-Site"));
            if (refusal == null && ctx.method() == HandlerType.POST && !ctx.path().equals("/api/ledger/verify")) {
                refusal = guard.checkToken(ctx.header(RequestGuard.TOKEN_HEADER));
            }
        }
        if (refusal != null) {
            json(ctx, 403, Map.of("message", refusal));
            ctx.skipRemainingHandlers();
        }
    }

    private int reason(Context ctx, int def) {
        String body = ctx.body();
        if (body == null || body.isBlank()) {
            return def;
        }
        try {
            JsonNode n = json.readTree(body).get("reason");
            if (n == null) {
                return def;
            }
            int r = n.asInt(-1);
            if (r != RotationReason.COMPROMISE && r != RotationReason.DECOMMISSIONED) {
                throw new IllegalArgumentException("reason is 8 (compromise) or 9 (decommissioned)");
            }
            return r;
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("the body is not JSON");
        }
    }

    private static long seq(Context ctx) {
        try {
            return Long.parseLong(ctx.pathParam("seq"));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("seq must be a whole number");
        }
    }

    private static int intParam(Context ctx, String name, int def) {
        String v = ctx.queryParam(name);
        if (v == null || v.isEmpty()) {
            return def;
        }
        try {
            return Integer.parseInt(v);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + " must be a whole number");
        }
    }

    private void json(Context ctx, int status, Object value) {
        try {
            ctx.status(status).contentType("application/json; charset=utf-8").result(json.writeValueAsString(value));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot encode " + value.getClass().getSimpleName(), e);
        }
    }

    private static void resource(Context ctx, String name, String type) {
        try (InputStream in = ConsoleRoutes.class.getResourceAsStream(name)) {
            if (in == null) {
                ctx.status(404);
                return;
            }
            ctx.contentType(type).result(in.readAllBytes());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
