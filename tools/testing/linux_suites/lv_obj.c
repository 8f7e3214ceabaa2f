// SPDX-License-Identifier: GPL-2.0
/*
 * The second source: Linux 6.12's progs/verifier_NAME.c, built with clang
 * -target bpf into verifier_NAME.bpf.o, one case per program. libbpf
 * (Debian's, linked statically) reads each object; a SEC() handler of our
 * own, registered for every section name met, catches each program just
 * before libbpf would load it into Linux: relocated, subprograms
 * appended, map fds in place. The capture then cancels the load, and the
 * program goes to both targets like a table's case, its maps made afresh
 * on each from libbpf's definitions (without BTF).
 *
 * What the annotations of bpf_misc.h say is read from the object's BTF
 * (decl tags "comment:test_*" on the program's function): the case's
 * name (__description), its prog_flags (__flag), __auxiliary (not a case
 * of its own), and a program annotated for unprivileged runs alone
 * (unprivileged_bpf_disabled=0 semantics: not applicable).
 */
#include <ctype.h>
#include <dirent.h>
#include <fnmatch.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <bpf/bpf.h>
#include <bpf/btf.h>
#include <bpf/libbpf.h>

#include "lv_run.h"

#define LV_OBJ_MAX_MAPS		64
#define LV_OBJ_MAX_PROGS	512
#define LV_OBJ_MAX_INSNS	(64 * 1024)
#define LV_OBJ_MAX_SECS		256

/* A map of the object, as libbpf defined it for Linux. */
struct lv_obj_map {
	__u32 type, key_size, value_size, max_entries, flags;
	int linux_fd;		/* its fd at capture: how insns name it */
	void *init;		/* initial value (global data), or NULL */
	size_t init_size;
	bool freeze;		/* .rodata: frozen after its value is set */
	bool btf_fields;	/* its value holds BTF-described objects */
};

/* One program of the object, as the first open found it. */
struct lv_obj_prog {
	char func[128];
	char descr[256];
	char sec[128];
	__u32 type, attach, flags;
	bool auxiliary, priv, unpriv, other_arch;
	bool retval;		/* __retval(NUMBER): test runs compared */
	bool success, failure;	/* __success, __failure */
};

/* What the capture brings back. */
struct lv_capture {
	const char *want;	/* the program to take */
	struct bpf_object *obj;
	bool done;
	struct kbpf_insn *insns;
	unsigned int cnt;
	__u32 flags, attach;
	struct lv_obj_map maps[LV_OBJ_MAX_MAPS];
	unsigned int nr_maps;
};

static struct lv_capture cap;
static char *secs[LV_OBJ_MAX_SECS];
static unsigned int nr_secs;
static char libbpf_msg[512];
static const __u8 zero_packet[TEST_DATA_LEN];

/* Keep libbpf's last warning (why an object did not load) and stay quiet. */
static int libbpf_print(enum libbpf_print_level level, const char *fmt,
			va_list ap)
{
	if (level == LIBBPF_WARN)
		vsnprintf(libbpf_msg, sizeof(libbpf_msg), fmt, ap);
	return 0;
}

static void map_free(struct lv_capture *c)
{
	unsigned int i;

	for (i = 0; i < c->nr_maps; i++)
		free(c->maps[i].init);
	c->nr_maps = 0;
}

/* Is @id (a map's value type) or one of its members a special BTF type? */
static bool btf_special(const struct btf *btf, __u32 id, int depth)
{
	static const char *const names[] = {
		"bpf_spin_lock", "bpf_timer", "bpf_wq", "bpf_list_head",
		"bpf_list_node", "bpf_rb_root", "bpf_rb_node", "bpf_refcount",
		"bpf_res_spin_lock",
	};
	const struct btf_type *t;
	const struct btf_member *m;
	unsigned int i;

	if (!id || depth > 4)
		return false;
	t = btf__type_by_id(btf, id);
	if (!t)
		return false;
	if (btf_is_type_tag(t))
		return true;
	if (btf_is_mod(t) || btf_is_typedef(t) || btf_is_ptr(t))
		return btf_special(btf, t->type, depth + 1);
	if (btf_is_array(t))
		return btf_special(btf, btf_array(t)->type, depth + 1);
	if (!btf_is_composite(t))
		return false;
	for (i = 0; i < ARRAY_SIZE(names); i++)
		if (!strcmp(btf__name_by_offset(btf, t->name_off), names[i]))
			return true;
	m = btf_members(t);
	for (i = 0; i < btf_vlen(t); i++)
		if (btf_special(btf, m[i].type, depth + 1))
			return true;
	return false;
}

