package io.dynakey.ledger.ethereum;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ContractArtifactTest {

    @Test
    void the_checked_in_artifact_is_what_solcjs_makes_of_the_source(@TempDir Path out) throws Exception {
        Path root = projectRoot();
        Path solcjs = root == null ? null : root.resolve("node_modules/.bin/solcjs");
        Assumptions.assumeTrue(solcjs != null && Files.isExecutable(solcjs),
                "SKIPPED: solcjs is not installed (run `npm install` in the project root)");
        Path srcDir = root.resolve("ledger-bridge/src/main/solidity");

        List<String> cmd = new ArrayList<>(List.of(solcjs.toString()));
        cmd.addAll(List.of(ContractArtifact.SOLC_ARGS));
        cmd.addAll(List.of("-o", out.toString(), ContractArtifact.SOURCE));
        Process p = new ProcessBuilder(cmd).directory(srcDir.toFile()).redirectErrorStream(true).start();
        String log = new String(p.getInputStream().readAllBytes());
        p.waitFor(60, TimeUnit.SECONDS);
        assertEquals(0, p.exitValue(), log);

        assertEquals(ContractArtifact.bytecode(), Files.readString(out.resolve("DynakeyLedger_sol_DynakeyLedger.bin")).trim());
        assertEquals(ContractArtifact.abi(), Files.readString(out.resolve("DynakeyLedger_sol_DynakeyLedger.abi")).trim());
    }

    private static Path projectRoot() {
        for (Path d = Paths.get("").toAbsolutePath(); d != null; d = d.getParent()) {
            if (Files.isDirectory(d.resolve("ledger-bridge/src/main/solidity"))) {
                return d;
            }
        }
        return null;
    }
}
