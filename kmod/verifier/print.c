// SPDX-License-Identifier: GPL-2.0
/*
 * The verifier log's text: instructions as Linux's disassembler writes
 * them (kernel/bpf/disasm.c, with the verifier's callbacks), and the
 * registers and stack of a frame as Linux's print_verifier_state().
 *
 * Helpers are named from kbpf's helper table: only helpers kbpf knows
 * reach the walk, so the names match Linux's func_id_str[].
 * ld_imm64 prints the 64-bit immediate as the walk sees it: map pointers
 * (MAP_FD/MAP_IDX: the map, MAP_VALUE/MAP_IDX_VALUE: the value address)
 * only when pointers may leak, 0 otherwise; a callback's (PSEUDO_FUNC)
 * still holds its relative offset. That is Linux's verifier log exactly
 * (bpftool's "map[id:N]" comes from its own callback, not the kernel's).
 */

#include <linux/kernel.h>
#include <linux/limits.h>
#include <linux/string.h>

#include "../compat.h"
#include "../map/map.h"
#include "../prog/dynptr.h"
#include "../prog/helpers.h"
#include "env.h"

/* ---- instructions ---- */

static const char *const kbpf_alu_op_str[16] = {
	[KBPF_ADD >> 4] = "+=",
	[KBPF_SUB >> 4] = "-=",
	[KBPF_MUL >> 4] = "*=",
	[KBPF_DIV >> 4] = "/=",
	[KBPF_OR >> 4] = "|=",
	[KBPF_AND >> 4] = "&=",
	[KBPF_LSH >> 4] = "<<=",
	[KBPF_RSH >> 4] = ">>=",
	[KBPF_NEG >> 4] = "neg",
	[KBPF_MOD >> 4] = "%=",
	[KBPF_XOR >> 4] = "^=",
	[KBPF_MOV >> 4] = "=",
	[KBPF_ARSH >> 4] = "s>>=",
	[KBPF_END >> 4] = "endian",
};

static const char *const kbpf_atomic_op_str[16] = {
	[KBPF_ADD >> 4] = "add",
	[KBPF_AND >> 4] = "and",
	[KBPF_OR >> 4] = "or",
	[KBPF_XOR >> 4] = "xor",
};

static const char *const kbpf_jmp_op_str[16] = {
	[KBPF_JA >> 4] = "jmp",
	[KBPF_JEQ >> 4] = "==",
	[KBPF_JGT >> 4] = ">",
	[KBPF_JLT >> 4] = "<",
	[KBPF_JGE >> 4] = ">=",
	[KBPF_JLE >> 4] = "<=",
	[KBPF_JSET >> 4] = "&",
	[KBPF_JNE >> 4] = "!=",
	[KBPF_JSGT >> 4] = "s>",
	[KBPF_JSLT >> 4] = "s<",
	[KBPF_JSGE >> 4] = "s>=",
	[KBPF_JSLE >> 4] = "s<=",
	[KBPF_CALL >> 4] = "call",
	[KBPF_EXIT >> 4] = "exit",
};

/* By KBPF_SIZE() >> 3: W, H, B, DW. */
static const char *const kbpf_size_str[4] = { "u32", "u16", "u8", "u64" };
static const char *const kbpf_sx_size_str[4] = { "s32", "s16", "s8", "?" };

/* Opcode validation runs before any instruction is printed. */
static const char *kbpf_str(const char *const *table, u32 i)
{
	return table[i] ?: "?";
}

static const char *kbpf_ldst_size(u8 code)
{
	return kbpf_size_str[KBPF_SIZE(code) >> 3];
}