static void capture_maps(struct lv_capture *c)
{
	const struct btf *btf = bpf_object__btf(c->obj);
	struct bpf_map *m;
	const void *init;
	size_t size;

	bpf_object__for_each_map(m, c->obj) {
		struct lv_obj_map *d = &c->maps[c->nr_maps];

		if (c->nr_maps == LV_OBJ_MAX_MAPS)
			break;
		memset(d, 0, sizeof(*d));
		d->type = bpf_map__type(m);
		d->key_size = bpf_map__key_size(m);
		d->value_size = bpf_map__value_size(m);
		d->max_entries = bpf_map__max_entries(m);
		d->flags = bpf_map__map_flags(m);
		d->linux_fd = bpf_map__fd(m);
		d->freeze = strstr(bpf_map__name(m), ".rodata") ||
			    strstr(bpf_map__name(m), ".kconfig");
		init = bpf_map__initial_value(m, &size);
		if (init && size) {
			d->init = malloc(size);
			if (d->init)
				memcpy(d->init, init, size);
			d->init_size = size;
		}
		if (btf) {
			__u32 id = bpf_map__btf_value_type_id(m);

			d->btf_fields = btf_special(btf, id, 0);
		}
		c->nr_maps++;
	}
}

/*
 * The SEC() handler's prepare_load callback: take the program, cancel
 * the load.
 */
static int capture_prog(struct bpf_program *prog,
			struct bpf_prog_load_opts *opts, long cookie)
{
	size_t cnt = bpf_program__insn_cnt(prog);

	(void)cookie;
	if (strcmp(bpf_program__name(prog), cap.want) || cap.done)
		return -ECANCELED;
	if (cnt > LV_OBJ_MAX_INSNS)
		return -E2BIG;
	memcpy(cap.insns, bpf_program__insns(prog), cnt * sizeof(cap.insns[0]));
	cap.cnt = cnt;
	cap.flags = opts->prog_flags;
	cap.attach = opts->expected_attach_type;
	capture_maps(&cap);
	cap.done = true;
	return -ECANCELED;
}

/* Our handler for @sec (once per name), typed as libbpf typed it. */
static void handler_for(const char *sec, __u32 type, __u32 attach)
{
	LIBBPF_OPTS(libbpf_prog_handler_opts, opts,
		    .prog_prepare_load_fn = capture_prog);
	unsigned int i;

	for (i = 0; i < nr_secs; i++)
		if (!strcmp(secs[i], sec))
			return;
	if (nr_secs == LV_OBJ_MAX_SECS)
		return;
	if (libbpf_register_prog_handler(sec, type, attach, &opts) < 0)
		return;
	secs[nr_secs++] = strdup(sec);
}

static __u32 flag_value(const char *s)
{
	static const struct { const char *name; __u32 val; } flags[] = {
		{ "BPF_F_STRICT_ALIGNMENT", BPF_F_STRICT_ALIGNMENT },
		{ "BPF_F_ANY_ALIGNMENT", BPF_F_ANY_ALIGNMENT },
		{ "BPF_F_TEST_RND_HI32", BPF_F_TEST_RND_HI32 },
		{ "BPF_F_TEST_STATE_FREQ", BPF_F_TEST_STATE_FREQ },
		{ "BPF_F_SLEEPABLE", BPF_F_SLEEPABLE },
		{ "BPF_F_XDP_HAS_FRAGS", BPF_F_XDP_HAS_FRAGS },
		{ "BPF_F_TEST_REG_INVARIANTS", BPF_F_TEST_REG_INVARIANTS },
	};
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(flags); i++)
		if (!strcmp(s, flags[i].name))
			return flags[i].val;
	return strtoul(s, NULL, 0);
}

