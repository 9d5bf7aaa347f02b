package io.dynakey.trainer.report;

import io.dynakey.trainer.Sweep;
import io.dynakey.trainer.TrainingOutcome;
import io.dynakey.trainer.TrainingPipeline;
import io.dynakey.trainer.data.Schema;
import io.dynakey.trainer.eval.Confusion;
import io.dynakey.trainer.eval.Curves;
import io.dynakey.trainer.eval.Evaluation;
import io.dynakey.trainer.model.SizeSearch;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Writes {@code report.html}, its PNG plots and {@code metrics.json} for one training run. */
public final class ReportWriter {

    /** Writes everything into {@code dir}. */
    public void write(TrainingOutcome o, Path dir) throws IOException {
        Evaluation bin = o.binaryEval();
        Evaluation multi = o.multiEval();
        Charts.confusion(bin.confusion(), "Binary confusion matrix (test rows)", dir.resolve("confusion-binary.png"));
        Charts.confusion(multi.confusion(), "Multi-class confusion matrix (test rows)", dir.resolve("confusion-multiclass.png"));
        Charts.perClass(bin.confusion(), "Binary: precision, recall, F1", dir.resolve("per-class-binary.png"));
        Charts.perClass(multi.confusion(), "Multi-class: precision, recall, F1", dir.resolve("per-class-multiclass.png"));
        Curves.Curve roc = Curves.roc(bin.attackScore(), bin.isAttack());
        Curves.Curve pr = Curves.pr(bin.attackScore(), bin.isAttack());
        Charts.curve(roc, "ROC (attack = positive)", "false-positive rate", "true-positive rate", "ROC", true, dir.resolve("roc.png"));
        Charts.curve(pr, "Precision-recall (attack = positive)", "recall", "precision", "PR", false, dir.resolve("pr.png"));
        List<Double> imp = new ArrayList<>();
        for (double d : o.importance()) {
            imp.add(d);
        }
        Charts.bars(o.schema().featureColumns(), imp, "Permutation importance (binary model)", "accuracy drop",
                dir.resolve("importance.png"));
        if (!o.sweep().isEmpty()) {
            Map<String, double[][]> acc = new LinkedHashMap<>();
            Map<String, double[][]> agr = new LinkedHashMap<>();
            for (int trees : new int[] {1, 5}) {
                List<Sweep.Point> pts = o.sweep().stream().filter(p -> p.trees() == trees).toList();
                String name = trees == 1 ? "CART tree" : trees + "-tree forest";
                acc.put(name, new double[][] {pts.stream().mapToDouble(Sweep.Point::bytes).toArray(),
                        pts.stream().mapToDouble(Sweep.Point::accuracy).toArray()});
                agr.put(name, new double[][] {pts.stream().mapToDouble(Sweep.Point::depth).toArray(),
                        pts.stream().mapToDouble(p -> Double.isNaN(p.agreement()) ? 0 : 100 * p.agreement()).toArray()});
            }
            Charts.lines(acc, "Test accuracy against model bytes (depths 2..10)", "model file bytes", "accuracy", true,
                    dir.resolve("accuracy-vs-bytes.png"));
            Charts.lines(agr, "Float (Tribuo) vs quantized (device) agreement", "max depth", "agreement %", false,
                    dir.resolve("agreement.png"));
        } else {
            Charts.bars(List.of("binary", "multi-class"), List.of(100 * o.binaryExport().agreement(),
                    o.multiExport() == null ? 0 : 100 * o.multiExport().agreement()),
                    "Float (Tribuo) vs quantized (device) agreement", "agreement %", dir.resolve("agreement.png"));
        }
        if (o.robustness() != null) {
            var r = o.robustness();
            double[] x = java.util.Arrays.stream(r.epsilons()).asDoubleStream().toArray();
            Map<String, double[][]> series = new LinkedHashMap<>();
            series.put("plain: evasion rate", new double[][] {x, r.plainEval().evasionRate()});
            series.put("robust: evasion rate", new double[][] {x, r.robustEval().evasionRate()});
            series.put("plain: certified accuracy", new double[][] {x, r.plainEval().certifiedAccuracy()});
            series.put("robust: certified accuracy", new double[][] {x, r.robustEval().certifiedAccuracy()});
            Charts.lines(series, "Evasion rate and certified accuracy against the budget", "epsilon (quantized steps)",
                    "share", false, dir.resolve("robustness.png"));
        }
        Files.writeString(dir.resolve(TrainingPipeline.METRICS), Json.write(metrics(o, roc, pr)), StandardCharsets.UTF_8);
        Files.writeString(dir.resolve(TrainingPipeline.REPORT), html(o, roc, pr), StandardCharsets.UTF_8);
    }

