package io.dynakey.models;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dynakey.models.CReaderDriver.Batch;
import io.dynakey.models.CReaderDriver.Run;
import io.dynakey.models.testing.ByteMutator;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Signature;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The C reader ({@code c-reader/}, written from docs/model-format.md) against the Java reader, on
 * the same bytes: the golden vectors, the hostile files and fuzz cases of the Java reader's tests,
 * and seeded random mutants of the golden models. Every C run uses the driver built with
 * AddressSanitizer and UndefinedBehaviorSanitizer (any finding aborts it and fails the test).
 * For each file both readers must give the same verdict, reason code and offset, and for an
 * accepted file the same class and risk on every input. Needs gcc and make on the PATH (skipped,
 * with that message, without them).
 *
 * <p>The test lives here, not in device-tools, because this module owns the golden vectors, the
 * hostile files and the fuzz cases; its tests compile for Java 17 (only its main code is Java 7).
 */
class CReaderAgreementTest {

    private static final int MUTANTS = 4000;
    private static final long MUTANT_SEED = 19_000_000L;
    private static final int INPUTS_PER_ACCEPTED_FILE = 8;

    private static CReaderDriver driver;

    private static final boolean TOOLS = CReaderDriver.onPath("gcc") && CReaderDriver.onPath("make");

    @BeforeAll
    static void buildTheCReader() throws Exception {
        if (TOOLS) {
            driver = CReaderDriver.build(Path.of("target", "c-reader"));
        }
    }

    @BeforeEach
    void needsGccAndMake() {
        Assumptions.assumeTrue(TOOLS, "gcc and make are not both on the PATH: the C reader was not built or compared");
    }

    @Test
    void every_golden_vector_gives_the_same_class_and_risk_in_c_as_in_java() throws Exception {
        // given the committed golden models and their inputs
        List<Batch> batches = new ArrayList<>();
        List<GoldenVectors> cases = new ArrayList<>();
        for (String name : GoldenVectors.NAMES) {
            GoldenVectors g = GoldenVectors.cases(name);
            cases.add(g);
            batches.add(new Batch(GoldenVectors.modelBytes(name), flatten(g.inputs), CReaderDriver.SKIP_SIGNATURE));
        }
        // when
        List<String> c = runClean(batches);
        // then C agrees with the Java reader and with the recorded outputs, input by input
        int agreed = 0;
        for (int k = 0; k < batches.size(); k++) {
            String[] javaOut = javaLine(batches.get(k)).split(" ");
            String[] cOut = c.get(k).split(" ");
            GoldenVectors g = cases.get(k);
            assertEquals("OK", cOut[0], GoldenVectors.NAMES[k] + ": " + c.get(k));
            assertEquals(g.inputs.length + 3, cOut.length, GoldenVectors.NAMES[k]);
            assertEquals(GoldenVectors.expectedRotation(GoldenVectors.NAMES[k]), cOut[cOut.length - 2],
                    GoldenVectors.NAMES[k] + " rotation schedule");
            assertEquals("TMP=none", cOut[cOut.length - 1], GoldenVectors.NAMES[k]);
            assertEquals(String.join(" ", javaOut), c.get(k), GoldenVectors.NAMES[k]);
            for (int i = 0; i < g.inputs.length; i++) {
                String recorded = g.classes[i] + ":" + g.risks[i];
                assertEquals(javaOut[i + 1], cOut[i + 1], GoldenVectors.NAMES[k] + " case " + i);
                assertEquals(recorded, cOut[i + 1], GoldenVectors.NAMES[k] + " case " + i);
                agreed++;
            }
        }
        assertEquals(1200 * GoldenVectors.NAMES.length, agreed);
        System.out.println("[c-reader] golden vectors agreed: " + agreed + "/" + agreed);
    }

    @Test
    void the_temporal_golden_model_gives_the_same_rows_and_windows_in_c_as_in_java() throws Exception {
        // given the 1.2 golden model, its rows and its windows
        String name = GoldenVectors.TEMPORAL_NAME;
        GoldenVectors.TemporalCases g = GoldenVectors.temporalCases(name);
        Batch b = new Batch(GoldenVectors.modelBytes(name), flatten(g.rows), CReaderDriver.SKIP_SIGNATURE,
                g.windowRows, g.windowEnd);
        // when
        String c = runClean(List.of(b)).get(0);
        // then C prints what the Java reference computes, and what the golden file records
        assertEquals(javaLine(b), c);
        String[] cOut = c.split(" ");
        assertEquals(1 + g.rows.length + 2 + g.windows.length, cOut.length);
        for (int i = 0; i < g.rows.length; i++) {
            assertEquals(g.rowOutputs[i][0] + ":" + g.rowOutputs[i][1], cOut[1 + i], name + " row " + i);
        }
        assertEquals(GoldenVectors.expectedTemporal(name), cOut[g.rows.length + 2]);
        for (int w = 0; w < g.windows.length; w++) {
            assertEquals(TemporalReference.windowToken(g.windows[w]), cOut[g.rows.length + 3 + w], name + " window " + w);
        }
        System.out.println("[c-reader] temporal golden: " + g.rows.length + " rows, " + g.windows.length
                + " windows agreed");
    }

