/* SPDX-License-Identifier: GPL-2.0-or-later */
#include <fcntl.h>
#include <linux/capability.h>
#include <linux/landlock.h>
#include <sys/prctl.h>
#include <sys/syscall.h>

#include "confine.h"
#include "fdio.h"
#include "macro.h"

/* Rights of later ABIs, for builds against older kernel headers. */
#ifndef LANDLOCK_ACCESS_FS_REFER
#define LANDLOCK_ACCESS_FS_REFER (1ULL << 13)
#endif
#ifndef LANDLOCK_ACCESS_FS_TRUNCATE
#define LANDLOCK_ACCESS_FS_TRUNCATE (1ULL << 14)
#endif

#define FS_READ (LANDLOCK_ACCESS_FS_EXECUTE | LANDLOCK_ACCESS_FS_READ_FILE | LANDLOCK_ACCESS_FS_READ_DIR)
#define FS_WRITE_V1 (LANDLOCK_ACCESS_FS_WRITE_FILE | LANDLOCK_ACCESS_FS_REMOVE_DIR | LANDLOCK_ACCESS_FS_REMOVE_FILE | \
                     LANDLOCK_ACCESS_FS_MAKE_DIR | LANDLOCK_ACCESS_FS_MAKE_REG)
#define FS_ALL_V1 ((1ULL << 13) - 1)

/*
 * What a read-only process must not do, per ABI. LANDLOCK_ACCESS_FS_IOCTL_DEV
 * (ABI 5) is left unhandled on purpose: blkid and libcryptsetup query block
 * devices with ioctls, and every ioctl that changes a device needs a
 * descriptor opened for writing, which the ruleset already refuses.
 */
static uint64_t handled_for(int abi)
{
        uint64_t h = FS_ALL_V1;

        if (abi >= 2)
                h |= LANDLOCK_ACCESS_FS_REFER;
        if (abi >= 3)
                h |= LANDLOCK_ACCESS_FS_TRUNCATE;
        return h;
}

const int confine_assess_caps[] = {
        CAP_DAC_READ_SEARCH, /* read root-only files of the target (shadow, keys, LUKS headers) */
        CAP_DAC_OVERRIDE,    /* write the report into a directory root does not own (Landlock limits where) */
        CAP_SYS_ADMIN,       /* the throwaway network namespace of the offline ruleset load */
        CAP_NET_ADMIN,       /* list the live ruleset; load the offline one in that namespace */
        CAP_SYS_PTRACE,      /* live: which process holds a listening socket (/proc/PID/fd) */
};
const unsigned confine_assess_n_caps = ARRAY_SIZE(confine_assess_caps);

int confine_landlock_abi(void)
{
        long abi = syscall(SYS_landlock_create_ruleset, NULL, 0, LANDLOCK_CREATE_RULESET_VERSION);
        return abi < 0 ? 0 : (int) abi;
}

static int add_path_rule(int ruleset, const char *path, uint64_t access)
{
        struct landlock_path_beneath_attr pb = { .allowed_access = access };
        int fd = open(path, O_PATH | O_CLOEXEC), k = 0;

        if (fd < 0)
                return negative_errno();
        pb.parent_fd = fd;
        if (syscall(SYS_landlock_add_rule, ruleset, LANDLOCK_RULE_PATH_BENEATH, &pb, 0) < 0)
                k = negative_errno();
        close(fd);
        return k;
}

static int landlock_read_only(int abi, const char *const *write_dirs)
{
        uint64_t handled = handled_for(abi), write = FS_WRITE_V1;
        struct landlock_ruleset_attr attr = { .handled_access_fs = handled };
        _cleanup_close_ int ruleset = -1;
        int k;

        if (abi >= 3)
                write |= LANDLOCK_ACCESS_FS_TRUNCATE;
        ruleset = (int) syscall(SYS_landlock_create_ruleset, &attr, sizeof(attr), 0);
        if (ruleset < 0)
                return negative_errno();
        k = add_path_rule(ruleset, "/", FS_READ);
        if (k < 0)
                return k;
        /* Libraries write to /dev/null now and then; nothing is stored there (a file rule: file rights only). */
        (void) add_path_rule(ruleset, "/dev/null", LANDLOCK_ACCESS_FS_READ_FILE | LANDLOCK_ACCESS_FS_WRITE_FILE);
        for (size_t i = 0; write_dirs && write_dirs[i]; i++) {
                /* A directory that does not exist cannot be written to anyway: the write will say so. */
                k = add_path_rule(ruleset, write_dirs[i], FS_READ | write);
                if (k < 0 && k != -ENOENT && k != -ENOTDIR && k != -EACCES)
                        return k;
        }
        if (syscall(SYS_landlock_restrict_self, ruleset, 0) < 0)
                return negative_errno();
        return 0;
}

