// SPDX-License-Identifier: GPL-2.0
/*
 * BPF_PROG_TEST_RUN: what every type shares, then the type's own run
 * (kmod/prog/types/), as Linux's bpf_prog_test_run().
 */

#include <linux/err.h>

#include "prog.h"
#include "type.h"

int kbpf_prog_test_run(union kbpf_attr *attr, union kbpf_attr __user *uattr)
{
	struct kbpf_prog *prog;
	int err;

	if (!attr->test.ctx_size_in != !attr->test.ctx_in ||
	    !attr->test.ctx_size_out != !attr->test.ctx_out)
		return -EINVAL;
	prog = kbpf_prog_get_fd(attr->test.prog_fd);
	if (IS_ERR(prog))
		return PTR_ERR(prog);
	err = prog->ops->test_run ? prog->ops->test_run(prog, attr, uattr) :
				    -ENOTSUPP;
	kbpf_prog_put(prog);
	return err;
}
