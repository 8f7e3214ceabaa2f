/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Every helper kbpf has, one KBPF_HELPER(name) line each: Linux's ID is
 * KBPF_FUNC_<name> and kbpf_<name>_proto holds the helper (helpers.h),
 * defined beside its function. The includer defines KBPF_HELPER();
 * helpers.h declares the protos from it, helpers.c builds the table.
 * Adding a helper: its proto in the file of its concern, a line here.
 */

/* helpers/map.c */
KBPF_HELPER(map_lookup_elem)
KBPF_HELPER(map_update_elem)
KBPF_HELPER(map_delete_elem)
KBPF_HELPER(for_each_map_elem)
/* map/prog_array.c */
KBPF_HELPER(tail_call)
/* helpers/time_ids.c */
KBPF_HELPER(ktime_get_ns)
KBPF_HELPER(ktime_get_boot_ns)
KBPF_HELPER(get_prandom_u32)
KBPF_HELPER(get_smp_processor_id)
KBPF_HELPER(get_numa_node_id)
KBPF_HELPER(get_current_pid_tgid)
KBPF_HELPER(get_current_uid_gid)
KBPF_HELPER(get_current_comm)
KBPF_HELPER(get_func_ip)
KBPF_HELPER(get_attach_cookie)
/* helpers/probe_read.c */
KBPF_HELPER(probe_read_kernel)
KBPF_HELPER(probe_read_kernel_str)
KBPF_HELPER(probe_read_user)
KBPF_HELPER(probe_read_user_str)
KBPF_HELPER(copy_from_user)
#ifdef CONFIG_ARCH_HAS_NON_OVERLAPPING_ADDRESS_SPACE
KBPF_HELPER(probe_read)
KBPF_HELPER(probe_read_str)
#endif
/* helpers/string.c */
KBPF_HELPER(strncmp)
/* helpers/loop.c */
KBPF_HELPER(loop)
/* trace.c, printf.c */
KBPF_HELPER(trace_printk)
KBPF_HELPER(snprintf)
/* map/ringbuf.c, map/user_ringbuf.c */
KBPF_HELPER(ringbuf_output)
KBPF_HELPER(ringbuf_reserve)
KBPF_HELPER(ringbuf_submit)
KBPF_HELPER(ringbuf_discard)
KBPF_HELPER(ringbuf_query)
KBPF_HELPER(ringbuf_reserve_dynptr)
KBPF_HELPER(ringbuf_submit_dynptr)
KBPF_HELPER(ringbuf_discard_dynptr)
KBPF_HELPER(user_ringbuf_drain)
/* dynptr.c */
KBPF_HELPER(dynptr_from_mem)
KBPF_HELPER(dynptr_read)
KBPF_HELPER(dynptr_write)
KBPF_HELPER(dynptr_data)
/* skb.c: the kernel's sk_buff exists only with networking */
#if IS_ENABLED(CONFIG_NET)
KBPF_HELPER(skb_load_bytes)
#endif
