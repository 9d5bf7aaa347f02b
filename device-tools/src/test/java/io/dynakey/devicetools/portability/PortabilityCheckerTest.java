package io.dynakey.devicetools.portability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.StringReader;
import java.net.URI;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.SimpleJavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;
import org.objectweb.asm.ClassWriter;
import org.objectweb.asm.Handle;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;

class PortabilityCheckerTest implements Opcodes {

    private static final String OBJECT = "java/lang/Object";

    private final PortabilityChecker checker = new PortabilityChecker(AllowList.bundled());

    @Test
    void a_java_7_class_using_allowed_api_passes() {
        ClassWriter cw = begin(V1_7, ACC_PUBLIC, "dev/Clean", OBJECT);
        MethodVisitor mv = method(cw, ACC_PUBLIC | ACC_STATIC, "copy", "([B)Ljava/lang/String;");
        mv.visitVarInsn(ALOAD, 0);
        mv.visitInsn(ICONST_0);
        mv.visitVarInsn(ALOAD, 0);
        mv.visitInsn(ICONST_0);
        mv.visitInsn(ICONST_1);
        mv.visitMethodInsn(INVOKESTATIC, "java/lang/System", "arraycopy", "(Ljava/lang/Object;ILjava/lang/Object;II)V", false);
        mv.visitTypeInsn(NEW, "java/lang/StringBuilder");
        mv.visitInsn(DUP);
        mv.visitMethodInsn(INVOKESPECIAL, "java/lang/StringBuilder", "<init>", "()V", false);
        mv.visitMethodInsn(INVOKEVIRTUAL, "java/lang/StringBuilder", "toString", "()Ljava/lang/String;", false);
        mv.visitInsn(ARETURN);
        end(mv);

        PortabilityReport report = checker.check(Map.of("dev/Clean", cw.toByteArray()));

        assertTrue(report.passes(), report.describe());
    }

    @Test
    void a_java_8_class_file_is_caught() {
        ClassWriter cw = begin(V1_8, ACC_PUBLIC, "dev/Java8", OBJECT);

        assertEquals(Set.of(Rule.CLASS_VERSION), rules(check("dev/Java8", cw)));
    }

    @Test
    void an_invokedynamic_is_caught() {
        ClassWriter cw = begin(V1_7, ACC_PUBLIC, "dev/Indy", OBJECT);
        MethodVisitor mv = method(cw, ACC_STATIC, "make", "()Ljava/lang/Runnable;");
        Handle bsm = new Handle(H_INVOKESTATIC, "dev/Indy", "bootstrap",
            "(Ljava/lang/invoke/MethodHandles$Lookup;Ljava/lang/String;Ljava/lang/invoke/MethodType;)Ljava/lang/invoke/CallSite;", false);
        mv.visitInvokeDynamicInsn("run", "()Ljava/lang/Runnable;", bsm);
        mv.visitInsn(ARETURN);
        end(mv);

        assertTrue(rules(check("dev/Indy", cw)).contains(Rule.INVOKEDYNAMIC));
    }

    @Test
    void default_and_static_interface_methods_are_caught() {
        ClassWriter cw = begin(V1_7, ACC_PUBLIC | ACC_INTERFACE | ACC_ABSTRACT, "dev/Iface", OBJECT);
        cw.visitMethod(ACC_PUBLIC | ACC_ABSTRACT, "ok", "()V", null, null).visitEnd();
        MethodVisitor dflt = method(cw, ACC_PUBLIC, "dflt", "()V");
        dflt.visitInsn(RETURN);
        end(dflt);
        MethodVisitor stat = method(cw, ACC_PUBLIC | ACC_STATIC, "stat", "()V");
        stat.visitInsn(RETURN);
        end(stat);

        List<Violation> found = check("dev/Iface", cw).violations();

        assertEquals(2, found.size(), found.toString());
        assertEquals(Set.of(Rule.INTERFACE_METHOD), rules(found));
    }

