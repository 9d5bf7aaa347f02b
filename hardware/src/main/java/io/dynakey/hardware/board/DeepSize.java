package io.dynakey.hardware.board;

import java.lang.reflect.Array;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.ArrayDeque;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Set;

/**
 * Retained size of an object graph under a 32-bit object layout of the kind small JVMs use:
 * an 8-byte object header, 4-byte references, arrays with a 12-byte header, every object
 * aligned to 4 bytes. Deterministic (it counts, it does not sample the allocator). Host tool
 * only: it reads fields by reflection. Objects of {@code java.*} classes are counted shallowly.
 */
final class DeepSize {

    static final int OBJECT_HEADER = 8;
    static final int ARRAY_HEADER = 12;
    static final int REFERENCE = 4;

    private DeepSize() {
    }

    /** Bytes retained by the roots and everything they reach (each object once). */
    static long of(Object... roots) {
        Set<Object> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        ArrayDeque<Object> todo = new ArrayDeque<>();
        for (Object r : roots) {
            if (r != null) {
                todo.push(r);
            }
        }
        long total = 0;
        while (!todo.isEmpty()) {
            Object o = todo.pop();
            if (!seen.add(o)) {
                continue;
            }
            Class<?> c = o.getClass();
            if (c.isArray()) {
                int n = Array.getLength(o);
                Class<?> e = c.getComponentType();
                total += align(ARRAY_HEADER + (long) n * width(e));
                if (!e.isPrimitive()) {
                    for (int i = 0; i < n; i++) {
                        Object x = Array.get(o, i);
                        if (x != null) {
                            todo.push(x);
                        }
                    }
                }
                continue;
            }
            long size = OBJECT_HEADER;
            boolean deep = !c.getName().startsWith("java.");
            for (Class<?> k = c; k != null; k = k.getSuperclass()) {
                for (Field f : k.getDeclaredFields()) {
                    if (Modifier.isStatic(f.getModifiers())) {
                        continue;
                    }
                    size += width(f.getType());
                    if (deep && !f.getType().isPrimitive()) {
                        try {
                            f.setAccessible(true);
                            Object x = f.get(o);
                            if (x != null) {
                                todo.push(x);
                            }
                        } catch (ReflectiveOperationException | RuntimeException inaccessible) {
                            // counted shallowly
                        }
                    }
                }
            }
            total += align(size);
        }
        return total;
    }

    private static int width(Class<?> t) {
        if (!t.isPrimitive()) {
            return REFERENCE;
        }
        if (t == long.class || t == double.class) {
            return 8;
        }
        if (t == int.class || t == float.class) {
            return 4;
        }
        if (t == short.class || t == char.class) {
            return 2;
        }
        return 1;
    }

    private static long align(long n) {
        return (n + 3) & ~3L;
    }
}
