// SPDX-License-Identifier: GPL-2.0
/*
 * The sleepable read-side flavour (sleepable.h), chosen at module load.
 */
#include <linux/module.h>
#include <linux/moduleparam.h>
#include <linux/srcu.h>

#include "compat.h"
#include "sleepable.h"

bool kbpf_sleepable_srcu;
EXPORT_SYMBOL_IF_KUNIT(kbpf_sleepable_srcu);
module_param_named(sleepable_srcu, kbpf_sleepable_srcu, bool, 0444);
MODULE_PARM_DESC(sleepable_srcu,
		 "protect sleepable programs with SRCU instead of RCU-tasks-trace (default 0)");

DEFINE_SRCU(kbpf_srcu);
EXPORT_SYMBOL_IF_KUNIT(kbpf_srcu);
