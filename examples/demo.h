/* SPDX-License-Identifier: GPL-2.0 */
/* What demo.c and demo.bpf.c exchange. */
#ifndef KBPF_EXAMPLES_DEMO_H
#define KBPF_EXAMPLES_DEMO_H

#define DEMO_MAX_REQUESTS	4

/* user -> program, through the user ring buffer */
struct demo_request {
	__u32 id;
	__u32 len;
	__u64 text;		/* a pointer into the sender's memory */
};

/* program -> user, through the ring buffer */
struct demo_reply {
	__u32 id;
	__s32 copied;		/* bpf_copy_from_user()'s return */
	__u64 run;		/* how many runs the pinned map has seen */
	char text[48];
};

#endif /* KBPF_EXAMPLES_DEMO_H */
