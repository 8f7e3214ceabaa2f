/* SPDX-License-Identifier: GPL-2.0 */
/*
 * kernel.perf_event_paranoid and Linux 6.12's rules on it, as Debian
 * ships them (its level 3, CONFIG_SECURITY_PERF_EVENTS_RESTRICT, the
 * default there: perf_event_open(2) only for CAP_SYS_ADMIN).
 */
#ifndef _KBPF_LINK_PERF_PARANOID_H
#define _KBPF_LINK_PERF_PARANOID_H

/*
 * The sysctl's value now, read from init's root (the variable is not
 * exported): 3, the most restrictive, when it cannot be read. May sleep.
 */
int kbpf_perf_paranoid(void);

/*
 * kernel.perf_event_max_sample_rate now, read as above (the variable is
 * not exported, and perf lowers it at run time): 0 when it cannot be
 * read, so that every frequency is refused. May sleep.
 */
int kbpf_perf_max_sample_rate(void);

/*
 * Linux's perf_allow_kernel() at level @paranoid, without the LSM hook:
 * -EACCES above 1 without CAP_PERFMON.
 */
int kbpf_perf_allow_kernel(int paranoid);

#endif /* _KBPF_LINK_PERF_PARANOID_H */
