package io.warren.codec;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.lang.reflect.RecordComponent;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/** Checks the generated method records (and the hand-written properties) against the spec JSON. */
class SpecConformanceTest {
    private static final Spec SPEC = Spec.load();

    private static final Map<String, String> JAVA_TYPES = Map.of(
            "octet", "int", "short", "int", "long", "long", "longlong", "long", "bit", "boolean",
            "shortstr", "java.lang.String", "longstr", "io.warren.codec.LongString",
            "table", "java.util.Map<java.lang.String, java.lang.Object>", "timestamp", "java.time.Instant");

    @Test
    void specIsTheOneTheCodecImplements() {
        assertEquals("AMQP", SPEC.root.get("name").asText());
        assertEquals(0, SPEC.root.get("major-version").asInt());
        assertEquals(9, SPEC.root.get("minor-version").asInt());
        assertEquals(1, SPEC.root.get("revision").asInt());
        assertEquals(8, SPEC.classes.size(), "classes: " + SPEC.classes);
        assertEquals(66, SPEC.methods().size());
    }

    @TestFactory
    Stream<DynamicTest> everyMethodHasAConformingRecord() {
        return SPEC.methods().stream().map(m -> DynamicTest.dynamicTest(m.protocolName(), () -> checkMethod(m)));
    }

    private static void checkMethod(Spec.MethodDef m) throws Exception {
        Class<?> iface = Class.forName("io.warren.codec." + m.owner().interfaceName());
        Class<?> type = m.recordClass();
        assertTrue(type.isRecord(), type + " is a record");
        assertTrue(Modifier.isPublic(type.getModifiers()), type + " is public");
        assertTrue(iface.isAssignableFrom(type), type + " implements " + iface);
        assertEquals(m.id(), type.getField("METHOD_ID").getInt(null), "METHOD_ID");

        // Components: camelCase names and Java types, in spec order.
        RecordComponent[] components = type.getRecordComponents();
        List<String> expectedNames = m.arguments().stream().map(Spec.Argument::javaName).toList();
        List<String> actualNames = Arrays.stream(components).map(RecordComponent::getName).toList();
        assertEquals(expectedNames, actualNames, "component names of " + m);
        for (int i = 0; i < components.length; i++) {
            Spec.Argument arg = m.arguments().get(i);
            String expected = JAVA_TYPES.get(arg.type());
            assertNotNull(expected, "spec type " + arg.type() + " of " + m + "." + arg.name() + " is a primitive type");
            assertEquals(expected, components[i].getGenericType().getTypeName(), "type of " + m + "." + arg.name() + " (" + arg.type() + ")");
        }

        Method instance = TestSupport.defaultMethod(type);
        assertEquals(m.owner().id(), instance.protocolClassId(), "classId");
        assertEquals(m.id(), instance.protocolMethodId(), "methodId");
        assertEquals(m.protocolName(), instance.protocolName(), "protocolName");
        assertEquals(m.content(), instance.hasContent(), "hasContent");
        assertEquals(m.synchronous(), instance.synchronous(), "synchronous");

        // The decoder table maps the ids to this record.
        ByteBuf args = Unpooled.buffer();
        try {
            instance.encodeArguments(args);
            Method decoded = MethodDecoders.decode(m.owner().id(), m.id(), args);
            assertInstanceOf(type, decoded);
            assertEquals(instance, decoded);
            assertFalse(args.isReadable(), "decoder read every argument byte");
        } finally {
            args.release();
        }
    }

    @TestFactory
    Stream<DynamicTest> everyClassHasASealedInterfaceWithItsMethods() {
        return SPEC.classes.stream().map(c -> DynamicTest.dynamicTest(c.name(), () -> {
            Class<?> iface = Class.forName("io.warren.codec." + c.interfaceName());
            assertTrue(iface.isInterface() && iface.isSealed(), iface + " is a sealed interface");
            assertTrue(Method.class.isAssignableFrom(iface));
            assertEquals(c.id(), iface.getField("CLASS_ID").getInt(null), "CLASS_ID");
            List<Class<?>> expected = c.methods().stream().<Class<?>>map(Spec.MethodDef::recordClass).toList();
            assertEquals(expected, Arrays.asList(iface.getPermittedSubclasses()), "permitted records, in spec order");
        }));
    }

    @Test
    void methodPermitsExactlyTheSpecClasses() {
        Set<String> expected = new LinkedHashSet<>();
        for (Spec.SpecClass c : SPEC.classes) expected.add("io.warren.codec." + c.interfaceName());
        Set<String> actual = new LinkedHashSet<>();
        for (Class<?> c : Method.class.getPermittedSubclasses()) actual.add(c.getName());
        assertEquals(expected, actual);
    }

