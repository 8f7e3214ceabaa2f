/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Short register names for instruction arrays written with asm.h: R0 to
 * R10. Not included by kbpf.h, since the names are short.
 */
#ifndef KBPF_LIB_ASM_REGS_H
#define KBPF_LIB_ASM_REGS_H

#include "asm.h"

#define R0	KBPF_REG_0
#define R1	KBPF_REG_1
#define R2	KBPF_REG_2
#define R3	KBPF_REG_3
#define R4	KBPF_REG_4
#define R5	KBPF_REG_5
#define R6	KBPF_REG_6
#define R7	KBPF_REG_7
#define R8	KBPF_REG_8
#define R9	KBPF_REG_9
#define R10	KBPF_REG_10

#endif /* KBPF_LIB_ASM_REGS_H */
