package io.dynakey.console.web;

import io.dynakey.gateway.store.FleetQueries;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** The console's pages, rendered on the server from {@link FleetView}'s values; every value goes in as text. */
final class Pages {

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'").withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter HOUR = DateTimeFormatter.ofPattern("HH:00").withZone(ZoneOffset.UTC);

    private Pages() {
    }

    static String time(long ms) {
        return ms < 0 ? "-" : TIME.format(Instant.ofEpochMilli(ms));
    }

    static String age(long ms) {
        if (ms < 0) {
            return "-";
        }
        long s = ms / 1000;
        return s < 120 ? s + " s" : s < 7200 ? s / 60 + " min" : s < 172_800 ? s / 3600 + " h" : s / 86_400 + " d";
    }

    static String overview(FleetView.Overview o, LedgerStatus.Result ledger) {
        Html h = new Html().page("Fleet overview", "Overview");
        h.raw("<div class=\"cards\">");
        card(h, "enrolled", o.enrolled(), "enrolled");
        card(h, "active", o.active(), "active");
        card(h, "revoked", o.revoked(), "revoked");
        card(h, "groups", o.groups().size(), "groups");
        card(h, "model", o.modelVersion() == 0 ? "none" : "v" + o.modelVersion(), "model");
        card(h, "ledger", ledger.status(), "ledger-status");
        h.raw("</div>");

        h.raw("<h2>Alerts</h2><ul id=\"alerts\">");
        alert(h, o.alerts().abandonedRotations() > 0, "rotations abandoned (pending > 10 min): ", o.alerts().abandonedRotations());
        alert(h, o.alerts().outboxLag() > 1000, "ledger outbox lag (events not anchored): ", o.alerts().outboxLag());
        alert(h, o.alerts().anchoringLagSeconds() > 300, "ledger anchoring lag: ", age(o.alerts().anchoringLagSeconds() * 1000));
        alert(h, !"INTACT".equals(ledger.status()) && !"NO_JOURNAL".equals(ledger.status()), "ledger verification: ", ledger.status());
        h.raw("</ul>");

        h.raw("<h2>Key age (current keys of active devices)</h2>");
        h.raw(Svg.bars("key-ages", o.keyAgeBuckets(), o.keyAges(), 560, 190));

        h.raw("<h2>Rotations per hour by reason (last 24 h, UTC)</h2>");
        List<String> cols = new ArrayList<>();
        for (long start : o.hourStartsMs()) {
            cols.add(HOUR.format(Instant.ofEpochMilli(start)));
        }
        List<String> names = new ArrayList<>(o.rotationsPerHour().keySet());
        long[][] series = new long[names.size()][];
        long total = 0;
        for (int i = 0; i < names.size(); i++) {
            series[i] = o.rotationsPerHour().get(names.get(i));
            for (long v : series[i]) {
                total += v;
            }
        }
        h.raw(Svg.stacked("rotations", cols, names, series, 760, 230));
        h.raw("<p>rotations in the last 24 h: <b id=\"rotations-24h\">").text(total).raw("</b></p>");

        h.raw("<h2>Devices by group</h2><table id=\"groups\"><tr><th>group</th><th>active</th><th>revoked</th><th></th></tr>");
        for (FleetQueries.GroupCount g : o.groups()) {
            h.raw("<tr>").el("td", g.groupId()).raw("<td class=\"num\">").text(g.active()).raw("</td><td class=\"num\">")
                    .text(g.revoked()).raw("</td><td><button data-action=\"/api/groups/").text(Html.pathSegment(g.groupId()))
                    .raw("/rekey\" data-confirm=\"Rekey group ").text(g.groupId()).raw("?\">force rekey</button></td></tr>");
        }
        h.raw("</table>");

        h.raw("<h2>Telemetry risk per group (last 10 min, permille; quantiles within ~1%)</h2><table id=\"risk\"><tr><th>group</th><th>reports</th>"
                + "<th>p50</th><th>p90</th><th>p99</th></tr>");
        for (Map.Entry<String, long[]> e : o.riskByGroup().entrySet()) {
            long[] v = e.getValue();
            h.row(e.getKey(), v[0], v[1], v[2], v[3]);
        }
        h.raw("</table>");

        h.raw("<h2>This run</h2><table id=\"counters\">");
        o.counters().forEach((k, v) -> h.row(k, Math.round(v)));
        h.raw("</table><p>as of ").text(time(o.takenMs())).raw("</p>");
        return h.end();
    }