    @Test
    void a_hal_method_that_cannot_map_to_a_native_is_caught() {
        ClassWriter cw = begin(V1_7, ACC_PUBLIC | ACC_INTERFACE | ACC_ABSTRACT, "dev/hal/Radio", OBJECT);
        cw.visitMethod(ACC_PUBLIC | ACC_ABSTRACT, "fine", "(I[BJ)I", null, null).visitEnd();
        cw.visitMethod(ACC_PUBLIC | ACC_ABSTRACT, "named", "(Ljava/lang/String;)V", null, null).visitEnd();
        cw.visitMethod(ACC_PUBLIC | ACC_ABSTRACT, "grid", "([[B)[I", null, null).visitEnd();
        cw.visitMethod(ACC_PUBLIC | ACC_ABSTRACT, "wide", "(" + "I".repeat(16) + ")V", null, null).visitEnd();
        cw.visitEnd();

        PortabilityReport report = new PortabilityChecker(AllowList.bundled(), "dev/hal/")
            .check(Map.of("dev/hal/Radio", cw.toByteArray()));

        Set<String> details = new TreeSet<>();
        for (Violation v : report.violations()) {
            assertEquals(Rule.HAL_SIGNATURE, v.rule());
            details.add(v.where().substring(0, v.where().indexOf('(')) + ": " + v.detail());
        }
        assertEquals(new TreeSet<>(List.of("named: parameter Ljava/lang/String;", "grid: parameter [[B",
            "wide: 16 parameters")), details);
    }

    @Test
    void a_primitive_class_literal_is_caught() {
        ClassWriter cw = begin(V1_7, ACC_PUBLIC, "dev/Literal", OBJECT);
        MethodVisitor mv = method(cw, ACC_STATIC, "type", "()Ljava/lang/Class;");
        mv.visitFieldInsn(GETSTATIC, "java/lang/Integer", "TYPE", "Ljava/lang/Class;");
        mv.visitInsn(ARETURN);
        end(mv);

        assertEquals(Set.of(Rule.PRIMITIVE_CLASS_LITERAL), rules(check("dev/Literal", cw)));
    }

    @Test
    void thirty_two_reference_fields_across_a_superclass_are_caught_and_thirty_one_are_not() {
        ClassWriter base = begin(V1_7, ACC_PUBLIC, "dev/Base", OBJECT);
        for (int i = 0; i < 20; i++) {
            base.visitField(ACC_PRIVATE, "b" + i, "Ljava/lang/Object;", null, null).visitEnd();
        }
        base.visitField(ACC_PRIVATE | ACC_STATIC, "shared", "Ljava/lang/Object;", null, null).visitEnd();
        base.visitField(ACC_PRIVATE, "count", "J", null, null).visitEnd();
        ClassWriter wide = begin(V1_7, ACC_PUBLIC, "dev/Wide", "dev/Base");
        ClassWriter fits = begin(V1_7, ACC_PUBLIC, "dev/Fits", "dev/Base");
        for (int i = 0; i < 12; i++) {
            wide.visitField(ACC_PRIVATE, "w" + i, i % 2 == 0 ? "[B" : "Ljava/lang/String;", null, null).visitEnd();
        }
        for (int i = 0; i < 11; i++) {
            fits.visitField(ACC_PRIVATE, "f" + i, "[J", null, null).visitEnd();
        }

        PortabilityReport report = checker.check(Map.of("dev/Base", base.toByteArray(),
            "dev/Wide", wide.toByteArray(), "dev/Fits", fits.toByteArray()));

        assertEquals(1, report.violations().size(), report.describe());
        Violation v = report.violations().get(0);
        assertEquals(Rule.REFERENCE_FIELDS, v.rule());
        assertEquals("dev/Wide", v.className());
        assertEquals("32 reference instance fields", v.detail());
    }