    @Test
    void every_hostile_file_is_rejected_by_c_with_the_java_reason_and_offset() throws Exception {
        // given the hand-made hostile files
        List<HostileModels.Hostile> hostile = HostileModels.all();
        List<Batch> batches = new ArrayList<>();
        Random rnd = new Random(19);
        for (HostileModels.Hostile h : hostile) {
            batches.add(batch(h.file, rnd));
        }
        // when / then
        int rejected = assertSameVerdicts(batches, "hostile");
        assertEquals(hostile.size(), rejected, "every hostile file is rejected");
        assertTrue(hostile.size() > HostileModels.rotationHostile().size() && !HostileModels.rotationHostile().isEmpty());
        System.out.println("[c-reader] hostile files: " + hostile.size() + ", same reason and offset");
    }

    @Test
    void every_rotation_schedule_at_the_boundaries_of_its_rules_is_accepted_and_decoded_alike() throws Exception {
        // given valid 1.1 files at each boundary of the section's rules
        List<Batch> batches = new ArrayList<>();
        Random rnd = new Random(23);
        for (byte[] f : HostileModels.rotationBoundaries()) {
            batches.add(batch(f, rnd));
        }
        // when / then both accept every one and decode the same schedule
        assertEquals(0, assertSameVerdicts(batches, "rotation boundary"));
    }

    @Test
    void every_temporal_section_at_the_boundaries_of_its_rules_is_accepted_and_replayed_alike() throws Exception {
        // given valid 1.2 files at each boundary of the section's rules, with windows to replay
        List<Batch> batches = new ArrayList<>();
        Random rnd = new Random(29);
        for (byte[] f : TemporalModels.boundaries()) {
            batches.add(batch(f, rnd));
        }
        // when / then both accept every one and compute the same windows
        assertEquals(0, assertSameVerdicts(batches, "temporal boundary"));
    }

    @Test
    void every_fuzz_case_of_the_java_reader_gets_the_same_verdict_in_c() throws Exception {
        // given the cases of TinyModelFuzzTest, generated from the same seeds
        List<Batch> batches = new ArrayList<>();
        for (int c = 0; c < TinyModelFuzzTest.MUTATED_CASES; c++) {
            Random rnd = new Random(c);
            batches.add(batch(TinyModelFuzzTest.mutatedFile(rnd), rnd));
        }
        for (int c = 0; c < TinyModelFuzzTest.RANDOM_TAIL_CASES; c++) {
            Random rnd = new Random(TinyModelFuzzTest.RANDOM_TAIL_SEED + c);
            batches.add(batch(TinyModelFuzzTest.randomTailFile(rnd), rnd));
        }
        for (int c = 0; c < TinyModelFuzzTest.ROTATION_CASES; c++) {
            Random rnd = new Random(TinyModelFuzzTest.ROTATION_SEED + c);
            batches.add(batch(TinyModelFuzzTest.rotationFile(rnd), rnd));
        }
        for (int c = 0; c < TinyModelFuzzTest.TEMPORAL_CASES; c++) {
            Random rnd = new Random(TinyModelFuzzTest.TEMPORAL_SEED + c);
            batches.add(batch(TinyModelFuzzTest.temporalFile(rnd), rnd));
        }
        // when / then
        int rejected = assertSameVerdicts(batches, "fuzz case");
        System.out.println("[c-reader] fuzz cases: " + batches.size() + " (" + rejected + " rejected), same verdicts");
    }