static int kbpf_format_alu(char *buf, size_t size,
			   const struct kbpf_insn *insn)
{
	bool is64 = KBPF_CLASS(insn->code) == KBPF_ALU64;
	char r = is64 ? 'r' : 'w';
	u8 op = KBPF_OP(insn->code);
	const char *op_str = kbpf_str(kbpf_alu_op_str, op >> 4);
	const char *cast = "";

	if (op == KBPF_END) {
		if (is64)
			return scnprintf(buf, size, "(%02x) r%d = bswap%d r%d\n",
					 insn->code, insn->dst_reg, insn->imm,
					 insn->dst_reg);
		return scnprintf(buf, size, "(%02x) r%d = %s%d r%d\n",
				 insn->code, insn->dst_reg,
				 KBPF_SRC(insn->code) == KBPF_TO_BE ? "be" : "le",
				 insn->imm, insn->dst_reg);
	}
	if (op == KBPF_NEG)
		return scnprintf(buf, size, "(%02x) %c%d = -%c%d\n", insn->code,
				 r, insn->dst_reg, r, insn->dst_reg);
	if ((op == KBPF_DIV || op == KBPF_MOD) && insn->off == 1)
		op_str = op == KBPF_DIV ? "s/=" : "s%=";
	if (KBPF_SRC(insn->code) == KBPF_K)
		return scnprintf(buf, size, "(%02x) %c%d %s %d\n", insn->code,
				 r, insn->dst_reg, op_str, insn->imm);
	if (op == KBPF_MOV) {
		switch (insn->off) {
		case 8:
			cast = "(s8)";
			break;
		case 16:
			cast = "(s16)";
			break;
		case 32:
			cast = "(s32)";
			break;
		}
	}
	return scnprintf(buf, size, "(%02x) %c%d %s %s%c%d\n", insn->code, r,
			 insn->dst_reg, op_str, cast, r, insn->src_reg);
}

static int kbpf_format_atomic(char *buf, size_t size,
			      const struct kbpf_insn *insn)
{
	const char *bits = KBPF_SIZE(insn->code) == KBPF_DW ? "64" : "";
	const char *sz = kbpf_ldst_size(insn->code);

	switch (insn->imm) {
	case KBPF_ADD:
	case KBPF_AND:
	case KBPF_OR:
	case KBPF_XOR:
		return scnprintf(buf, size, "(%02x) lock *(%s *)(r%d %+d) %s r%d\n",
				 insn->code, sz, insn->dst_reg, insn->off,
				 kbpf_str(kbpf_alu_op_str, insn->imm >> 4),
				 insn->src_reg);
	case KBPF_ADD | KBPF_FETCH:
	case KBPF_AND | KBPF_FETCH:
	case KBPF_OR | KBPF_FETCH:
	case KBPF_XOR | KBPF_FETCH:
		return scnprintf(buf, size,
				 "(%02x) r%d = atomic%s_fetch_%s((%s *)(r%d %+d), r%d)\n",
				 insn->code, insn->src_reg, bits,
				 kbpf_str(kbpf_atomic_op_str, insn->imm >> 4),
				 sz, insn->dst_reg, insn->off, insn->src_reg);
	case KBPF_CMPXCHG:
		return scnprintf(buf, size,
				 "(%02x) r0 = atomic%s_cmpxchg((%s *)(r%d %+d), r0, r%d)\n",
				 insn->code, bits, sz, insn->dst_reg,
				 insn->off, insn->src_reg);
	case KBPF_XCHG:
		return scnprintf(buf, size, "(%02x) r%d = atomic%s_xchg((%s *)(r%d %+d), r%d)\n",
				 insn->code, insn->src_reg, bits, sz,
				 insn->dst_reg, insn->off, insn->src_reg);
	default:
		return scnprintf(buf, size, "BUG_%02x\n", insn->code);
	}
}

static int kbpf_format_store(char *buf, size_t size,
			     const struct kbpf_insn *insn)
{
	u8 mode = KBPF_MODE(insn->code);

	if (KBPF_CLASS(insn->code) == KBPF_STX) {
		if (mode == KBPF_MEM)
			return scnprintf(buf, size, "(%02x) *(%s *)(r%d %+d) = r%d\n",
					 insn->code, kbpf_ldst_size(insn->code),
					 insn->dst_reg, insn->off,
					 insn->src_reg);
		if (mode == KBPF_ATOMIC)
			return kbpf_format_atomic(buf, size, insn);
		return scnprintf(buf, size, "BUG_%02x\n", insn->code);
	}
	if (mode == KBPF_MEM)
		return scnprintf(buf, size, "(%02x) *(%s *)(r%d %+d) = %d\n",
				 insn->code, kbpf_ldst_size(insn->code),
				 insn->dst_reg, insn->off, insn->imm);
	return scnprintf(buf, size, "BUG_st_%02x\n", insn->code);
}

