package io.dynakey.devicetools.portability;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.ConstantDynamic;
import org.objectweb.asm.Handle;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.Type;
import org.objectweb.asm.tree.AbstractInsnNode;
import org.objectweb.asm.tree.ClassNode;
import org.objectweb.asm.tree.FieldInsnNode;
import org.objectweb.asm.tree.FieldNode;
import org.objectweb.asm.tree.InvokeDynamicInsnNode;
import org.objectweb.asm.tree.LdcInsnNode;
import org.objectweb.asm.tree.MethodInsnNode;
import org.objectweb.asm.tree.MethodNode;
import org.objectweb.asm.tree.MultiANewArrayInsnNode;
import org.objectweb.asm.tree.TryCatchBlockNode;
import org.objectweb.asm.tree.TypeInsnNode;

/**
 * Checks compiled classes against the device discipline ({@link Rule}) and an {@link AllowList}.
 *
 * <p>The classes given to {@link #check} are "ours" (checked, and free to reference each other);
 * every class they reference that is not among them is JDK API and must be allowed. A member
 * reached through one of our classes but declared in a JDK superclass is checked against that
 * superclass. Reference fields are counted over the superclass chain as far as it runs through
 * the given classes. Violations that an exemption of the allow-list covers are reported apart.
 */
public final class PortabilityChecker {

    /** Highest class file major version allowed (Java 7). */
    public static final int MAX_MAJOR = 51;
    /** Most reference instance fields per class, superclasses included. */
    public static final int MAX_REFERENCE_FIELDS = 31;

    private static final Set<String> WRAPPERS = Set.of("java/lang/Boolean", "java/lang/Byte",
        "java/lang/Character", "java/lang/Short", "java/lang/Integer", "java/lang/Long",
        "java/lang/Float", "java/lang/Double", "java/lang/Void");

    /** Package (internal-name prefix) of the HAL interfaces: {@code io/dynakey/device/hal/}. */
    public static final String HAL_PACKAGE = "io/dynakey/device/hal/";
    /** Most parameters of a HAL method (MicroEJ SNI). */
    public static final int MAX_HAL_PARAMETERS = 15;

    private final AllowList allowList;
    private final String halPackage;

    /** A checker with the device's HAL package. */
    public PortabilityChecker(AllowList allowList) {
        this(allowList, HAL_PACKAGE);
    }

    /** A checker whose HAL interfaces are the interfaces under {@code halPackage} (internal-name prefix). */
    public PortabilityChecker(AllowList allowList, String halPackage) {
        this.allowList = allowList;
        this.halPackage = halPackage;
    }

    /** Checks every class of {@code classes} (internal name to class-file bytes). */
    public PortabilityReport check(Map<String, byte[]> classes) {
        Map<String, ClassNode> nodes = new HashMap<>();
        for (Map.Entry<String, byte[]> e : classes.entrySet()) {
            ClassNode node = new ClassNode();
            new ClassReader(e.getValue()).accept(node, ClassReader.SKIP_FRAMES);
            nodes.put(node.name, node);
        }
        List<Violation> all = new ArrayList<>();
        for (String name : new java.util.TreeSet<>(nodes.keySet())) {
            new ClassCheck(nodes.get(name), nodes, all).run();
        }
        List<Violation> violations = new ArrayList<>();
        List<Violation> excused = new ArrayList<>();
        Set<AllowList.Exemption> used = new LinkedHashSet<>();
        for (Violation v : all) {
            AllowList.Exemption ex = exemptionFor(v);
            if (ex == null) {
                violations.add(v);
            } else {
                excused.add(v);
                used.add(ex);
            }
        }
        List<AllowList.Exemption> unused = new ArrayList<>(allowList.exemptions());
        unused.removeAll(used);
        return new PortabilityReport(nodes.size(), violations, excused, unused);
    }

    private AllowList.Exemption exemptionFor(Violation v) {
        for (AllowList.Exemption ex : allowList.exemptions()) {
            if (ex.covers(v)) {
                return ex;
            }
        }
        return null;
    }

    /** The checks of one class; collects every violation once per (rule, place, detail). */
    private final class ClassCheck {
        private final ClassNode cls;
        private final Map<String, ClassNode> ours;
        private final List<Violation> out;
        private final Set<String> seen = new LinkedHashSet<>();
        private String where = "class";

        ClassCheck(ClassNode cls, Map<String, ClassNode> ours, List<Violation> out) {
            this.cls = cls;
            this.ours = ours;
            this.out = out;
        }

