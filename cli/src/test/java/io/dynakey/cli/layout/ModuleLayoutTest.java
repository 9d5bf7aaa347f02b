package io.dynakey.cli.layout;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import io.dynakey.device.planted.ImportsTheGateway;
import io.dynakey.gateway.store.planted.ImportsCalifornium;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * The layout rules hold over the main classes of every module, and fail on planted violations
 * (classes in this module's test sources that pose as device and gateway-core classes; the
 * product import leaves test classes out).
 */
class ModuleLayoutTest {

    private static JavaClasses product;

    @BeforeAll
    static void importProduct() {
        product = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("io.dynakey");
    }

    @Test
    void every_module_is_on_the_class_path_of_the_check() {
        for (ModuleLayout.Module m : ModuleLayout.MODULES.values()) {
            assertTrue(product.stream().anyMatch(c -> c.getPackageName().startsWith(m.packageRoot())),
                    "no classes of " + m.name() + " (" + m.packageRoot() + ") were imported: the check would pass vacuously");
        }
    }

    @TestFactory
    List<DynamicTest> the_product_keeps_every_layout_rule() {
        return ModuleLayout.all().stream()
                .map(rule -> DynamicTest.dynamicTest(rule.getDescription(), () -> rule.allowEmptyShould(true).check(product)))
                .toList();
    }

    @Test
    void a_device_class_that_imports_the_gateway_fails_the_check() {
        JavaClasses planted = new ClassFileImporter().importClasses(ImportsTheGateway.class);
        AssertionError e = assertThrows(AssertionError.class, () -> check(ModuleLayout.moduleRules(), planted));
        assertTrue(e.getMessage().contains("device-runtime may use only") && e.getMessage().contains("io.dynakey.gateway.Gateway"),
                e.getMessage());
    }

    @Test
    void a_gateway_core_class_that_imports_californium_fails_the_check() {
        JavaClasses planted = new ClassFileImporter().importClasses(ImportsCalifornium.class);
        AssertionError e = assertThrows(AssertionError.class,
                () -> ModuleLayout.gatewayCoreHasNoTransport().check(planted));
        assertTrue(e.getMessage().contains("org.eclipse.californium.core.CoapServer"), e.getMessage());
    }

    @Test
    void the_planted_classes_break_no_rule_but_their_own() {
        // the device class breaks the module rule, not the gateway-core rule, and the other way round:
        // each rule looks at its own packages only
        ModuleLayout.gatewayCoreHasNoTransport().allowEmptyShould(true)
                .check(new ClassFileImporter().importClasses(ImportsTheGateway.class));
        check(ModuleLayout.moduleRules(), new ClassFileImporter().importClasses(ImportsCalifornium.class));
    }

    @Test
    void the_module_table_is_the_one_docs_architecture_prints() throws Exception {
        String doc = Files.readString(Path.of("..", "docs", "architecture.md"));
        for (ModuleLayout.Module m : ModuleLayout.MODULES.values()) {
            assertTrue(doc.contains("`" + m.name() + "`"), "docs/architecture.md does not name module " + m.name());
        }
    }

    private static void check(List<ArchRule> rules, JavaClasses classes) {
        for (ArchRule r : rules) {
            r.allowEmptyShould(true).check(classes);
        }
    }
}