/* ld_imm64 reads insn[1]: the caller checked that it exists. */
static int kbpf_format_load(char *buf, size_t size,
			    const struct kbpf_insn *insn, bool allow_ptr_leaks)
{
	u8 mode = KBPF_MODE(insn->code);
	u64 imm;

	if (KBPF_CLASS(insn->code) == KBPF_LDX) {
		if (mode != KBPF_MEM && mode != KBPF_MEMSX)
			return scnprintf(buf, size, "BUG_ldx_%02x\n", insn->code);
		return scnprintf(buf, size, "(%02x) r%d = *(%s *)(r%d %+d)\n",
				 insn->code, insn->dst_reg,
				 mode == KBPF_MEM ? kbpf_ldst_size(insn->code) :
				 kbpf_sx_size_str[KBPF_SIZE(insn->code) >> 3],
				 insn->src_reg, insn->off);
	}
	if (mode == KBPF_ABS)
		return scnprintf(buf, size, "(%02x) r0 = *(%s *)skb[%d]\n",
				 insn->code, kbpf_ldst_size(insn->code),
				 insn->imm);
	if (mode == KBPF_IND)
		return scnprintf(buf, size, "(%02x) r0 = *(%s *)skb[r%d + %d]\n",
				 insn->code, kbpf_ldst_size(insn->code),
				 insn->src_reg, insn->imm);
	if (mode != KBPF_IMM || KBPF_SIZE(insn->code) != KBPF_DW)
		return scnprintf(buf, size, "BUG_ld_%02x\n", insn->code);

	imm = (u64)(u32)insn[1].imm << 32 | (u32)insn[0].imm;
	switch (insn->src_reg) {
	case KBPF_PSEUDO_MAP_FD:
	case KBPF_PSEUDO_MAP_VALUE:
	case KBPF_PSEUDO_MAP_IDX:
	case KBPF_PSEUDO_MAP_IDX_VALUE:
	case KBPF_PSEUDO_BTF_ID:
		if (!allow_ptr_leaks)
			imm = 0;
		break;
	}
	return scnprintf(buf, size, "(%02x) r%d = 0x%llx\n", insn->code,
			 insn->dst_reg, imm);
}

static int kbpf_format_call(char *buf, size_t size,
			    const struct kbpf_insn *insn)
{
	const struct kbpf_helper_proto *proto;

	if (insn->src_reg == KBPF_PSEUDO_CALL)
		return scnprintf(buf, size, "(%02x) call pc%+d\n", insn->code,
				 insn->imm);
	proto = insn->src_reg ? NULL : kbpf_helper_proto(insn->imm);
	if (!proto)
		return scnprintf(buf, size, "(%02x) call unknown#%d\n",
				 insn->code, insn->imm);
	return scnprintf(buf, size, "(%02x) call bpf_%s#%d\n", insn->code,
			 proto->name, insn->imm);
}

static int kbpf_format_jmp(char *buf, size_t size,
			   const struct kbpf_insn *insn)
{
	char r = KBPF_CLASS(insn->code) == KBPF_JMP32 ? 'w' : 'r';
	const char *op_str = kbpf_str(kbpf_jmp_op_str, KBPF_OP(insn->code) >> 4);

	if (KBPF_OP(insn->code) == KBPF_CALL)
		return kbpf_format_call(buf, size, insn);
	if (insn->code == (KBPF_JMP | KBPF_JA))
		return scnprintf(buf, size, "(%02x) goto pc%+d\n", insn->code,
				 insn->off);
	if (insn->code == (KBPF_JMP32 | KBPF_JA))
		return scnprintf(buf, size, "(%02x) gotol pc%+d\n", insn->code,
				 insn->imm);
	if (insn->code == (KBPF_JMP | KBPF_EXIT))
		return scnprintf(buf, size, "(%02x) exit\n", insn->code);
	if (KBPF_SRC(insn->code) == KBPF_X)
		return scnprintf(buf, size, "(%02x) if %c%d %s %c%d goto pc%+d\n",
				 insn->code, r, insn->dst_reg, op_str, r,
				 insn->src_reg, insn->off);
	return scnprintf(buf, size, "(%02x) if %c%d %s 0x%x goto pc%+d\n",
			 insn->code, r, insn->dst_reg, op_str, insn->imm,
			 insn->off);
}

