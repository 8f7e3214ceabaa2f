/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _KBPF_UAPI_CHECK_H
#define _KBPF_UAPI_CHECK_H

/*
 * Holds the build-time checks of uapi/linux/kbpf.h against the kernel's
 * <uapi/linux/bpf.h>; does nothing at run time.
 */
void kbpf_uapi_check(void);

#endif /* _KBPF_UAPI_CHECK_H */