/* Apply one "comment:test_..." decl tag to @p. */
static void annotate(struct lv_obj_prog *p, const char *tag)
{
	const char *v;

	if (strncmp(tag, "comment:test_", 13))
		return;
	tag += 13;
	v = strchr(tag, '=');
	v = v ? v + 1 : "";
	if (!strncmp(tag, "description=", 12))
		snprintf(p->descr, sizeof(p->descr), "%s", v);
	else if (!strncmp(tag, "prog_flags=", 11))
		p->flags |= flag_value(v);
	else if (!strcmp(tag, "auxiliary"))
		p->auxiliary = true;
	else if (!strncmp(tag, "arch=", 5))
		p->other_arch = strcmp(v, "X86_64") != 0;
	else if (!strncmp(tag, "expect_msg_unpriv=", 18) ||
		 !strncmp(tag, "expect_failure_unpriv", 21) ||
		 !strncmp(tag, "expect_success_unpriv", 21) ||
		 !strncmp(tag, "retval_unpriv=", 14) ||
		 !strncmp(tag, "auxiliary_unpriv", 16))
		p->unpriv = true;
	else if (!strcmp(tag, "expect_failure"))
		p->failure = true;
	else if (!strcmp(tag, "expect_success"))
		p->success = true;
	else if (!strncmp(tag, "retval=", 7))
		p->retval = isdigit(*v) || *v == '-';
	/* Expectations of privileged runs. */
	if (!strncmp(tag, "expect_msg=", 11) || !strncmp(tag, "retval=", 7))
		p->priv = true;
}

static void annotations(const struct btf *btf, struct lv_obj_prog *progs,
			unsigned int nr)
{
	const struct btf_type *t, *f;
	unsigned int id, i, n = btf__type_cnt(btf);
	const char *fname;

	for (id = 1; id < n; id++) {
		t = btf__type_by_id(btf, id);
		if (!btf_is_decl_tag(t) || btf_decl_tag(t)->component_idx != -1)
			continue;
		f = btf__type_by_id(btf, t->type);
		if (!f || !btf_is_func(f))
			continue;
		fname = btf__name_by_offset(btf, f->name_off);
		for (i = 0; i < nr; i++)
			if (!strcmp(progs[i].func, fname))
				annotate(&progs[i],
					 btf__name_by_offset(btf, t->name_off));
	}
}

/* The first open: the programs, their types and annotations. */
static int list_progs(const char *path, struct lv_obj_prog *progs)
{
	struct bpf_object *obj = bpf_object__open_file(path, NULL);
	const struct btf *btf;
	struct bpf_program *prog;
	unsigned int nr = 0;

	if (!obj)
		return -1;
	bpf_object__for_each_program(prog, obj) {
		struct lv_obj_prog *p = &progs[nr];
		const char *sec = bpf_program__section_name(prog);

		if (nr == LV_OBJ_MAX_PROGS)
			break;
		memset(p, 0, sizeof(*p));
		snprintf(p->func, sizeof(p->func), "%s",
			 bpf_program__name(prog));
		snprintf(p->descr, sizeof(p->descr), "%s",
			 bpf_program__name(prog));
		snprintf(p->sec, sizeof(p->sec), "%s", sec);
		p->type = bpf_program__type(prog);
		p->attach = bpf_program__expected_attach_type(prog);
		/* libbpf's own handler would add these; ours replaces it. */
		if (p->type == BPF_PROG_TYPE_SYSCALL || strstr(sec, ".s/") ||
		    (strlen(sec) > 2 && !strcmp(sec + strlen(sec) - 2, ".s")))
			p->flags |= BPF_F_SLEEPABLE;
		handler_for(sec, p->type, p->attach);
		nr++;
	}
	btf = bpf_object__btf(obj);
	if (btf)
		annotations(btf, progs, nr);
	bpf_object__close(obj);
	return nr;
}