    private static void card(Html h, String label, Object value, String id) {
        h.raw("<div class=\"card\"><b id=\"").text(id).raw("\">").text(value).raw("</b>").text(label).raw("</div>");
    }

    private static void alert(Html h, boolean bad, String what, Object value) {
        h.raw("<li class=\"" + (bad ? "alert" : "ok") + "\">").text(what).text(value).raw("</li>");
    }

    static String devices(FleetView.DevicePage p, String prefix, long nowMs) {
        Html h = new Html().page("Devices", "Devices");
        h.raw("<form method=\"get\" action=\"/devices\"><input name=\"q\" placeholder=\"id prefix\" value=\"").text(prefix == null ? "" : prefix)
                .raw("\"> <button>find</button></form>");
        if (p.total() >= 0) {
            h.raw("<p>").text(p.total()).raw(" devices; page ").text(p.page() + 1).raw("</p>");
        }
        h.raw("<table id=\"devices\"><tr><th>device</th><th>group</th><th>state</th><th>epoch</th><th>key age</th>"
                + "<th>last reason</th><th>risk</th><th>model</th></tr>");
        for (FleetQueries.DeviceSummary d : p.devices()) {
            h.raw("<tr><td>").link("/devices/" + Html.pathSegment(d.deviceId()), d.deviceId()).raw("</td>");
            h.el("td", d.groupId()).el("td", d.revoked() ? "revoked" : "active").el("td", d.currentEpoch())
                    .el("td", d.keySinceMs() < 0 ? "-" : age(nowMs - d.keySinceMs())).el("td", FleetView.reasonName(d.lastReason()))
                    .el("td", d.lastRisk()).el("td", d.modelVersion()).raw("</tr>");
        }
        h.raw("</table><p>");
        String q = prefix == null || prefix.isEmpty() ? "" : "&q=" + java.net.URLEncoder.encode(prefix, java.nio.charset.StandardCharsets.UTF_8);
        if (p.page() > 0) {
            h.link("/devices?page=" + (p.page() - 1) + "&size=" + p.size() + q, "« previous").raw(" ");
        }
        if (p.devices().size() == p.size()) {
            h.link("/devices?page=" + (p.page() + 1) + "&size=" + p.size() + q, "next »");
        }
        return h.raw("</p>").end();
    }

    static String device(FleetView.Device dv, long nowMs) {
        FleetQueries.DeviceSummary d = dv.device();
        Html h = new Html().page("Device " + d.deviceId(), "Devices");
        h.raw("<div class=\"cards\">");
        card(h, "state", d.revoked() ? "revoked" : "active", "state");
        card(h, "epoch", d.currentEpoch(), "epoch");
        card(h, "group", d.groupId(), "group");
        card(h, "key age", d.keySinceMs() < 0 ? "-" : age(nowMs - d.keySinceMs()), "key-age");
        h.raw("</div>");
        if (!d.revoked()) {
            h.raw("<p><button id=\"revoke\" data-reload=\"1\" data-action=\"/api/devices/").text(Html.pathSegment(d.deviceId()))
                    .raw("/revoke\" data-confirm=\"Revoke ").text(d.deviceId()).raw("? None of its keys will work again.\">revoke device</button></p>");
        }
        h.raw("<h2>Risk reported with each rotation</h2>");
        List<String> labels = new ArrayList<>();
        long[] risks = new long[dv.keys().size()];
        for (int i = 0; i < dv.keys().size(); i++) {
            labels.add("e" + dv.keys().get(i).epoch());
            risks[i] = dv.keys().get(i).riskPermille();
        }
        h.raw(Svg.bars("risk-history", labels, risks, Math.max(240, Math.min(900, 40 + 36 * risks.length)), 170));
        h.raw("<h2>Epoch history</h2><table id=\"keys\"><tr><th>epoch</th><th>state</th><th>reason (decision)</th><th>risk</th>"
                + "<th>model</th><th>created</th><th>current since</th></tr>");
        for (FleetQueries.KeyHistory k : dv.keys()) {
            h.row(k.epoch(), k.state(), FleetView.reasonName(k.reason()), k.riskPermille(), k.modelVersion(), time(k.createdMs()),
                    time(k.committedMs()));
        }
        h.raw("</table><h2>Ledger events (newest first, among the outbox's last 50,000)</h2><table id=\"events\"><tr><th>seq</th>"
                + "<th>time</th><th>event</th><th>inclusion</th></tr>");
        for (FleetView.Event e : dv.events()) {
            h.raw("<tr>").el("td", e.seq()).el("td", time(e.timeMillis())).el("td", e.detail()).raw("<td>")
                    .link("/ledger/proof/" + e.seq(), "check proof").raw("</td></tr>");
        }
        return h.raw("</table>").end();
    }