    @Test
    void forbidden_jdk_classes_and_members_are_caught() {
        ClassWriter cw = begin(V1_7, ACC_PUBLIC, "dev/Api", OBJECT);
        MethodVisitor mv = method(cw, ACC_STATIC, "bad", "(Ljava/nio/ByteBuffer;)J");
        mv.visitLdcInsn("%d");
        mv.visitInsn(ICONST_0);
        mv.visitTypeInsn(ANEWARRAY, OBJECT);
        mv.visitMethodInsn(INVOKESTATIC, "java/lang/String", "format", "(Ljava/lang/String;[Ljava/lang/Object;)Ljava/lang/String;", false);
        mv.visitLdcInsn(",");
        mv.visitMethodInsn(INVOKEVIRTUAL, "java/lang/String", "split", "(Ljava/lang/String;)[Ljava/lang/String;", false);
        mv.visitInsn(POP);
        mv.visitLdcInsn("x");
        mv.visitMethodInsn(INVOKESTATIC, "java/util/regex/Pattern", "compile", "(Ljava/lang/String;)Ljava/util/regex/Pattern;", false);
        mv.visitInsn(POP);
        mv.visitTypeInsn(NEW, "java/util/concurrent/ConcurrentHashMap");
        mv.visitInsn(POP);
        mv.visitLdcInsn(org.objectweb.asm.Type.getObjectType("dev/Api"));
        mv.visitLdcInsn("m");
        mv.visitInsn(ICONST_0);
        mv.visitTypeInsn(ANEWARRAY, "java/lang/Class");
        mv.visitMethodInsn(INVOKEVIRTUAL, "java/lang/Class", "getMethod", "(Ljava/lang/String;[Ljava/lang/Class;)Ljava/lang/reflect/Method;", false);
        mv.visitInsn(POP);
        mv.visitFieldInsn(GETSTATIC, "dev/Api", "f", "Ljava/util/function/Function;");
        mv.visitInsn(POP);
        mv.visitMethodInsn(INVOKESTATIC, "java/lang/System", "nanoTime", "()J", false);
        mv.visitInsn(LRETURN);
        end(mv);
        cw.visitField(ACC_STATIC, "f", "Ljava/util/function/Function;", null, null).visitEnd();

        Set<String> details = new TreeSet<>();
        for (Violation v : check("dev/Api", cw).violations()) {
            assertEquals(Rule.API, v.rule());
            details.add(v.detail());
        }

        assertEquals(new TreeSet<>(List.of(
            "java/nio/ByteBuffer",
            "java/lang/String#format(Ljava/lang/String;[Ljava/lang/Object;)Ljava/lang/String;",
            "java/lang/String#split(Ljava/lang/String;)[Ljava/lang/String;",
            "java/util/regex/Pattern",
            "java/util/concurrent/ConcurrentHashMap",
            "java/lang/Class#getMethod(Ljava/lang/String;[Ljava/lang/Class;)Ljava/lang/reflect/Method;",
            "java/lang/reflect/Method",
            "java/util/function/Function",
            "java/lang/System#nanoTime()J")), details);
    }

    @Test
    void a_member_inherited_from_an_allowed_jdk_class_passes_and_from_a_forbidden_one_does_not() {
        ClassWriter ex = begin(V1_7, ACC_PUBLIC, "dev/MyException", "java/lang/Exception");
        ClassWriter user = begin(V1_7, ACC_PUBLIC, "dev/User", OBJECT);
        MethodVisitor mv = method(user, ACC_STATIC, "use", "(Ldev/MyException;)V");
        mv.visitVarInsn(ALOAD, 0);
        mv.visitMethodInsn(INVOKEVIRTUAL, "dev/MyException", "getMessage", "()Ljava/lang/String;", false);
        mv.visitInsn(POP);
        mv.visitVarInsn(ALOAD, 0);
        mv.visitMethodInsn(INVOKEVIRTUAL, "dev/MyException", "addSuppressed", "(Ljava/lang/Throwable;)V", false);
        mv.visitInsn(RETURN);
        end(mv);

        PortabilityReport report = checker.check(Map.of("dev/MyException", ex.toByteArray(), "dev/User", user.toByteArray()));

        assertEquals(1, report.violations().size(), report.describe());
        assertEquals("java/lang/Exception#addSuppressed(Ljava/lang/Throwable;)V", report.violations().get(0).detail());
    }

    @Test
    void javac_output_with_a_lambda_a_primitive_literal_and_string_format_is_caught() {
        String source = "package dev; public class Modern {"
            + " public static Runnable r() { return () -> {}; }"
            + " public static Class<?> c() { return int.class; }"
            + " public static String f(int x) { return String.format(\"%d\", x); } }";

        Map<String, byte[]> classes = compile("dev.Modern", source, "8");
        Set<Rule> found = rules(checker.check(classes).violations());

        assertTrue(found.containsAll(Set.of(Rule.CLASS_VERSION, Rule.INVOKEDYNAMIC, Rule.PRIMITIVE_CLASS_LITERAL, Rule.API)),
            found.toString());
    }