/* The second open: @p's final instructions and the object's maps. */
static bool capture(const char *path, const struct lv_obj_prog *p)
{
	struct bpf_program *prog;

	map_free(&cap);
	cap.want = p->func;
	cap.done = false;
	cap.cnt = 0;
	libbpf_msg[0] = '\0';
	cap.obj = bpf_object__open_file(path, NULL);
	if (!cap.obj)
		return false;
	bpf_object__for_each_program(prog, cap.obj)
		bpf_program__set_autoload(prog,
					  !strcmp(bpf_program__name(prog),
						  p->func));
	bpf_object__load(cap.obj);
	bpf_object__close(cap.obj);
	cap.obj = NULL;
	return cap.done;
}

static struct lv_obj_map *map_by_fd(int fd)
{
	unsigned int i;

	for (i = 0; i < cap.nr_maps; i++)
		if (cap.maps[i].linux_fd == fd)
			return &cap.maps[i];
	return NULL;
}

static bool is_map_ldimm64(const struct kbpf_insn *insn)
{
	return insn->code == (BPF_LD | BPF_IMM | BPF_DW) &&
	       (insn->src_reg == BPF_PSEUDO_MAP_FD ||
		insn->src_reg == BPF_PSEUDO_MAP_VALUE);
}

static int map_make(const struct lv_obj_map *d)
{
	KBPF_OPTS(kbpf_map_create_opts, opts, .map_flags = d->flags);
	int fd, zero = 0;

	fd = kbpf_map_create(d->type, NULL, d->key_size, d->value_size,
			     d->max_entries, &opts);
	if (fd < 0)
		return -1;
	if ((d->init && kbpf_map_update_elem(fd, &zero, d->init, 0)) ||
	    (d->freeze && kbpf_map_freeze(fd))) {
		close(fd);
		return -1;
	}
	return fd;
}

/* The fixup of a captured program: its maps on the current target. */
static int fixup_obj(struct lv_prog *p, int *fds, unsigned int nfds)
{
	int linux_fd[LV_OBJ_MAX_MAPS];
	unsigned int i, k, n = 0;
	struct lv_obj_map *d;

	for (k = 0; k < nfds; k++)
		fds[k] = -1;
	for (i = 0; i < p->cnt; i++) {
		if (!is_map_ldimm64(&p->insns[i]))
			continue;
		d = map_by_fd(p->orig[i].imm);
		for (k = 0; k < n; k++)
			if (linux_fd[k] == p->orig[i].imm)
				break;
		if (k == n) {
			if (!d || n == nfds)
				return -1;
			fds[n] = map_make(d);
			if (fds[n] < 0)
				return -1;
			linux_fd[n++] = p->orig[i].imm;
		}
		p->insns[i].imm = fds[k];
		i++;
	}
	return 0;
}

/* Why a captured program says nothing about kbpf, if it does not. */
static enum lv_reason obj_reason(const struct lv_obj_prog *op,
				 const struct kbpf_insn *insns,
				 unsigned int cnt)
{
	const struct lv_obj_map *d;
	unsigned int i;

	if (lv_type_needs_btf(op->type) || lv_insns_name_btf(insns, cnt))
		return LV_NA_BTF;
	for (i = 0; i < cnt; i++) {
		if (!is_map_ldimm64(&insns[i]))
			continue;
		d = map_by_fd(insns[i].imm);
		if (d && d->btf_fields)
			return LV_NA_BTF;
		if (d && !lv_kbpf_has_map_type(d->type))
			return LV_NA_MAP_TYPE;
		i++;
	}
	if (op->type == BPF_PROG_TYPE_UNSPEC)
		return LV_NA_PROG_TYPE;
	return LV_APPLIES;
}

/* libbpf gave up on the program: why, as far as its message tells. */
static enum lv_reason failed_reason(void)
{
	if (strstr(libbpf_msg, "ksym") || strstr(libbpf_msg, "kfunc") ||
	    strstr(libbpf_msg, "extern") || strstr(libbpf_msg, "BTF") ||
	    strstr(libbpf_msg, "CO-RE"))
		return LV_NA_BTF;
	if (strstr(libbpf_msg, "map"))
		return LV_NA_MAP_TYPE;
	return LV_NOT_RUN;
}