        void run() {
            int major = cls.version & 0xFFFF;
            if (major > MAX_MAJOR) {
                report(Rule.CLASS_VERSION, "major " + major);
            }
            type(cls.superName);
            for (String i : cls.interfaces) {
                type(i);
            }
            int refs = referenceFields(cls.name);
            if (refs > MAX_REFERENCE_FIELDS) {
                report(Rule.REFERENCE_FIELDS, refs + " reference instance fields");
            }
            for (FieldNode f : cls.fields) {
                where = "field " + f.name;
                descriptor(f.desc);
            }
            for (MethodNode m : cls.methods) {
                where = m.name + m.desc;
                method(m);
            }
        }

        private void method(MethodNode m) {
            boolean isInterface = (cls.access & Opcodes.ACC_INTERFACE) != 0;
            if (isInterface && !m.name.equals("<clinit>") && (m.access & Opcodes.ACC_ABSTRACT) == 0) {
                report(Rule.INTERFACE_METHOD, (m.access & Opcodes.ACC_STATIC) != 0 ? "static method"
                    : (m.access & Opcodes.ACC_PRIVATE) != 0 ? "private method" : "default method");
            }
            if (isInterface && cls.name.startsWith(halPackage) && (m.access & Opcodes.ACC_ABSTRACT) != 0) {
                halSignature(m);
            }
            descriptor(m.desc);
            if (m.exceptions != null) {
                for (String e : m.exceptions) {
                    type(e);
                }
            }
            for (TryCatchBlockNode tc : m.tryCatchBlocks) {
                if (tc.type != null) {
                    type(tc.type);
                }
            }
            for (AbstractInsnNode insn : m.instructions) {
                instruction(insn);
            }
        }

        private void halSignature(MethodNode m) {
            Type[] args = Type.getArgumentTypes(m.desc);
            if (args.length > MAX_HAL_PARAMETERS) {
                report(Rule.HAL_SIGNATURE, args.length + " parameters");
            }
            for (Type a : args) {
                if (!snIType(a)) {
                    report(Rule.HAL_SIGNATURE, "parameter " + a.getDescriptor());
                }
            }
            Type r = Type.getReturnType(m.desc);
            if (r.getSort() != Type.VOID && !snIType(r)) {
                report(Rule.HAL_SIGNATURE, "result " + r.getDescriptor());
            }
        }

        private boolean snIType(Type t) {
            if (t.getSort() == Type.ARRAY) {
                return t.getDimensions() == 1 && t.getElementType().getSort() < Type.ARRAY;
            }
            return t.getSort() < Type.ARRAY;
        }

        private void instruction(AbstractInsnNode insn) {
            if (insn instanceof InvokeDynamicInsnNode indy) {
                report(Rule.INVOKEDYNAMIC, indy.name + indy.desc + " via " + indy.bsm.getOwner() + "#" + indy.bsm.getName());
            } else if (insn instanceof MethodInsnNode mi) {
                member(mi.owner, mi.name, mi.desc, true);
                descriptor(mi.desc);
            } else if (insn instanceof FieldInsnNode fi) {
                if (fi.getOpcode() == Opcodes.GETSTATIC && fi.name.equals("TYPE") && WRAPPERS.contains(fi.owner)) {
                    report(Rule.PRIMITIVE_CLASS_LITERAL, fi.owner + "#TYPE");
                } else {
                    member(fi.owner, fi.name, fi.desc, false);
                }
                descriptor(fi.desc);
            } else if (insn instanceof TypeInsnNode ti) {
                type(ti.desc);
            } else if (insn instanceof MultiANewArrayInsnNode ma) {
                descriptor(ma.desc);
            } else if (insn instanceof LdcInsnNode ldc) {
                if (ldc.cst instanceof Type t) {
                    descriptor(t.getSort() == Type.METHOD ? t.getDescriptor() : t.getDescriptor());
                    if (t.getSort() == Type.METHOD) {
                        report(Rule.INVOKEDYNAMIC, "method type constant " + t.getDescriptor());
                    }
                } else if (ldc.cst instanceof Handle h) {
                    report(Rule.INVOKEDYNAMIC, "method handle constant " + h.getOwner() + "#" + h.getName());
                } else if (ldc.cst instanceof ConstantDynamic cd) {
                    report(Rule.INVOKEDYNAMIC, "dynamic constant " + cd.getName());
                }
            }
        }

        private void descriptor(String desc) {
            Type t = Type.getType(desc);
            if (t.getSort() == Type.METHOD) {
                for (Type a : t.getArgumentTypes()) {
                    typeOf(a);
                }
                typeOf(t.getReturnType());
            } else {
                typeOf(t);
            }
        }