/*
 * "@idx: (code) text\n" into @buf; returns the length written. For an
 * ld_imm64, @insn[1] must be its second half.
 */
int kbpf_format_insn(char *buf, size_t size, const struct kbpf_insn *insn,
		     u32 idx, bool allow_ptr_leaks)
{
	int n = scnprintf(buf, size, "%u: ", idx);

	buf += n;
	size -= n;
	switch (KBPF_CLASS(insn->code)) {
	case KBPF_ALU:
	case KBPF_ALU64:
		return n + kbpf_format_alu(buf, size, insn);
	case KBPF_ST:
	case KBPF_STX:
		return n + kbpf_format_store(buf, size, insn);
	case KBPF_LD:
	case KBPF_LDX:
		return n + kbpf_format_load(buf, size, insn, allow_ptr_leaks);
	default:	/* KBPF_JMP, KBPF_JMP32 */
		return n + kbpf_format_jmp(buf, size, insn);
	}
}
EXPORT_SYMBOL_IF_KUNIT(kbpf_format_insn);

void kbpf_print_insn(struct kbpf_verifier_env *env, u32 idx)
{
	char line[128];

	if (!kbpf_log_enabled(&env->log))
		return;
	kbpf_format_insn(line, sizeof(line), &env->prog->insns[idx], idx,
			 env->allow_ptr_leaks);
	kbpf_verbose(env, "%s", line);
}

/* ---- register types ---- */

/* Indexed by the flags (KBPF_PTR_MAYBE_NULL, MEM_RDONLY, MEM_RINGBUF) >> 8. */
#define KBPF_TYPE_NAMES(base) {					\
	base, base "_or_null",						\
	"rdonly_" base, "rdonly_" base "_or_null",			\
	"ringbuf_" base, "ringbuf_" base "_or_null",			\
	"rdonly_ringbuf_" base, "rdonly_ringbuf_" base "_or_null",	\
}

static const char *const kbpf_reg_type_names[KBPF_REG_TYPE_CNT][8] = {
	[KBPF_NOT_INIT] = KBPF_TYPE_NAMES("?"),
	[KBPF_SCALAR_VALUE] = KBPF_TYPE_NAMES("scalar"),
	[KBPF_PTR_TO_CTX] = KBPF_TYPE_NAMES("ctx"),
	[KBPF_CONST_PTR_TO_MAP] = KBPF_TYPE_NAMES("map_ptr"),
	[KBPF_PTR_TO_MAP_VALUE] = KBPF_TYPE_NAMES("map_value"),
	[KBPF_PTR_TO_MAP_KEY] = KBPF_TYPE_NAMES("map_key"),
	[KBPF_PTR_TO_STACK] = KBPF_TYPE_NAMES("fp"),
	[KBPF_PTR_TO_MEM] = KBPF_TYPE_NAMES("mem"),
	[KBPF_PTR_TO_FUNC] = KBPF_TYPE_NAMES("func"),
	[KBPF_CONST_PTR_TO_DYNPTR] = KBPF_TYPE_NAMES("dynptr_ptr"),
};

#define KBPF_REG_FLAGS	(KBPF_PTR_MAYBE_NULL | KBPF_MEM_RDONLY | \
			 KBPF_MEM_RINGBUF)

const char *kbpf_reg_type_str(u32 type)
{
	u32 base = kbpf_base_type(type);

	BUILD_BUG_ON(KBPF_PTR_MAYBE_NULL >> 8 != 1 ||
		     KBPF_MEM_RDONLY >> 8 != 2 || KBPF_MEM_RINGBUF >> 8 != 4);
	if (base >= KBPF_REG_TYPE_CNT ||
	    (type & ~(KBPF_REG_BASE_MASK | KBPF_REG_FLAGS)))
		return "?";
	return kbpf_reg_type_names[base][(type & KBPF_REG_FLAGS) >> 8];
}
EXPORT_SYMBOL_IF_KUNIT(kbpf_reg_type_str);

/* ---- states ---- */

/* Text accumulated in a buffer; silently cut at its end. */
struct kbpf_pbuf {
	char *buf;
	size_t size;
	size_t len;
};

static __printf(2, 3) void kbpf_pb(struct kbpf_pbuf *pb, const char *fmt, ...)
{
	va_list args;

	va_start(args, fmt);
	pb->len += vscnprintf(pb->buf + pb->len, pb->size - pb->len, fmt, args);
	va_end(args);
}