static unsigned last_cap(void)
{
        _cleanup_close_ int fd = open("/proc/sys/kernel/cap_last_cap", O_RDONLY | O_CLOEXEC);
        _cleanup_free_ char *buf = NULL;
        size_t len = 0;
        unsigned long v;
        char *end;

        if (fd < 0 || read_full_fd(fd, 32, &buf, &len) < 0)
                return CAP_LAST_CAP;
        errno = 0;
        v = strtoul(buf, &end, 10);
        if (errno || end == buf || v > 63)
                return CAP_LAST_CAP;
        return (unsigned) v;
}

static bool kept(const struct confine_options *o, unsigned cap)
{
        for (unsigned i = 0; i < o->n_keep_caps; i++)
                if (o->keep_caps[i] >= 0 && (unsigned) o->keep_caps[i] == cap)
                        return true;
        return false;
}

static int drop_caps(const struct confine_options *o, unsigned *ret_kept)
{
        struct __user_cap_header_struct h = { .version = _LINUX_CAPABILITY_VERSION_3 };
        struct __user_cap_data_struct d[2] = {};
        unsigned last = last_cap(), n = 0;
        uint64_t keep = 0, eff;

        if (syscall(SYS_capget, &h, d) < 0)
                return negative_errno();
        eff = (uint64_t) d[0].effective | (uint64_t) d[1].effective << 32;
        if (eff == 0)
                return -EPERM; /* not privileged: nothing to give up */
        for (unsigned c = 0; c <= last; c++) {
                if (kept(o, c)) {
                        keep |= 1ULL << c;
                        continue;
                }
                /* The bounding set first (it needs CAP_SETPCAP, which goes below): no exec gets it back. */
                if (prctl(PR_CAPBSET_DROP, c, 0, 0, 0) < 0 && errno != EINVAL)
                        return negative_errno();
        }
        (void) prctl(PR_CAP_AMBIENT, PR_CAP_AMBIENT_CLEAR_ALL, 0, 0, 0);
        for (unsigned i = 0; i < 2; i++) {
                uint32_t k32 = (uint32_t) (keep >> (32 * i));
                d[i].effective &= k32;
                d[i].permitted &= k32;
                d[i].inheritable = 0;
        }
        if (syscall(SYS_capset, &h, d) < 0)
                return negative_errno();
        eff = (uint64_t) d[0].effective | (uint64_t) d[1].effective << 32;
        for (unsigned c = 0; c < 64; c++)
                n += (eff >> c) & 1;
        *ret_kept = n;
        return 0;
}

int confine_self(const struct confine_options *o, struct confine_result *ret)
{
        struct confine_result r = {};
        int k;

        r.no_new_privs = prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) == 0;
        r.caps_dropped = drop_caps(o, &r.caps_kept) == 0;
        r.landlock_abi = confine_landlock_abi();
        if (r.landlock_abi > 0 && !o->no_landlock_reason) {
                k = landlock_read_only(r.landlock_abi, o->write_dirs);
                if (k < 0)
                        return k;
                r.landlock = true;
        }
        if (r.landlock)
                snprintf(r.note, sizeof(r.note), "Self-confinement: Landlock ABI %d (read-only)%s", r.landlock_abi,
                         r.no_new_privs ? ", no new privileges" : "");
        else
                snprintf(r.note, sizeof(r.note), "Self-confinement: no Landlock (%s)%s",
                         o->no_landlock_reason ? o->no_landlock_reason : "not in this kernel",
                         r.no_new_privs ? ", no new privileges" : "");
        *ret = r;
        return 0;
}