        private void typeOf(Type t) {
            if (t.getSort() == Type.ARRAY) {
                typeOf(t.getElementType());
            } else if (t.getSort() == Type.OBJECT) {
                type(t.getInternalName());
            }
        }

        /** A class name or, for TypeInsn, possibly an array descriptor. */
        private void type(String name) {
            if (name == null) {
                return;
            }
            if (name.startsWith("[")) {
                descriptor(name);
                return;
            }
            if (!ours.containsKey(name) && !allowList.allowsType(name)) {
                report(Rule.API, name);
            }
        }

        private void member(String owner, String name, String desc, boolean isMethod) {
            if (owner.startsWith("[")) {
                descriptor(owner);
                return;
            }
            type(owner);
            String jdkOwner = owner;
            if (ours.containsKey(owner)) {
                jdkOwner = firstJdkDeclarer(owner, name, desc, isMethod);
                if (jdkOwner == null) {
                    return;
                }
            }
            if (!allowList.allowsType(jdkOwner)) {
                return; // the type itself is already reported
            }
            String declarer = jdkDeclarer(jdkOwner, name, isMethod);
            boolean denied = allowList.denies(jdkOwner, name) || allowList.denies(declarer, name);
            if (denied || !(allowList.allowsMember(jdkOwner, name) || allowList.allowsMember(declarer, name))) {
                report(Rule.API, jdkOwner + "#" + name + desc);
            }
        }

        /**
         * For a member used through one of our classes: null when one of our classes declares it,
         * else the first JDK class up the superclass chain (interfaces are not followed).
         */
        private String firstJdkDeclarer(String owner, String name, String desc, boolean isMethod) {
            String c = owner;
            while (c != null && ours.containsKey(c)) {
                ClassNode n = ours.get(c);
                if (isMethod ? declaresMethod(n, name, desc) : declaresField(n, name)) {
                    return null;
                }
                for (String i : n.interfaces) {
                    if (ours.containsKey(i) && isMethod && declaresMethod(ours.get(i), name, desc)) {
                        return null;
                    }
                }
                c = n.superName;
            }
            return c;
        }

        private int referenceFields(String name) {
            int count = 0;
            for (String c = name; c != null && ours.containsKey(c); c = ours.get(c).superName) {
                for (FieldNode f : ours.get(c).fields) {
                    if ((f.access & Opcodes.ACC_STATIC) == 0 && (f.desc.startsWith("L") || f.desc.startsWith("["))) {
                        count++;
                    }
                }
            }
            return count;
        }

        private void report(Rule rule, String detail) {
            String place = rule == Rule.API ? "" : where;
            if (seen.add(rule + "|" + place + "|" + detail)) {
                out.add(new Violation(rule, cls.name, rule == Rule.API ? firstPlace(detail) : where, detail));
            }
        }

        private final Map<String, String> firstPlaces = new HashMap<>();

        private String firstPlace(String detail) {
            return firstPlaces.computeIfAbsent(detail, d -> where);
        }
    }

    /**
     * The JDK class, up from {@code owner}, that declares a member of that name (looked up in the
     * host JDK); {@code owner} itself when none is found.
     */
    private static String jdkDeclarer(String owner, String name, boolean isMethod) {
        try {
            Class<?> k = Class.forName(owner.replace('/', '.'), false, ClassLoader.getPlatformClassLoader());
            for (Class<?> c = k; c != null; c = c.getSuperclass()) {
                if (declares(c, name, isMethod)) {
                    return c.getName().replace('.', '/');
                }
            }
            for (Class<?> i : k.getInterfaces()) {
                if (declares(i, name, isMethod)) {
                    return i.getName().replace('.', '/');
                }
            }
        } catch (ClassNotFoundException | LinkageError e) {
            return owner;
        }
        return owner;
    }

    private static boolean declares(Class<?> c, String name, boolean isMethod) {
        if (isMethod) {
            if (name.equals("<init>")) {
                return true;
            }
            for (java.lang.reflect.Method m : c.getDeclaredMethods()) {
                if (m.getName().equals(name)) {
                    return true;
                }
            }
            return false;
        }
        for (java.lang.reflect.Field f : c.getDeclaredFields()) {
            if (f.getName().equals(name)) {
                return true;
            }
        }
        return false;
    }

    private static boolean declaresMethod(ClassNode n, String name, String desc) {
        for (MethodNode m : n.methods) {
            if (m.name.equals(name) && m.desc.equals(desc)) {
                return true;
            }
        }
        return false;
    }

    private static boolean declaresField(ClassNode n, String name) {
        for (FieldNode f : n.fields) {
            if (f.name.equals(name)) {
                return true;
            }
        }
        return false;
    }
}