    /** The {@code metrics.json} content. */
    static Map<String, Object> metrics(TrainingOutcome o, Curves.Curve roc, Curves.Curve pr) {
        Map<String, Object> m = new LinkedHashMap<>();
        Confusion b = o.binaryEval().confusion();
        m.put("dataset", o.schema().name());
        m.put("data_file", o.file());
        m.put("rows", o.rows());
        m.put("split", o.split().description());
        m.put("test_rows", o.split().test().length);
        m.put("model", o.binary().options().describe());
        m.put("f1", o.binaryEval().attackF1());
        m.put("false_positive_rate", o.binaryEval().falsePositiveRate());
        m.put("accuracy", b.accuracy());
        m.put("roc_auc", roc.area());
        m.put("average_precision", pr.area());
        m.put("macro_f1", o.multiEval().confusion().macroF1());
        m.put("multiclass_accuracy", o.multiEval().confusion().accuracy());
        m.put("model_bytes", o.binaryExport().file().length);
        m.put("multiclass_model_bytes", o.multiExport() == null ? null : o.multiExport().file().length);
        m.put("agreement", o.binaryExport().agreement());
        m.put("multiclass_agreement", o.multiExport() == null ? null : o.multiExport().agreement());
        m.put("inexact_splits", o.binaryExport().inexactSplits());
        m.put("split_nodes", o.binary().splitNodes());
        m.put("trees", o.binary().trees().size());
        m.put("public_key", o.publicKeyHex());
        m.put("provenance", provenance(o));
        Map<String, Object> published = new LinkedHashMap<>();
        for (var e : o.schema().published().entrySet()) {
            published.put(e.getKey(), parse(e.getValue()));
        }
        m.put("published", published);
        Map<String, Object> perClass = new LinkedHashMap<>();
        Confusion mc = o.multiEval().confusion();
        for (int c = 0; c < mc.classes().size(); c++) {
            perClass.put(mc.classes().get(c), Map.of("precision", mc.precision(c), "recall", mc.recall(c), "f1", mc.f1(c),
                    "support", mc.support(c)));
        }
        m.put("per_class", perClass);
        m.put("seconds", Map.of("load", o.seconds()[0], "train_binary", o.seconds()[1], "train_multiclass", o.seconds()[2],
                "export", o.seconds()[3], "evaluate", o.seconds()[4]));
        if (o.robustness() != null) {
            m.put("robustness", robustness(o.robustness()));
        }
        return m;
    }

