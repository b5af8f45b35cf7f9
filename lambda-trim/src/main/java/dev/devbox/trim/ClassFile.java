package dev.devbox.trim;

import java.util.HashSet;
import java.util.Set;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.ClassVisitor;
import org.objectweb.asm.ClassWriter;
import org.objectweb.asm.FieldVisitor;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.commons.ClassRemapper;
import org.objectweb.asm.commons.Remapper;

/** One class file of a jar, read with ASM: what it refers to, and a copy without some of its parts. */
final class ClassFile {
    /** Which members a copy keeps. */
    interface Members {
        Members ALL = (name, descriptor) -> true;

        boolean keeps(String name, String descriptor);
    }

    private final byte[] bytes;
    private final ClassReader reader;

    ClassFile(byte[] bytes) {
        this.bytes = bytes;
        this.reader = new ClassReader(bytes);
    }

    String name() {
        return reader.getClassName();
    }

    /** Every field and method, as {@link UsedMembers} names them: {@code name + descriptor}. */
    Set<String> members() {
        Set<String> names = new java.util.HashSet<>();
        reader.accept(new ClassVisitor(Opcodes.ASM9) {
            @Override
            public FieldVisitor visitField(int access, String name, String descriptor, String signature, Object value) {
                names.add(name + descriptor);
                return null;
            }

            @Override
            public MethodVisitor visitMethod(int access, String name, String descriptor, String signature,
                                             String[] exceptions) {
                names.add(name + descriptor);
                return null;
            }
        }, ClassReader.SKIP_CODE | ClassReader.SKIP_DEBUG | ClassReader.SKIP_FRAMES);
        return names;
    }

    byte[] bytes() {
        return bytes.clone();
    }

    /**
     * Every class the kept members (and the class itself: super types, annotations, signatures)
     * name, as the JVM would load or check them. The InnerClasses attribute is left out: it lists
     * nested classes that any code in the class mentioned, used or not, and the JVM reads it only
     * for reflection on nesting.
     */
    Set<String> references(Members members) {
        Set<String> names = new HashSet<>();
        Remapper collect = new Remapper() {
            @Override
            public String map(String internalName) {
                names.add(internalName);
                return internalName;
            }
        };
        // Filter first, then collect: a dropped member's types are no reference. The writer at the end
        // only makes the remapper visit code and annotations; its bytes are not used.
        reader.accept(new Without(new ClassRemapper(new ClassWriter(0), collect) {
            @Override
            public void visitInnerClass(String name, String outerName, String innerName, int access) {
                // Not a reference; see above.
            }
        }, members, Set.of()), 0);
        return names;
    }

    /**
     * The class without the members {@code members} drops, and without InnerClasses and
     * NestMembers entries of {@code removed} classes. Everything kept is copied as it is, stack
     * maps included, so kept code is byte for byte the original; an untouched class is the
     * original file.
     */
    byte[] without(Members members, Set<String> removed) {
        ClassWriter writer = new ClassWriter(0);
        Without copy = new Without(writer, members, removed);
        reader.accept(copy, 0);
        return copy.dropped ? writer.toByteArray() : bytes();
    }

    /** Drops what a copy leaves out, passing the rest on unchanged. */
    private static final class Without extends ClassVisitor {
        private final Members members;
        private final Set<String> removed;
        private boolean dropped;

        Without(ClassVisitor next, Members members, Set<String> removed) {
            super(Opcodes.ASM9, next);
            this.members = members;
            this.removed = removed;
        }

        @Override
        public FieldVisitor visitField(int access, String name, String descriptor, String signature, Object value) {
            if (members.keeps(name, descriptor)) {
                return super.visitField(access, name, descriptor, signature, value);
            }
            dropped = true;
            return null;
        }

        @Override
        public MethodVisitor visitMethod(int access, String name, String descriptor, String signature,
                                         String[] exceptions) {
            if (members.keeps(name, descriptor)) {
                return super.visitMethod(access, name, descriptor, signature, exceptions);
            }
            dropped = true;
            return null;
        }

        @Override
        public void visitInnerClass(String name, String outerName, String innerName, int access) {
            if (removed.contains(name)) {
                dropped = true;
            } else {
                super.visitInnerClass(name, outerName, innerName, access);
            }
        }

        @Override
        public void visitNestMember(String nestMember) {
            if (removed.contains(nestMember)) {
                dropped = true;
            } else {
                super.visitNestMember(nestMember);
            }
        }
    }
}