/* Linux prints small numbers in decimal and the rest in hex. */
static bool kbpf_unum_decimal(u64 num)
{
	return num <= U16_MAX;
}

static bool kbpf_snum_decimal(s64 num)
{
	return num >= S16_MIN && num <= S16_MAX;
}

static void kbpf_pb_unum(struct kbpf_pbuf *pb, u64 num)
{
	if (kbpf_unum_decimal(num))
		kbpf_pb(pb, "%llu", num);
	else
		kbpf_pb(pb, "%#llx", num);
}

static void kbpf_pb_snum(struct kbpf_pbuf *pb, s64 num)
{
	if (kbpf_snum_decimal(num))
		kbpf_pb(pb, "%lld", num);
	else
		kbpf_pb(pb, "%#llx", num);
}

/* Appends ",name=" (or "name=" first): the list inside "type(...)". */
static void kbpf_pb_attr(struct kbpf_pbuf *pb, const char **sep,
			 const char *name)
{
	kbpf_pb(pb, "%s%s=", *sep, name);
	*sep = ",";
}

struct kbpf_bound {
	const char *name;
	u64 val;
	bool omit;
};

/*
 * The bounds that say something, with equal ones of the same sign
 * merged as "smax=umax=255". The 32-bit signed bounds are shown
 * zero-extended when they print in hex, so that hex never looks
 * sign-extended.
 */
static void kbpf_pb_bounds(struct kbpf_pbuf *pb, const char **sep,
			   const struct kbpf_reg_state *reg)
{
	s64 smin32 = reg->s32_min_value, smax32 = reg->s32_max_value;
	struct kbpf_bound b[] = {
		{ "smin", reg->smin_value, reg->smin_value == S64_MIN },
		{ "smax", reg->smax_value, reg->smax_value == S64_MAX },
		{ "umin", reg->umin_value, reg->umin_value == 0 },
		{ "umax", reg->umax_value, reg->umax_value == U64_MAX },
		{ "smin32", kbpf_snum_decimal(smin32) ? smin32 : (u32)smin32,
		  reg->s32_min_value == S32_MIN },
		{ "smax32", kbpf_snum_decimal(smax32) ? smax32 : (u32)smax32,
		  reg->s32_max_value == S32_MAX },
		{ "umin32", reg->u32_min_value, reg->u32_min_value == 0 },
		{ "umax32", reg->u32_max_value, reg->u32_max_value == U32_MAX },
	};
	u32 i, j;

	for (i = 0; i < ARRAY_SIZE(b); i++) {
		bool is_signed = b[i].name[0] == 's';
		bool neg = is_signed && (s64)b[i].val < 0;

		if (b[i].omit)
			continue;
		kbpf_pb_attr(pb, sep, b[i].name);
		/* Only min with min, max with max: every other entry. */
		for (j = i + 2; j < ARRAY_SIZE(b); j += 2) {
			bool neg_j = b[j].name[0] == 's' && (s64)b[j].val < 0;

			if (b[j].omit || b[j].val != b[i].val || neg_j != neg)
				continue;
			b[j].omit = true;
			kbpf_pb(pb, "%s=", b[j].name);
		}
		if (is_signed)
			kbpf_pb_snum(pb, b[i].val);
		else
			kbpf_pb_unum(pb, b[i].val);
	}
}

static const char *kbpf_dynptr_str(u8 type)
{
	switch (type) {
	case KBPF_DYNPTR_TYPE_LOCAL:
		return "local";
	case KBPF_DYNPTR_TYPE_RINGBUF:
		return "ringbuf";
	default:
		return "<invalid>";
	}
}

static bool kbpf_type_has_map(u32 type)
{
	switch (kbpf_base_type(type)) {
	case KBPF_CONST_PTR_TO_MAP:
	case KBPF_PTR_TO_MAP_KEY:
	case KBPF_PTR_TO_MAP_VALUE:
		return true;
	default:
		return false;
	}
}