static void obj_case(const char *file, const struct lv_obj_prog *op,
		     struct kbpf_insn *buf, struct lv_counts *c,
		     const char *path)
{
	static struct kbpf_insn orig[LV_OBJ_MAX_INSNS];
	enum lv_reason reason = LV_APPLIES;
	struct lv_prog p = {
		.file = file,
		.name = op->descr,
		.orig = orig,
		.insns = buf,
		.type = op->type,
		.prog_flags = op->flags,
		.fixup = fixup_obj,
		.run = true,
		.nr_runs = 1,
		.run_data = { zero_packet },
		/* Without __retval the value may be random or a pointer. */
		.run_any_retval = { !op->retval },
		.expect = op->failure ? LV_EXPECT_REJECT :
			  op->success ? LV_EXPECT_ACCEPT : LV_EXPECT_NONE,
	};

	if (op->unpriv && !op->priv && !op->success && !op->failure) {
		reason = LV_NA_UNPRIV;
	} else if (!capture(path, op)) {
		reason = failed_reason();
		printf("# %s: %s: libbpf: %s", file, op->descr,
		       libbpf_msg[0] ? libbpf_msg : "(no message)\n");
	} else {
		memcpy(orig, cap.insns, cap.cnt * sizeof(orig[0]));
		p.cnt = cap.cnt;
		p.prog_flags |= cap.flags;
		p.expected_attach_type = cap.attach;
		reason = obj_reason(op, orig, p.cnt);
	}
	lv_case(&p, reason, c);
}

static int name_cmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static void obj_file(const char *dir, const char *fname,
		     struct lv_select *sel, struct lv_row *row,
		     struct kbpf_insn *buf)
{
	static struct lv_obj_prog progs[LV_OBJ_MAX_PROGS];
	char path[512];
	int i, nr;

	snprintf(path, sizeof(path), "%s/%s", dir, fname);
	snprintf(row->name, sizeof(row->name), "%.*s",
		 (int)(strlen(fname) - strlen(".bpf.o")), fname);
	nr = list_progs(path, progs);
	if (nr < 0) {
		printf("# %s: libbpf cannot open it: %s", row->name,
		       libbpf_msg);
		return;
	}
	for (i = 0; i < nr; i++) {
		if (progs[i].auxiliary || progs[i].other_arch)
			continue;
		if (lv_selected(sel))
			obj_case(row->name, &progs[i], buf, &row->c, path);
	}
}

void lv_objs_run(const char *dir, struct lv_select *sel, struct lv_row *rows,
		 unsigned int *nrows)
{
	char *names[LV_MAX_ROWS];
	unsigned int i, n = 0;
	struct kbpf_insn *buf;
	struct dirent *de;
	DIR *d = opendir(dir);

	buf = calloc(LV_OBJ_MAX_INSNS, sizeof(*buf));
	cap.insns = calloc(LV_OBJ_MAX_INSNS, sizeof(*cap.insns));
	if (!d || !buf || !cap.insns) {
		printf("# lv: no objects in %s\n", dir);
		goto out;
	}
	libbpf_set_print(libbpf_print);
	while ((de = readdir(d)) && n < LV_MAX_ROWS) {
		size_t len = strlen(de->d_name);

		if (len > 6 && !strcmp(de->d_name + len - 6, ".bpf.o"))
			names[n++] = strdup(de->d_name);
	}
	qsort(names, n, sizeof(names[0]), name_cmp);
	for (i = 0; i < n && *nrows < LV_MAX_ROWS; i++) {
		struct lv_row *row = &rows[*nrows];

		char base[64];

		memset(row, 0, sizeof(*row));
		snprintf(base, sizeof(base), "%.*s",
			 (int)(strlen(names[i]) - strlen(".bpf.o")), names[i]);
		if (!sel->pattern || !fnmatch(sel->pattern, base, 0)) {
			obj_file(dir, names[i], sel, row, buf);
			if (row->c.cases)
				(*nrows)++;
		}
		free(names[i]);
	}
out:
	if (d)
		closedir(d);
	free(buf);
	map_free(&cap);
}
