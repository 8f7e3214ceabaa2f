/* SPDX-License-Identifier: GPL-2.0 */
/*
 * libkbpf: the user-space library of kbpf, every name in the kbpf_
 * namespace so that it links beside libbpf.
 *   bpf.h      libbpf-shaped low-level API, the target switch
 *              (/dev/kbpf or Linux's bpf(2))
 *   btf.h      the minimal BTF Linux wants for callbacks
 *   asm.h      instruction initializers and the label assembler
 *   ringbuf.h  ring buffer consumer, user ring buffer producer
 * Build: make -C tools/lib/kbpf [O=DIR] gives libkbpf.a, libkbpf.so and
 * libkbpf.pc (pkg-config).
 */
#ifndef KBPF_LIB_KBPF_H
#define KBPF_LIB_KBPF_H

#include "bpf.h"
#include "btf.h"
#include "asm.h"
#include "ringbuf.h"

#endif /* KBPF_LIB_KBPF_H */
