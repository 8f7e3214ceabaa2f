/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The tracepoint test module (tools/testing/tpmod/kbpf_tp_test.ko, added
 * to the guest's /root by the harness): load, unload and fire it, for
 * the raw tracepoint and the tracepoint perf-event selftests.
 */
#ifndef TP_MOD_H
#define TP_MOD_H

#include "kbpf_prog.h"

#define TP_MOD		"kbpf_tp_test"
#define TP_MOD_KO	"/root/" TP_MOD ".ko"
#define TP_MOD_FIRE	"/sys/module/" TP_MOD "/parameters/fire"
#define TP_MOD_FIRE_ODD	"/sys/module/" TP_MOD "/parameters/fire_odd"
#define TP_MOD_MAGIC	0x1122334455667788ULL

/* Loads the module (already loaded is fine); skips where it is absent. */
void tp_mod_load(void);
/* delete_module(O_NONBLOCK): 0, or -1 with errno (EWOULDBLOCK: in use). */
int tp_mod_unload(void);
/* Fires its tracepoint once with @h (the "fire" parameter). */
void tp_mod_fire(__u64 h);
/* Fires kbpf_tp_test_odd once with @n (the "fire_odd" parameter). */
void tp_mod_fire_odd(__u64 n);

#endif /* TP_MOD_H */
