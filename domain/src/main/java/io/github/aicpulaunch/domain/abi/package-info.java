/**
 * The byte layouts that cross the host/device boundary (PROTOCOL.md section 2), as immutable
 * records with pure little-endian encoders and decoders.
 *
 * <p>Every record has a {@code SIZE} constant, an {@code OFFSET_*} constant per field named after
 * the C field, a validating constructor, {@code encode()} (a fresh little-endian heap buffer), an
 * allocation-free {@code encodeInto(ByteBuffer)} for hot paths and a {@code decode(ByteBuffer)}.
 * The bytes are checked against golden files that a C program with {@code static_assert} on every
 * offset writes ({@code testdata/abi/}), so the Java offsets and the C compiler's cannot drift
 * apart unnoticed.
 *
 * <p>Buffer contract shared by all records: {@code encodeInto} writes exactly {@code SIZE} bytes
 * starting at the destination's position (zeroing padding and reserved bytes), advances the
 * position by {@code SIZE} and touches nothing outside that window; {@code decode} reads {@code
 * SIZE} bytes from the source's position and advances it by {@code SIZE} only on success. Both are
 * little-endian whatever the buffer's {@link java.nio.ByteOrder} and leave that order unchanged.
 * Buffers are not thread-safe; callers own them. The records themselves are immutable and
 * thread-safe.
 */
@NullMarked
package io.github.aicpulaunch.domain.abi;

import org.jspecify.annotations.NullMarked;