    @Test
    void random_mutants_of_the_golden_models_agree_and_raise_no_sanitizer_finding() throws Exception {
        // given seeded mutants of the golden models and of the hostile files' base, CRC repaired in 3 of 4
        List<byte[]> seeds = new ArrayList<>();
        for (String name : GoldenVectors.NAMES) {
            seeds.add(GoldenVectors.modelBytes(name));
        }
        seeds.add(HostileModels.VALID);
        seeds.add(HostileModels.VALID_ROTATION);
        seeds.add(TemporalModels.VALID);
        seeds.add(GoldenVectors.modelBytes(GoldenVectors.TEMPORAL_NAME));
        List<Batch> batches = new ArrayList<>();
        for (int i = 0; i < MUTANTS; i++) {
            Random rnd = new Random(MUTANT_SEED + i);
            byte[] seed = seeds.get(rnd.nextInt(seeds.size()));
            // even: the shared mutator (lengths change too); odd: 1..4 bytes rewritten in place, so
            // that the feature, tree, node and structure checks (and evaluation) are reached more often
            byte[] f = i % 2 == 0 ? ModelFiles.mutator(rnd).mutate(seed, 4) : rewriteInPlace(seed, rnd);
            if (rnd.nextInt(4) != 0 && f.length >= ModelFormat.CRC_SIZE + ModelFormat.SIGNATURE_SIZE) {
                ModelFiles.fixCrc(f);
            }
            batches.add(batch(f, rnd));
        }
        // when / then
        int rejected = assertSameVerdicts(batches, "mutant");
        assertTrue(rejected < MUTANTS && rejected > MUTANTS / 2, "mutants reach both verdicts: " + rejected);
        System.out.println("[c-reader] mutants: " + MUTANTS + " (" + (MUTANTS - rejected)
                + " accepted), same verdicts, 0 sanitizer findings");
    }

    @Test
    void the_signature_callback_gets_the_signed_region_and_the_trailer_in_place() throws Exception {
        // given a golden model signed with a fresh Ed25519 key, and the same file with a flipped signature bit
        KeyPair keys = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
        byte[] signed = GoldenVectors.modelBytes("forest-10");
        int at = signed.length - ModelFormat.SIGNATURE_SIZE;
        Signature s = Signature.getInstance("Ed25519");
        s.initSign(keys.getPrivate());
        s.update(signed, 0, at);
        System.arraycopy(s.sign(), 0, signed, at, ModelFormat.SIGNATURE_SIZE);
        byte[] forged = signed.clone();
        forged[forged.length - 1] ^= 1;
        List<Batch> batches = new ArrayList<>();
        for (byte[] f : List.of(signed, forged)) {
            // the verdict the board's verify function would give, computed here with the JDK's Ed25519
            Signature v = Signature.getInstance("Ed25519");
            v.initVerify(keys.getPublic());
            v.update(f, 0, at);
            boolean valid = v.verify(Arrays.copyOfRange(f, at, f.length));
            batches.add(new Batch(f, new long[0], valid ? 1 : 0));
        }
        // when
        List<String> c = runClean(batches);
        // then the callback saw [0, length - 64) and the trailer, at their places in the buffer
        assertEquals(javaLine(batches.get(0)), c.get(0));
        assertEquals(javaLine(batches.get(1)), c.get(1));
        assertTrue(c.get(0).contains(" SIG=OK MSG=0+" + at + " AT=" + at + " "), c.get(0));
        assertTrue(c.get(1).contains(" SIG=BAD_SIGNATURE "), c.get(1));
    }

    /** A copy of seed with 1..4 bytes of its signed region set to a random or an edge value. */
    private static byte[] rewriteInPlace(byte[] seed, Random rnd) {
        byte[] f = seed.clone();
        int signed = f.length - ModelFormat.SIGNATURE_SIZE;
        for (int k = 1 + rnd.nextInt(4); k > 0; k--) {
            int at = rnd.nextInt(signed);
            f[at] = (byte) (rnd.nextBoolean() ? rnd.nextInt(256)
                    : ByteMutator.EDGE_BYTES[rnd.nextInt(ByteMutator.EDGE_BYTES.length)]);
        }
        return f;
    }

    /**
     * Runs C on the batches and compares each line with the Java reader's; prints how many files
     * each verdict got, and returns how many were rejected.
     */
    private static int assertSameVerdicts(List<Batch> batches, String what) throws Exception {
        List<String> c = runClean(batches);
        List<String> mismatches = new ArrayList<>();
        Map<String, Integer> verdicts = new TreeMap<>();
        int rejected = 0;
        for (int i = 0; i < batches.size(); i++) {
            String java = javaLine(batches.get(i));
            verdicts.merge(java.split(" ")[0], 1, Integer::sum);
            if (!java.startsWith("OK")) {
                rejected++;
            }
            if (!java.equals(c.get(i)) && mismatches.size() < 5) {
                int at = firstDifference(java, c.get(i));
                mismatches.add(what + " " + i + " differs at character " + at + ": Java ..." + around(java, at) + "..., C ..."
                        + around(c.get(i), at) + "...");
            }
        }
        assertTrue(mismatches.isEmpty(), String.join("\n", mismatches));
        System.out.println("[c-reader] " + what + " verdicts: " + verdicts);
        return rejected;
    }

    private static List<String> runClean(List<Batch> batches) throws Exception {
        Run run = driver.run(batches);
        assertTrue(run.clean(), "dk_check exit " + run.exitCode() + ", sanitizer or driver output:\n" + run.stderr());
        assertEquals(batches.size(), run.lines().size(), "one line per model");
        return run.lines();
    }

