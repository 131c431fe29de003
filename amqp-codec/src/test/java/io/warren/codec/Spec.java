package io.warren.codec;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The protocol definition the codec is generated from, read independently of the generator:
 * {@code spec/amqp-rabbitmq-0.9.1.json} relative to the module directory (Surefire's working dir).
 */
final class Spec {
    static final Path FILE = Path.of("spec", "amqp-rabbitmq-0.9.1.json");

    record Argument(String name, String type) {
        String javaName() { return camel(name, false); }
    }

    record MethodDef(SpecClass owner, String name, int id, boolean synchronous, boolean content, List<Argument> arguments) {
        String protocolName() { return owner.name() + "." + name; }
        String recordName() { return camel(name, true); }
        String binaryName() { return "io.warren.codec." + owner.interfaceName() + "$" + recordName(); }
        Class<?> recordClass() {
            try {
                return Class.forName(binaryName());
            } catch (ClassNotFoundException e) {
                throw new AssertionError("no record " + binaryName() + " for " + protocolName(), e);
            }
        }
        @Override public String toString() { return protocolName(); }
    }

    record SpecClass(String name, int id, List<MethodDef> methods, List<Argument> properties) {
        String interfaceName() { return camel(name, true) + "Method"; }
        @Override public String toString() { return name; }
    }

    final JsonNode root;
    final Map<String, String> domains = new HashMap<>();
    final List<SpecClass> classes = new ArrayList<>();

    private static Spec instance;

    static synchronized Spec load() {
        if (instance == null) instance = new Spec(FILE);
        return instance;
    }

    private Spec(Path file) {
        try {
            root = new ObjectMapper().readTree(Files.readString(file));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file.toAbsolutePath(), e);
        }
        for (JsonNode d : root.get("domains")) domains.put(d.get(0).asText(), d.get(1).asText());
        for (JsonNode c : root.get("classes")) {
            List<MethodDef> methods = new ArrayList<>();
            List<Argument> properties = new ArrayList<>();
            SpecClass cls = new SpecClass(c.get("name").asText(), c.get("id").asInt(), methods, properties);
            for (JsonNode m : c.get("methods")) {
                List<Argument> args = new ArrayList<>();
                for (JsonNode a : m.get("arguments")) args.add(argument(a));
                methods.add(new MethodDef(cls, m.get("name").asText(), m.get("id").asInt(),
                        m.path("synchronous").asBoolean(false), m.path("content").asBoolean(false), List.copyOf(args)));
            }
            if (c.has("properties")) for (JsonNode p : c.get("properties")) properties.add(argument(p));
            classes.add(cls);
        }
    }

    private Argument argument(JsonNode a) {
        String type = a.hasNonNull("type") ? a.get("type").asText() : a.get("domain").asText();
        return new Argument(a.get("name").asText(), resolve(type));
    }

    /** Follows domains down to one of the protocol's primitive types. */
    String resolve(String type) {
        String t = type;
        for (int i = 0; i < 16 && domains.containsKey(t) && !domains.get(t).equals(t); i++) t = domains.get(t);
        return t;
    }

    List<MethodDef> methods() {
        List<MethodDef> all = new ArrayList<>();
        for (SpecClass c : classes) all.addAll(c.methods());
        return all;
    }

    SpecClass specClass(String name) {
        return classes.stream().filter(c -> c.name().equals(name)).findFirst().orElseThrow();
    }

    static String camel(String name, boolean upper) {
        String[] parts = name.split("-");
        StringBuilder sb = new StringBuilder(parts[0]);
        for (int i = 1; i < parts.length; i++) {
            sb.append(Character.toUpperCase(parts[i].charAt(0))).append(parts[i].substring(1));
        }
        if (upper) sb.setCharAt(0, Character.toUpperCase(sb.charAt(0)));
        return sb.toString();
    }
}
