/**
 * Reading the ELF shared objects this library uploads: class, data encoding, machine, the GNU
 * Build-ID note and the exported dynamic function symbols.
 *
 * <p>Two readers share one note walker ({@link BuildIdNotes}): {@link ElfReader} is strict and
 * refuses any header, segment or table that does not fit the image with an {@link
 * ElfFormatException} naming the offset; the fingerprint rule of PROTOCOL §5 is lenient and falls
 * back silently, because the device computes the same lenient function and both must agree bit for
 * bit. Every read is bounds-checked against the image before it happens, so malformed input can
 * neither index out of bounds nor make the reader allocate more than the image holds.
 *
 * <p>A hand-written reader rather than a library: the libraries on Maven Central that parse ELF
 * read eagerly into arrays sized by header counts and throw unchecked exceptions of their own on
 * malformed input, and none reads the dynamic symbol table the way the dynamic loader does.
 */
@NullMarked
package io.github.aicpulaunch.domain.elf;

import org.jspecify.annotations.NullMarked;
