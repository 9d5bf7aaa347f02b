package io.dynakey.devicetools.portability;

import java.util.List;

/**
 * What the portability check found.
 *
 * @param classesChecked number of classes read
 * @param violations breaches no exemption covers: the build fails on any
 * @param excused breaches covered by a justified exemption of the allow-list
 * @param unusedExemptions exemptions that covered nothing (stale entries to remove)
 */
public record PortabilityReport(int classesChecked, List<Violation> violations, List<Violation> excused,
                                List<AllowList.Exemption> unusedExemptions) {

    public PortabilityReport {
        violations = List.copyOf(violations);
        excused = List.copyOf(excused);
        unusedExemptions = List.copyOf(unusedExemptions);
    }

    /** True when nothing breaks the rules. */
    public boolean passes() {
        return violations.isEmpty();
    }

    /** A readable account: violations first, then what was excused and why. */
    public String describe() {
        StringBuilder sb = new StringBuilder();
        sb.append("portability check: ").append(classesChecked).append(" classes, ")
            .append(violations.size()).append(" violations, ").append(excused.size()).append(" excused\n");
        for (Violation v : violations) {
            sb.append("  VIOLATION ").append(v).append('\n');
        }
        for (Violation v : excused) {
            sb.append("  excused   ").append(v).append('\n');
        }
        for (AllowList.Exemption e : unusedExemptions) {
            sb.append("  unused exemption at line ").append(e.line()).append(": ").append(e.classPattern())
                .append(' ').append(e.rule()).append(' ').append(e.detailPrefix()).append('\n');
        }
        return sb.toString();
    }
}
