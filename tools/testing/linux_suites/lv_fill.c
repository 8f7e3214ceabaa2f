// SPDX-License-Identifier: GPL-2.0
/*
 * test_verifier.c's program generators, named by the tables' .fill_helper.
 * They are Linux's code, not table input: each leaves the case without a
 * program (prog_len 0), and lv_classify.c counts the case as not run.
 */
#include "lv_compat.h"

void bpf_fill_ld_abs_vlan_push_pop(struct bpf_test *self)
{
	self->prog_len = 0;
}

void bpf_fill_jump_around_ld_abs(struct bpf_test *self)
{
	self->prog_len = 0;
}

void bpf_fill_rand_ld_dw(struct bpf_test *self)
{
	self->prog_len = 0;
}

void bpf_fill_scale(struct bpf_test *self)
{
	self->prog_len = 0;
}

void bpf_fill_torturous_jumps(struct bpf_test *self)
{
	self->prog_len = 0;
}

void bpf_fill_big_prog_with_loop_1(struct bpf_test *self)
{
	self->prog_len = 0;
}
