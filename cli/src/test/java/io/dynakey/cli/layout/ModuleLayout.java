package io.dynakey.cli.layout;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.lang.ArchRule;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The module layout of docs/architecture.md as rules over compiled classes: which module's
 * packages may use which, what the gateway core must never import, and where benchmarks live.
 * One table ({@link #MODULES}) is the source of every rule; {@code docs/architecture.md} prints it.
 */
final class ModuleLayout {

    /** A module: its package root and the modules it may use (its own packages always). */
    record Module(String name, String packageRoot, Set<String> mayUse) {
        String packages() {
            return packageRoot + "..";
        }
    }

    /** Every module, bottom-up: a module may use only modules listed before it, and only those it names. */
    static final Map<String, Module> MODULES = table(
            new Module("tiny-models", "io.dynakey.models", Set.of()),
            new Module("device-runtime", "io.dynakey.device", Set.of("tiny-models")),
            new Module("device-tools", "io.dynakey.devicetools", Set.of("tiny-models", "device-runtime")),
            new Module("hardware", "io.dynakey.hardware", Set.of("tiny-models", "device-runtime")),
            new Module("ledger-bridge", "io.dynakey.ledger", Set.of("tiny-models", "device-runtime")),
            new Module("coap-gateway", "io.dynakey.gateway", Set.of("tiny-models", "device-runtime", "ledger-bridge")),
            new Module("trainer", "io.dynakey.trainer", Set.of("tiny-models", "device-runtime")),
            new Module("fleet", "io.dynakey.fleet", Set.of("tiny-models", "device-runtime", "hardware",
                    "ledger-bridge", "coap-gateway", "trainer")),
            new Module("console", "io.dynakey.console", Set.of("tiny-models", "device-runtime", "ledger-bridge",
                    "coap-gateway")),
            new Module("benchmarks", "io.dynakey.bench", Set.of("tiny-models", "device-runtime", "device-tools",
                    "hardware", "ledger-bridge", "coap-gateway", "trainer", "fleet", "console")),
            new Module("cli", "io.dynakey.cli", Set.of("tiny-models", "device-runtime", "device-tools", "hardware",
                    "ledger-bridge", "coap-gateway", "trainer", "fleet", "console", "benchmarks")));

    /** The gateway core: the rotation state machine and the key stores, free of transport types. */
    static final String[] GATEWAY_CORE = {"io.dynakey.gateway.service..", "io.dynakey.gateway.store.."};

    /** Transport and HTTP types the gateway core must never import. */
    static final String[] TRANSPORT_TYPES = {"org.eclipse.californium..", "com.sun.net.httpserver..",
            "java.net.http..", "jakarta.servlet..", "javax.servlet..", "org.eclipse.jetty..", "io.javalin.."};

    private ModuleLayout() {
    }

    /** One rule per module: it uses no module it does not name. */
    static List<ArchRule> moduleRules() {
        List<ArchRule> rules = new ArrayList<>();
        for (Module m : MODULES.values()) {
            List<String> banned = new ArrayList<>();
            for (Module other : MODULES.values()) {
                if (other != m && !m.mayUse().contains(other.name())) {
                    banned.add(other.packages());
                }
            }
            if (!banned.isEmpty()) {
                rules.add(noClasses().that().resideInAPackage(m.packages())
                        .should().dependOnClassesThat().resideInAnyPackage(banned.toArray(String[]::new))
                        .because(m.name() + " may use only " + (m.mayUse().isEmpty() ? "itself" : m.mayUse())
                                + " (docs/architecture.md, module table)"));
            }
        }
        return rules;
    }

    /** The gateway core imports no Californium or HTTP type, so a second transport stays possible. */
    static ArchRule gatewayCoreHasNoTransport() {
        return noClasses().that().resideInAnyPackage(GATEWAY_CORE)
                .should().dependOnClassesThat().resideInAnyPackage(TRANSPORT_TYPES)
                .because("the gateway core (service, store) stays transport-free; only gateway.server adapts Californium");
    }

    /** Only the benchmarks module uses JMH: no other module's main code holds a benchmark. */
    static ArchRule benchmarksLiveInTheirModule() {
        return noClasses().that().resideOutsideOfPackage("io.dynakey.bench..")
                .should().dependOnClassesThat().resideInAPackage("org.openjdk.jmh..")
                .because("benchmarks live in the benchmarks module, not in another module's src/main");
    }

    /** Every rule of the layout. */
    static List<ArchRule> all() {
        List<ArchRule> rules = new ArrayList<>(moduleRules());
        rules.add(gatewayCoreHasNoTransport());
        rules.add(benchmarksLiveInTheirModule());
        return rules;
    }

    private static Map<String, Module> table(Module... modules) {
        Map<String, Module> m = new LinkedHashMap<>();
        for (Module mod : modules) {
            for (String used : mod.mayUse()) {
                if (!m.containsKey(used)) {
                    throw new IllegalStateException(mod.name() + " uses " + used + ", which is not below it in the table");
                }
            }
            m.put(mod.name(), mod);
        }
        return java.util.Collections.unmodifiableMap(m);
    }
}
