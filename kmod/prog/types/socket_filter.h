/* SPDX-License-Identifier: GPL-2.0 */
/*
 * BPF_PROG_TYPE_SOCKET_FILTER's ctx rewrite, for its KUnit suite.
 */
#ifndef _KBPF_PROG_TYPES_SOCKET_FILTER_H
#define _KBPF_PROG_TYPES_SOCKET_FILTER_H

#include <linux/types.h>

#include "../../cmd.h"

u32 kbpf_sk_filter_convert_ctx_access(const struct kbpf_insn *si,
				      struct kbpf_insn *buf, u32 *target_size);

#endif /* _KBPF_PROG_TYPES_SOCKET_FILTER_H */