/* The pointer's attributes and variable part, inside its parentheses. */
static void kbpf_pb_ptr_attrs(struct kbpf_pbuf *pb,
			      const struct kbpf_reg_state *reg)
{
	const struct kbpf_map *map = reg->map_ptr;
	const char *sep = "";

	if (reg->id) {
		kbpf_pb_attr(pb, &sep, "id");
		kbpf_pb(pb, "%u", reg->id);
	}
	if (reg->ref_obj_id) {
		kbpf_pb_attr(pb, &sep, "ref_obj_id");
		kbpf_pb(pb, "%u", reg->ref_obj_id);
	}
	if (kbpf_type_has_map(reg->type) && map) {
		if (map->name[0]) {
			kbpf_pb_attr(pb, &sep, "map");
			kbpf_pb(pb, "%s", map->name);
		}
		kbpf_pb_attr(pb, &sep, "ks");
		kbpf_pb(pb, "%u,vs=%u", map->key_size, map->value_size);
	}
	if (reg->type != KBPF_SCALAR_VALUE && reg->off) {
		kbpf_pb_attr(pb, &sep, "off");
		kbpf_pb_snum(pb, reg->off);
	}
	if (kbpf_base_type(reg->type) == KBPF_PTR_TO_MEM) {
		kbpf_pb_attr(pb, &sep, "sz");
		kbpf_pb_unum(pb, reg->mem_size);
	}
	if (reg->type == KBPF_CONST_PTR_TO_DYNPTR) {
		kbpf_pb_attr(pb, &sep, "type");
		kbpf_pb(pb, "%s", kbpf_dynptr_str(reg->dynptr.type));
	}
	if (kbpf_tnum_is_const(reg->var_off)) {
		if (reg->var_off.value) {
			kbpf_pb_attr(pb, &sep, "imm");
			kbpf_pb_snum(pb, reg->var_off.value);
		}
		return;
	}
	kbpf_pb_bounds(pb, &sep, reg);
	if (!kbpf_tnum_is_unknown(reg->var_off)) {
		kbpf_pb_attr(pb, &sep, "var_off");
		kbpf_pb(pb, "(%#llx; %#llx)", reg->var_off.value,
			reg->var_off.mask);
	}
}

/* @reg as Linux's print_reg_state(); @frame is the frame it is in. */
static void kbpf_pb_reg(struct kbpf_pbuf *pb,
			const struct kbpf_func_state *frame,
			const struct kbpf_reg_state *reg)
{
	if (kbpf_reg_is_const(reg)) {
		kbpf_pb_snum(pb, reg->var_off.value);
		return;
	}
	kbpf_pb(pb, "%s", kbpf_reg_type_str(reg->type));
	if (reg->type == KBPF_PTR_TO_STACK) {
		if (reg->frameno != frame->frameno)
			kbpf_pb(pb, "[%u]", reg->frameno);
		if (kbpf_tnum_is_const(reg->var_off)) {
			kbpf_pb_snum(pb, reg->var_off.value + reg->off);
			return;
		}
	}
	kbpf_pb(pb, "(");
	kbpf_pb_ptr_attrs(pb, reg);
	kbpf_pb(pb, ")");
}

static const char kbpf_stack_chars[] = {
	[KBPF_STACK_INVALID] = '?',
	[KBPF_STACK_SPILL] = 'r',
	[KBPF_STACK_MISC] = 'm',
	[KBPF_STACK_ZERO] = '0',
	[KBPF_STACK_DYNPTR] = 'd',
};

/*
 * One stack slot, " fp-8=mmmmmmmm", or nothing for an unwritten slot or
 * a dynptr's second slot. Linux lists a slot's bytes from its highest
 * address down, so type[] is written in reverse.
 */