    @Test
    void an_exemption_excuses_only_what_it_names_and_a_stale_one_is_reported() throws Exception {
        AllowList list = AllowList.parse(new StringReader(String.join("\n",
            "java/lang/Object",
            "java/lang/Integer#TYPE",
            "java/lang/Long#TYPE",
            "java/lang/Class",
            "exception dev/Lit* PRIMITIVE_CLASS_LITERAL java/lang/Integer#TYPE -- test: the literal is needed",
            "exception dev/Other API -- test: stale")));
        ClassWriter cw = begin(V1_7, ACC_PUBLIC, "dev/Literal", OBJECT);
        MethodVisitor mv = method(cw, ACC_STATIC, "types", "()V");
        mv.visitFieldInsn(GETSTATIC, "java/lang/Integer", "TYPE", "Ljava/lang/Class;");
        mv.visitFieldInsn(GETSTATIC, "java/lang/Long", "TYPE", "Ljava/lang/Class;");
        mv.visitInsn(RETURN);
        end(mv);

        PortabilityReport report = new PortabilityChecker(list).check(Map.of("dev/Literal", cw.toByteArray()));

        assertEquals(1, report.excused().size(), report.describe());
        assertEquals(1, report.violations().size(), report.describe());
        assertEquals("java/lang/Long#TYPE", report.violations().get(0).detail());
        assertEquals(1, report.unusedExemptions().size());
        assertEquals(6, report.unusedExemptions().get(0).line());
    }

    @Test
    void an_allow_list_line_it_cannot_read_is_refused_with_its_number() {
        IllegalArgumentException noWhy = assertThrows(IllegalArgumentException.class,
            () -> AllowList.parse(new StringReader("java/lang/Object\nexception a/B API")));
        assertTrue(noWhy.getMessage().startsWith("line 2"), noWhy.getMessage());
        assertThrows(IllegalArgumentException.class,
            () -> AllowList.parse(new StringReader("exception a/B NOT_A_RULE -- x")));
        assertThrows(IllegalArgumentException.class, () -> AllowList.parse(new StringReader("java.lang.Object")));
    }

    // ---- helpers

    private PortabilityReport check(String name, ClassWriter cw) {
        cw.visitEnd();
        return checker.check(Map.of(name, cw.toByteArray()));
    }

    private static Set<Rule> rules(PortabilityReport report) {
        return rules(report.violations());
    }

    private static Set<Rule> rules(List<Violation> violations) {
        Set<Rule> rules = new TreeSet<>();
        for (Violation v : violations) {
            rules.add(v.rule());
        }
        return rules;
    }

    private static ClassWriter begin(int version, int access, String name, String superName) {
        ClassWriter cw = new ClassWriter(ClassWriter.COMPUTE_MAXS);
        cw.visit(version, access, name, null, superName, null);
        return cw;
    }

    private static MethodVisitor method(ClassWriter cw, int access, String name, String desc) {
        MethodVisitor mv = cw.visitMethod(access, name, desc, null, null);
        mv.visitCode();
        return mv;
    }

    private static void end(MethodVisitor mv) {
        mv.visitMaxs(0, 0);
        mv.visitEnd();
    }

    /** Compiles one source file in memory with javac {@code --release}. */
    private static Map<String, byte[]> compile(String className, String source, String release) {
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        Map<String, java.io.ByteArrayOutputStream> outputs = new HashMap<>();
        StandardJavaFileManager std = javac.getStandardFileManager(null, null, null);
        javax.tools.JavaFileManager fm = new javax.tools.ForwardingJavaFileManager<>(std) {
            @Override
            public JavaFileObject getJavaFileForOutput(Location location, String name, JavaFileObject.Kind kind,
                                                       javax.tools.FileObject sibling) {
                return new SimpleJavaFileObject(URI.create("mem:///" + name.replace('.', '/') + ".class"), kind) {
                    @Override
                    public java.io.OutputStream openOutputStream() {
                        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
                        outputs.put(name.replace('.', '/'), out);
                        return out;
                    }
                };
            }
        };
        JavaFileObject file = new SimpleJavaFileObject(
            URI.create("string:///" + className.replace('.', '/') + ".java"), JavaFileObject.Kind.SOURCE) {
            @Override
            public CharSequence getCharContent(boolean ignoreEncodingErrors) {
                return source;
            }
        };
        List<String> options = new ArrayList<>(List.of("--release", release, "-Xlint:-options"));
        assertTrue(javac.getTask(null, fm, null, options, null, List.of(file)).call(), "javac failed");
        Map<String, byte[]> classes = new HashMap<>();
        outputs.forEach((k, v) -> classes.put(k, v.toByteArray()));
        return classes;
    }
}