    static String proof(LedgerStatus.Proof p) {
        Html h = new Html().page("Inclusion proof of event " + p.seq(), "Ledger");
        h.raw("<p id=\"proof\" class=\"" + (p.verified() ? "ok" : "alert") + "\">").text(p.message()).raw("</p>");
        if (p.verified()) {
            h.raw("<p>root <code>").text(p.rootHex()).raw("</code>, ").text(p.pathLength()).raw(" sibling hashes</p>");
        }
        return h.end();
    }

    static String notFound(String what) {
        Html h = new Html().page("Not found", "");
        return h.raw("<p id=\"not-found\">").text(what).raw("</p>").end();
    }

    static String ledger(LedgerStatus.Result r, FleetQueries.OutboxStatus o, long nowMs) {
        Html h = new Html().page("Ledger", "Ledger");
        h.raw("<div class=\"cards\">");
        card(h, "verification", r.status(), "ledger-status");
        card(h, "batches", r.batches(), "batches");
        card(h, "events", r.events(), "events");
        card(h, "outbox head", o.headSeq(), "outbox-head");
        card(h, "anchored through", o.acknowledgedSeq(), "anchored");
        card(h, "anchoring lag", o.oldestUnanchoredMs() < 0 ? "none" : age(nowMs - o.oldestUnanchoredMs()), "anchoring-lag");
        h.raw("</div><p>journal: ").text(r.journal() == null ? "none" : r.journal()).raw("<br>head: <code>").text(r.headHex())
                .raw("</code><br>verified ").text(time(r.verifiedAtMs())).raw(" in ").text(r.tookMs()).raw(" ms</p>");
        h.raw("<p><button id=\"reverify\" data-reload=\"1\" data-action=\"/api/ledger/verify\">re-verify now</button></p>");
        h.raw("<h2>Findings</h2><ul id=\"findings\">");
        if (r.findings().isEmpty()) {
            h.raw("<li class=\"ok\">none</li>");
        }
        for (String f : r.findings()) {
            h.el("li", f);
        }
        return h.raw("</ul>").end();
    }

    static String models(FleetView.Models m) {
        Html h = new Html().page("Models", "Models");
        h.raw("<div class=\"cards\">");
        card(h, "served", m.servedVersion() == 0 ? "none" : "v" + m.servedVersion(), "served");
        card(h, "signature", m.signature(), "signature");
        h.raw("</div><h2>Versions the devices reported with their last rotation</h2><table id=\"model-use\"><tr><th>group</th>"
                + "<th>model version</th><th>devices</th></tr>");
        for (FleetQueries.ModelUse u : m.inUse()) {
            h.row(u.groupId(), u.modelVersion() == 0 ? "none" : "v" + u.modelVersion(), u.devices());
        }
        h.raw("</table><h2>Publish a signed model</h2><p>The file must verify with gateway.model.public-key-file and be newer"
                + " than the served version; it lands on the ledger as ModelPublished, then devices download it.</p>"
                + "<p><input type=\"file\" id=\"model-file\"> <button id=\"publish\" data-reload=\"1\" data-file=\"model-file\""
                + " data-action=\"/api/models/publish\">publish</button></p>");
        return h.end();
    }
}
