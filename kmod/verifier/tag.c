// SPDX-License-Identifier: GPL-2.0
/*
 * A program's tag, as Linux computes it: the first 8 bytes of the SHA-1
 * of its instructions as loaded, with the imm of both halves of a map
 * ld_imm64 (KBPF_PSEUDO_MAP_FD or KBPF_PSEUDO_MAP_VALUE) taken as 0,
 * since fd numbers are not stable.
 */

#include <crypto/sha1.h>
#include <linux/kernel.h>
#include <linux/string.h>

#include "tag.h"

/* SHA-1 over a stream fed block by block, with the standard padding. */
struct kbpf_sha1 {
	u32 digest[SHA1_DIGEST_WORDS];
	u32 ws[SHA1_WORKSPACE_WORDS];
	u8 block[SHA1_BLOCK_SIZE];
	u32 fill;
	u64 total;
};

static void kbpf_sha1_update(struct kbpf_sha1 *s, const void *data, u32 len)
{
	const u8 *p = data;

	s->total += len;
	while (len) {
		u32 n = min(len, (u32)SHA1_BLOCK_SIZE - s->fill);

		memcpy(s->block + s->fill, p, n);
		s->fill += n;
		p += n;
		len -= n;
		if (s->fill == SHA1_BLOCK_SIZE) {
			sha1_transform(s->digest, (const char *)s->block, s->ws);
			s->fill = 0;
		}
	}
}

static void kbpf_sha1_final(struct kbpf_sha1 *s, u8 *out, u32 out_len)
{
	__be64 bits = cpu_to_be64(s->total << 3);
	static const u8 pad[SHA1_BLOCK_SIZE] = { 0x80 };
	u32 padlen, i;

	padlen = (s->fill < 56 ? 56 : 120) - s->fill;
	kbpf_sha1_update(s, pad, padlen);
	kbpf_sha1_update(s, &bits, sizeof(bits));
	for (i = 0; i < out_len; i++)
		out[i] = s->digest[i / 4] >> (24 - 8 * (i % 4));
}

void kbpf_prog_calc_tag(struct kbpf_prog *prog)
{
	struct kbpf_sha1 sha, *s = &sha;
	struct kbpf_insn insn;
	bool was_ld_map = false;
	u32 i;

	memset(s, 0, sizeof(*s));
	sha1_init(s->digest);
	for (i = 0; i < prog->len; i++) {
		insn = prog->insns[i];
		if (!was_ld_map &&
		    insn.code == (KBPF_LD | KBPF_IMM | KBPF_DW) &&
		    (insn.src_reg == KBPF_PSEUDO_MAP_FD ||
		     insn.src_reg == KBPF_PSEUDO_MAP_VALUE)) {
			was_ld_map = true;
			insn.imm = 0;
		} else if (was_ld_map && !insn.code && !insn.dst_reg &&
			   !insn.src_reg && !insn.off) {
			was_ld_map = false;
			insn.imm = 0;
		} else {
			was_ld_map = false;
		}
		kbpf_sha1_update(s, &insn, sizeof(insn));
	}
	kbpf_sha1_final(s, prog->tag, sizeof(prog->tag));
}
