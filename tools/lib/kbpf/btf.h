/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The minimal BTF that Linux wants for programs with callbacks
 * (BPF_PSEUDO_FUNC needs func_info, DESIGN §1): type 1 is "int", type 2
 * the prototype "int (void)", type 3 + k the static function "fk", one
 * per subprogram. kbpf has no BTF: against kbpf nothing is built.
 */
#ifndef KBPF_LIB_BTF_H
#define KBPF_LIB_BTF_H

#include "bpf.h"

#ifdef __cplusplus
extern "C" {
#endif

/* Subprograms a program may have for the helpers below. */
#define KBPF_MAX_SUBPROGS	64

/* One func_info record (struct bpf_func_info of uapi/linux/bpf.h). */
struct kbpf_func_info {
	__u32 insn_off;
	__u32 type_id;
};

/*
 * The subprograms' first instructions, sorted, as the verifier finds
 * them: 0, the targets of pseudo calls and of callback loads (at most
 * @max). Returns their number; *callbacks (if non-NULL) tells whether
 * a callback load (BPF_PSEUDO_FUNC) was seen.
 */
__u32 kbpf_subprog_starts(const struct kbpf_insn *insns, __u32 cnt,
			  __u32 *starts, __u32 max, bool *callbacks);

/*
 * Write the BTF blob with @nr_funcs functions into @buf (@size bytes).
 * Returns its length, or -E2BIG when @buf is too small (nothing written
 * then; kbpf_btf_funcs_build(NULL, 0, n) asks for the length).
 */
int kbpf_btf_funcs_build(void *buf, size_t size, __u32 nr_funcs);
/* BTF_LOAD of that blob on the current target; the BTF fd or -errno. */
int kbpf_btf_funcs_load(__u32 nr_funcs, struct kbpf_btf_load_opts *opts);

/*
 * Give a program load Linux's func_info when it needs it: on the Linux
 * target, for a program with a callback load, loads the BTF and sets
 * @opts->prog_btf_fd and the func_info fields (records in @finfo, room
 * for KBPF_MAX_SUBPROGS). Returns the BTF fd to close after the load, 0
 * when nothing was needed (kbpf, no callbacks), or a negative errno.
 * @btf_opts: for the BTF_LOAD (its log), may be NULL.
 */
int kbpf_prog_func_info(const struct kbpf_insn *insns, __u32 cnt,
			struct kbpf_prog_load_opts *opts,
			struct kbpf_func_info *finfo,
			struct kbpf_btf_load_opts *btf_opts);

/*
 * The same for every program on the Linux target, callbacks or not (a
 * subprogram's tail call wants func_info too).
 */
int kbpf_prog_func_info_always(const struct kbpf_insn *insns, __u32 cnt,
			       struct kbpf_prog_load_opts *opts,
			       struct kbpf_func_info *finfo,
			       struct kbpf_btf_load_opts *btf_opts);

#ifdef __cplusplus
}
#endif

#endif /* KBPF_LIB_BTF_H */
