package io.warren.codec;

/** A content header frame (type 2): the class, the total body size and the properties. */
public record ContentHeaderFrame(int channel, int classId, long bodySize, BasicProperties properties) implements Frame {}