static void kbpf_pb_slot(struct kbpf_pbuf *pb,
			 const struct kbpf_func_state *frame, u32 i)
{
	const struct kbpf_stack_slot *slot = &frame->stack[i];
	const struct kbpf_reg_state *reg = &slot->spilled;
	char types[KBPF_REG_SIZE + 1];
	bool valid = false;
	const char *sep = "";
	u32 j;
	u8 t;

	for (j = 0; j < KBPF_REG_SIZE; j++) {
		t = slot->type[KBPF_REG_SIZE - 1 - j];
		valid |= t != KBPF_STACK_INVALID;
		types[j] = t < ARRAY_SIZE(kbpf_stack_chars) ?
			   kbpf_stack_chars[t] : '?';
	}
	types[KBPF_REG_SIZE] = '\0';
	if (!valid)
		return;

	switch (slot->type[0]) {
	case KBPF_STACK_SPILL:
		/* Plain bytes above a narrower spill are shown before it. */
		for (j = 0; j < KBPF_REG_SIZE; j++)
			if (types[j] == kbpf_stack_chars[KBPF_STACK_SPILL])
				break;
		types[j] = '\0';
		kbpf_pb(pb, " fp%d=%s", -(int)(i + 1) * KBPF_REG_SIZE, types);
		kbpf_pb_reg(pb, frame, reg);
		return;
	case KBPF_STACK_DYNPTR:
		if (!reg->dynptr.first_slot)
			return;
		kbpf_pb(pb, " fp%d=dynptr_%s(", -(int)(i + 1) * KBPF_REG_SIZE,
			kbpf_dynptr_str(reg->dynptr.type));
		if (reg->id) {
			kbpf_pb_attr(pb, &sep, "id");
			kbpf_pb(pb, "%u", reg->id);
		}
		if (reg->ref_obj_id) {
			kbpf_pb_attr(pb, &sep, "ref_id");
			kbpf_pb(pb, "%u", reg->ref_obj_id);
		}
		kbpf_pb(pb, ")");
		return;
	default:
		kbpf_pb(pb, " fp%d=%s", -(int)(i + 1) * KBPF_REG_SIZE, types);
		return;
	}
}

typedef void (*kbpf_emit_fn)(void *ctx, const char *text);

/*
 * The frame's text, one register or slot at a time through @emit (the
 * whole of it may exceed a log line). @st, if not NULL, is the state
 * whose references are listed.
 */
static void kbpf_emit_frame(const struct kbpf_vstate *st,
			    const struct kbpf_func_state *frame,
			    kbpf_emit_fn emit, void *ctx)
{
	char text[384];
	struct kbpf_pbuf pb = { .buf = text, .size = sizeof(text) };
	u32 i;

	if (frame->frameno) {
		kbpf_pb(&pb, " frame%u:", frame->frameno);
		emit(ctx, text);
	}
	for (i = 0; i < KBPF_REG_CNT; i++) {
		if (frame->regs[i].type == KBPF_NOT_INIT)
			continue;
		pb.len = 0;
		kbpf_pb(&pb, " R%u=", i);
		kbpf_pb_reg(&pb, frame, &frame->regs[i]);
		emit(ctx, text);
	}
	for (i = 0; i < frame->stack_slots; i++) {
		pb.len = 0;
		text[0] = '\0';
		kbpf_pb_slot(&pb, frame, i);
		if (pb.len)
			emit(ctx, text);
	}
	pb.len = 0;
	if (st && st->ref_cnt) {
		kbpf_pb(&pb, " refs=%u", st->refs[0].id);
		for (i = 1; i < st->ref_cnt && i < KBPF_MAX_REFS; i++)
			kbpf_pb(&pb, ",%u", st->refs[i].id);
	}
	if (frame->in_callback)
		kbpf_pb(&pb, " cb");
	kbpf_pb(&pb, "\n");
	emit(ctx, text);
}

static void kbpf_emit_log(void *ctx, const char *text)
{
	kbpf_log(ctx, "%s", text);
}

static void kbpf_emit_buf(void *ctx, const char *text)
{
	struct kbpf_pbuf *pb = ctx;

	kbpf_pb(pb, "%s", text);
}

/* The references are the current path's when @frame is its top frame. */
void kbpf_print_frame(struct kbpf_verifier_env *env,
		      const struct kbpf_func_state *frame)
{
	const struct kbpf_vstate *st = env->cur;

	if (!kbpf_log_enabled(&env->log))
		return;
	if (st && kbpf_cur_frame(env->cur) != frame)
		st = NULL;
	kbpf_emit_frame(st, frame, kbpf_emit_log, &env->log);
}

int kbpf_format_frame(char *buf, size_t size, const struct kbpf_vstate *st,
		      const struct kbpf_func_state *frame)
{
	struct kbpf_pbuf pb = { .buf = buf, .size = size };

	buf[0] = '\0';
	kbpf_emit_frame(st, frame, kbpf_emit_buf, &pb);
	return pb.len;
}
EXPORT_SYMBOL_IF_KUNIT(kbpf_format_frame);
