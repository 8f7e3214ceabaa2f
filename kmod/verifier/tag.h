/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _KBPF_VERIFIER_TAG_H
#define _KBPF_VERIFIER_TAG_H

#include "../prog/prog.h"

void kbpf_prog_calc_tag(struct kbpf_prog *prog);

#endif /* _KBPF_VERIFIER_TAG_H */