    @Test
    void methodDecodersListsEveryMethodInSpecOrder() {
        List<String> expected = new ArrayList<>();
        for (Spec.MethodDef m : SPEC.methods()) expected.add(m.owner().id() + "/" + m.id());
        List<String> actual = Arrays.stream(MethodDecoders.ALL).map(p -> {
            assertEquals(2, p.length);
            return p[0] + "/" + p[1];
        }).toList();
        assertEquals(expected, actual);
        assertEquals(actual.size(), new LinkedHashSet<>(actual).size(), "no duplicates");
    }

    @Test
    void unknownIdsDecodeToNull() {
        ByteBuf empty = Unpooled.EMPTY_BUFFER;
        assertNull(MethodDecoders.decode(99, 10, empty));
        assertNull(MethodDecoders.decode(10, 99, empty));
        assertNull(MethodDecoders.decode(40, 41, empty)); // exchange.unbind-ok is 51, not 41
        assertNull(MethodDecoders.decode(0, 0, empty));
    }

    @Test
    void basicPropertiesFollowTheSpecProperties() {
        List<Spec.Argument> properties = SPEC.specClass("basic").properties();
        assertEquals(14, properties.size());
        RecordComponent[] components = BasicProperties.class.getRecordComponents();
        assertEquals(properties.stream().map(Spec.Argument::javaName).toList(),
                Arrays.stream(components).map(RecordComponent::getName).toList());
        Map<String, String> boxed = Map.of("shortstr", "java.lang.String", "octet", "java.lang.Integer",
                "table", "java.util.Map<java.lang.String, java.lang.Object>", "timestamp", "java.time.Instant");
        for (int i = 0; i < components.length; i++) {
            assertEquals(boxed.get(properties.get(i).type()), components[i].getGenericType().getTypeName(),
                    "type of property " + properties.get(i).name());
        }
    }

    @Test
    void basicPropertyFlagBitsFollowSpecOrder() throws Exception {
        RecordComponent[] components = BasicProperties.class.getRecordComponents();
        Object[] all = new Object[14];
        for (int i = 0; i < 14; i++) {
            Object[] args = new Object[14];
            Class<?> t = components[i].getType();
            args[i] = t == String.class ? "v" + i : t == Integer.class ? (Object) 7 : t == Map.class ? Map.of("k", 1) : Instant.ofEpochSecond(99);
            all[i] = args[i];
            BasicProperties p = BasicProperties.class.getDeclaredConstructor(
                    Arrays.stream(components).map(RecordComponent::getType).toArray(Class<?>[]::new)).newInstance(args);
            ByteBuf buf = Unpooled.buffer();
            try {
                p.encode(buf);
                assertEquals(1 << (15 - i), buf.getUnsignedShort(0), "flag of property " + components[i].getName());
                assertEquals(p, BasicProperties.decode(buf));
                assertFalse(buf.isReadable());
            } finally {
                buf.release();
            }
        }
    }

    @Test
    void constantsMatchTheSpec() throws Exception {
        for (JsonNode c : SPEC.root.get("constants")) {
            String name = c.get("name").asText();
            int value = c.get("value").asInt();
            switch (name) {
                case "FRAME-METHOD" -> assertEquals(value, Frame.TYPE_METHOD);
                case "FRAME-HEADER" -> assertEquals(value, Frame.TYPE_HEADER);
                case "FRAME-BODY" -> assertEquals(value, Frame.TYPE_BODY);
                case "FRAME-HEARTBEAT" -> assertEquals(value, Frame.TYPE_HEARTBEAT);
                case "FRAME-MIN-SIZE" -> assertEquals(value, Frame.MIN_FRAME_MAX);
                case "FRAME-END" -> assertEquals(value, Frame.FRAME_END);
                default -> {
                    String javaName = name.replace('-', '_').toUpperCase(Locale.ROOT);
                    Field f = ReplyCode.class.getField(javaName);
                    assertEquals(value, f.getInt(null), name);
                    assertEquals(javaName, ReplyCode.name(value), "ReplyCode.name(" + value + ")");
                    String cls = c.path("class").asText("");
                    if (!cls.isEmpty()) {
                        assertEquals(cls.equals("hard-error"), ReplyCode.isConnectionError(value), name + " is a " + cls);
                    }
                }
            }
        }
    }

    @Test
    void nullReferenceArgumentsDefaultToEmpty() {
        QueueMethod.Declare d = new QueueMethod.Declare(0, null, false, false, false, false, false, null);
        assertEquals("", d.queue());
        assertEquals(Map.of(), d.arguments());
        ConnectionMethod.Secure s = new ConnectionMethod.Secure(null);
        assertEquals(LongString.EMPTY, s.challenge());
        assertArrayEquals(new byte[0], s.challenge().bytes());
    }
}