    /** {@code metrics.json}'s {@code robustness}: the headline budget, then each model's figures. */
    static Map<String, Object> robustness(io.dynakey.trainer.robust.AdversarialTraining.Result r) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("epsilon", r.epsilon());
        m.put("epsilon_unit", "quantized steps, L-infinity over the schema's attacker-controlled features");
        m.put("method", r.method());
        m.put("rounds", r.rounds());
        m.put("evasion_rows_added", r.added());
        m.put("plain", side(r.plainEval(), r.headline()));
        m.put("robust", side(r.robustEval(), r.headline()));
        return m;
    }

    private static Map<String, Object> side(io.dynakey.trainer.robust.RobustnessEvaluation e, int h) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("f1", e.f1());
        m.put("evasion_rate", e.evasionRate()[h]);
        m.put("certified_accuracy", e.certifiedAccuracy()[h]);
        m.put("curves", e.toJson());
        return m;
    }

    /** Where the model came from: enough to rebuild it ({@code docs/trainer.md}). */
    static Map<String, Object> provenance(TrainingOutcome o) {
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("data_file", o.file());
        p.put("data_sha256", o.dataSha256());
        p.put("schema", o.schema().name());
        p.put("schema_source", o.schema().source());
        p.put("seed", o.binary().options().seed());
        p.put("parameters", o.binary().options().describe());
        p.put("split", o.split().description());
        p.put("tribuo", org.tribuo.Tribuo.VERSION);
        p.put("java", System.getProperty("java.version"));
        return p;
    }

    private static Object parse(String v) {
        try {
            return Double.parseDouble(v);
        } catch (NumberFormatException e) {
            return v;
        }
    }

    private static String html(TrainingOutcome o, Curves.Curve roc, Curves.Curve pr) {
        Evaluation bin = o.binaryEval();
        Confusion b = bin.confusion();
        Confusion mc = o.multiEval().confusion();
        StringBuilder h = new StringBuilder();
        h.append("<!doctype html><html><head><meta charset=\"utf-8\"><title>dynakey training report: ")
                .append(esc(o.schema().name())).append("</title><style>")
                .append("body{font-family:system-ui,sans-serif;max-width:1100px;margin:2em auto;color:#222}")
                .append("table{border-collapse:collapse;margin:1em 0}td,th{border:1px solid #ccc;padding:4px 10px;text-align:right}")
                .append("th{background:#f3f3f3}td:first-child,th:first-child{text-align:left}img{max-width:100%;margin:6px}")
                .append(".ok{color:#1a7f37}.bad{color:#b42318}</style></head><body>");
        h.append("<h1>dynakey training report: ").append(esc(o.schema().name())).append("</h1>");
        h.append("<p>Data <code>").append(esc(o.file())).append("</code>, ").append(o.rows()).append(" rows, schema <code>")
                .append(esc(o.schema().source())).append("</code>. Split: ").append(esc(o.split().description()))
                .append(" (train ").append(o.split().train().length).append(", validation ").append(o.split().validation().length)
                .append(", test ").append(o.split().test().length).append(").</p>");
        h.append("<p>Device model: ").append(esc(o.binary().options().describe())).append(", ")
                .append(o.binary().splitNodes()).append(" split nodes, <b>").append(o.binaryExport().file().length)
                .append(" bytes</b> signed (Ed25519 public key <code>").append(o.publicKeyHex()).append("</code>).</p>");

        h.append("<h2>Headline</h2><table><tr><th>metric</th><th>this model</th><th>published</th></tr>");
        row(h, "binary F1 (attack)", bin.attackF1(), o.schema().published().get("f1"));
        row(h, "false-positive rate", bin.falsePositiveRate(), o.schema().published().get("fpr"));
        row(h, "accuracy", b.accuracy(), o.schema().published().get("accuracy"));
        row(h, "ROC AUC", roc.area(), null);
        row(h, "average precision", pr.area(), null);
        row(h, "multi-class macro-F1", mc.macroF1(), o.schema().published().get("macro_f1"));
        double agr = o.binaryExport().agreement();
        h.append("<tr><td>quantized agreement (device vs Tribuo, ").append(o.binaryExport().checkedRows())
                .append(" test rows)</td><td class=\"").append(agr >= 1 ? "ok" : agr >= 0.999 ? "" : "bad").append("\">")
                .append(String.format("%.4f %%", 100 * agr)).append("</td><td>floor 99.9 %</td></tr>");
        h.append("</table>");
        String note = o.schema().published().get("note");
        if (note != null) {
            h.append("<p><b>Published:</b> ").append(esc(note)).append("</p>");
        }
        h.append("<p>Held-out agreement of the multi-class model: ")
                .append(o.multiExport() == null ? "<span class=\"bad\">export refused: " + esc(o.multiError()) + "</span>"
                        : String.format("%.4f %% (%d bytes)", 100 * o.multiExport().agreement(), o.multiExport().file().length))
                .append(". Splits that no 16-bit threshold could keep exact: ").append(o.binaryExport().inexactSplits())
                .append(".</p>");

        h.append("<h2>Binary model (benign / attack)</h2>");
        img(h, "confusion-binary.png");
        img(h, "per-class-binary.png");
        img(h, "roc.png");
        img(h, "pr.png");
        h.append("<h2>Multi-class model (attack type)</h2>");
        img(h, "confusion-multiclass.png");
        img(h, "per-class-multiclass.png");
        h.append("<table><tr><th>class</th><th>precision</th><th>recall</th><th>F1</th><th>support</th></tr>");
        for (int c = 0; c < mc.classes().size(); c++) {
            h.append(String.format("<tr><td>%s</td><td>%.4f</td><td>%.4f</td><td>%.4f</td><td>%d</td></tr>",
                    esc(mc.classes().get(c)), mc.precision(c), mc.recall(c), mc.f1(c), mc.support(c)));
        }
        h.append("</table>");
        if (o.robustness() != null) {
            var r = o.robustness();
            int hi = r.headline();
            h.append("<h2>Robustness (attacker of docs/threat-model.md)</h2>");
            h.append(String.format("<p>Budget &epsilon; = %d quantized steps (L&infin;) over the controlled features; "
                    + "adversarial training added %,d evasion rows in %d rounds; robust model: %s. Both models judged on the "
                    + "same test rows.</p>", r.epsilon(), r.added(), r.rounds(), esc(r.method())));
            h.append("<table><tr><th>model</th><th>clean F1</th><th>evasion rate at &epsilon;</th><th>certified accuracy at &epsilon;</th></tr>");
            h.append(String.format("<tr><td>plain</td><td>%.4f</td><td>%.4f</td><td>%.4f</td></tr>", r.plainEval().f1(),
                    r.plainEval().evasionRate()[hi], r.plainEval().certifiedAccuracy()[hi]));
            h.append(String.format("<tr><td>robust</td><td>%.4f</td><td>%.4f</td><td>%.4f</td></tr></table>", r.robustEval().f1(),
                    r.robustEval().evasionRate()[hi], r.robustEval().certifiedAccuracy()[hi]));
            img(h, "robustness.png");
        }
        h.append("<h2>Features</h2>");
        img(h, "importance.png");
        h.append("<table><tr><th>feature</th><th>id</th><th>unit</th><th>scale</th><th>quantizer</th><th>importance</th></tr>");
        for (int f = 0; f < o.schema().features().size(); f++) {
            var s = o.schema().features().get(f);
            h.append(String.format("<tr><td>%s</td><td>%d</td><td>%s</td><td>%d</td><td>%s</td><td>%.4f</td></tr>",
                    esc(s.column()), s.id(), esc(s.unit()), s.scale(), esc(o.binaryExport().quantizers().get(f).toString()),
                    o.importance()[f]));
        }
        h.append("</table>");
        h.append("<h2>Size and exactness</h2>");
        if (!o.sweep().isEmpty()) {
            img(h, "accuracy-vs-bytes.png");
        }
        img(h, "agreement.png");
        if (!o.sweep().isEmpty()) {
            h.append("<table><tr><th>model</th><th>bytes</th><th>accuracy</th><th>F1</th><th>agreement</th></tr>");
            for (Sweep.Point p : o.sweep()) {
                h.append(String.format("<tr><td>%s, depth %d</td><td>%d</td><td>%.4f</td><td>%.4f</td><td>%.4f %%</td></tr>",
                        p.trees() == 1 ? "tree" : p.trees() + " trees", p.depth(), p.bytes(), p.accuracy(), p.f1(),
                        100 * p.agreement()));
            }
            h.append("</table>");
        }
        if (o.search() != null) {
            h.append("<h3>Size-aware search</h3><table><tr><th>candidate</th><th>bytes</th><th>fits</th><th>validation score</th></tr>");
            for (SizeSearch.Candidate c : o.search().candidates()) {
                h.append(String.format("<tr><td>%s</td><td>%d</td><td>%s</td><td>%.4f</td></tr>", esc(c.options().describe()),
                        c.bytes(), c.fits() ? "yes" : "no", c.score()));
            }
            h.append("</table>");
        }
        h.append(String.format("<p>Time: load %.2f s, train binary %.2f s, train multi-class %.2f s, export %.2f s, "
                + "evaluate and sweep %.2f s.</p>", o.seconds()[0], o.seconds()[1], o.seconds()[2], o.seconds()[3], o.seconds()[4]));
        h.append("</body></html>\n");
        return h.toString();
    }

    private static void row(StringBuilder h, String name, double v, String published) {
        h.append("<tr><td>").append(esc(name)).append("</td><td>").append(String.format("%.4f", v)).append("</td><td>")
                .append(published == null ? "" : esc(published)).append("</td></tr>");
    }

    private static void img(StringBuilder h, String file) {
        h.append("<img src=\"").append(file).append("\" alt=\"").append(file).append("\">");
    }

    /** Text as HTML text or attribute value: {@code & < > "} escaped; null as empty. */
    public static String esc(String s) {
        return s == null ? "" : s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }

    /** Label used for the benign class (for readers of the report). */
    static String benign() {
        return Schema.BENIGN;
    }
}