    /**
     * A batch for file f: inputs drawn from rnd if the Java reader accepts it, none otherwise; for
     * an accepted file with a temporal section, 12 windows of 0..3 of those inputs each (24 more
     * inputs), ending at random, increasing, repeated or decreasing times, some at the ends of
     * the i64 range.
     */
    private static Batch batch(byte[] f, Random rnd) {
        long[] values = new long[0];
        int[] windowRows = new int[0];
        long[] windowEnd = new long[0];
        try {
            TinyModel m = TinyModel.parse(f);
            int inputs = INPUTS_PER_ACCEPTED_FILE;
            if (m.hasTemporal()) {
                windowRows = new int[TEMPORAL_WINDOWS_PER_FILE];
                windowEnd = new long[TEMPORAL_WINDOWS_PER_FILE];
                long now = rnd.nextLong() >> rnd.nextInt(64);
                int rows = 0;
                for (int w = 0; w < windowRows.length; w++) {
                    windowRows[w] = rows + 3 < INPUTS_PER_ACCEPTED_FILE + 24 ? rnd.nextInt(4) : 0;
                    rows += windowRows[w];
                    switch (rnd.nextInt(6)) {
                        case 0: now = rnd.nextBoolean() ? Long.MIN_VALUE : Long.MAX_VALUE; break;
                        case 1: now = rnd.nextLong(); break;
                        case 2: now -= rnd.nextInt(10_000); break;
                        default: now += rnd.nextInt(600_000); break;
                    }
                    windowEnd[w] = now;
                }
                inputs += 24;
            }
            values = new long[inputs * m.featureCount()];
            for (int i = 0; i < values.length; i++) {
                values[i] = rnd.nextLong() >> rnd.nextInt(64);
            }
        } catch (ModelFormatException e) {
            // rejected: nothing to evaluate
        }
        return new Batch(f, values, CReaderDriver.SKIP_SIGNATURE, windowRows, windowEnd);
    }

    private static final int TEMPORAL_WINDOWS_PER_FILE = 12;

    /** The line dk_check must print for the batch, computed with the Java reader. */
    private static String javaLine(Batch b) {
        TinyModel m;
        try {
            m = TinyModel.parse(b.model());
        } catch (ModelFormatException e) {
            return ModelFormatException.reasonName(e.reason()) + " " + e.offset();
        }
        StringBuilder line = new StringBuilder("OK");
        int f = m.featureCount();
        for (int i = 0; i + f <= b.values().length; i += f) {
            int[] out = GoldenVectors.referencePredict(m, Arrays.copyOfRange(b.values(), i, i + f));
            line.append(' ').append(out[0]).append(':').append(out[1]);
        }
        line.append(' ').append(GoldenVectors.rotationToken(m));
        line.append(' ').append(TemporalReference.token(m));
        if (m.hasTemporal()) {
            long[][] rows = new long[b.values().length / f][];
            for (int i = 0; i < rows.length; i++) {
                rows[i] = Arrays.copyOfRange(b.values(), i * f, i * f + f);
            }
            for (int[] w : TemporalReference.replay(m, rows, b.windowRows(), b.windowEnd())) {
                line.append(' ').append(TemporalReference.windowToken(w));
            }
        }
        if (b.signatureVerdict() != CReaderDriver.SKIP_SIGNATURE) {
            line.append(" SIG=").append(b.signatureVerdict() == 1 ? "OK" : "BAD_SIGNATURE")
                    .append(" MSG=").append(m.signedOffset()).append('+').append(m.signedLength())
                    .append(" AT=").append(m.signatureOffset())
                    .append(String.format(" CRC=%08x/%08x",
                            Crc32.compute(m.buffer(), m.signedOffset(), m.signedLength()),
                            Crc32.compute(m.buffer(), m.signatureOffset(), ModelFormat.SIGNATURE_SIZE)));
        }
        return line.toString();
    }

    private static long[] flatten(long[][] rows) {
        long[] all = new long[rows.length * rows[0].length];
        for (int i = 0; i < rows.length; i++) {
            System.arraycopy(rows[i], 0, all, i * rows[0].length, rows[0].length);
        }
        return all;
    }

    private static int firstDifference(String a, String b) {
        int i = 0;
        while (i < a.length() && i < b.length() && a.charAt(i) == b.charAt(i)) {
            i++;
        }
        return i;
    }

    /** Up to 40 characters before {@code at} and 80 from it: where two long lines part. */
    private static String around(String s, int at) {
        return s.substring(Math.max(0, Math.min(at, s.length()) - 40), Math.min(s.length(), at + 80));
    }
}
