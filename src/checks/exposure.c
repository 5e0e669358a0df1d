/* SPDX-License-Identifier: GPL-2.0-or-later */
#include <linux/capability.h>
#include <strings.h>

#include "exposure.h"
#include "macro.h"
#include "strv.h"

#define NA UINT32_MAX /* the setting does not apply to this unit */

/* What the unit file says, with systemd's implications applied (DynamicUser=, PrivateDevices=). */
struct sec_info {
        const struct unit *u;
        bool root;
        bool dynamic_user;
        bool default_deps;
        uint64_t caps;           /* bounding set */
        unsigned ns_restricted;  /* NS_* bits the unit cannot create */
        unsigned af_allowed;     /* AF_* classes the unit may use */
        unsigned sc_allowed;     /* SC_* syscall groups the unit may call */
};

enum { NS_USER = 1, NS_MNT = 2, NS_IPC = 4, NS_PID = 8, NS_CGROUP = 16, NS_NET = 32, NS_UTS = 64, NS_ALL = 127 };
enum { AF_C_INET = 1, AF_C_UNIX = 2, AF_C_NETLINK = 4, AF_C_PACKET = 8, AF_C_OTHER = 16, AF_C_ALL = 31 };
enum {
        SC_SWAP = 1, SC_OBSOLETE = 2, SC_CLOCK = 4, SC_CPU_EMULATION = 8, SC_DEBUG = 16, SC_MOUNT = 32,
        SC_MODULE = 64, SC_RAW_IO = 128, SC_REBOOT = 256, SC_PRIVILEGED = 512, SC_RESOURCES = 1024, SC_ALL = 2047,
};

static const char *get(const struct sec_info *s, const char *key)
{
        return unit_get(s->u, "Service", key);
}

static int parse_bool(const char *v)
{
        if (!v)
                return -1;
        if (strcaseeq(v, "yes") || strcaseeq(v, "true") || strcaseeq(v, "on") || streq(v, "1"))
                return 1;
        if (strcaseeq(v, "no") || strcaseeq(v, "false") || strcaseeq(v, "off") || streq(v, "0"))
                return 0;
        return -1;
}

static bool get_bool(const struct sec_info *s, const char *key)
{
        return parse_bool(get(s, key)) == 1;
}

/* Calls fn for every assignment of key in [Service], in order (drop-ins after the fragment). */
#define FOREACH_ASSIGNMENT(s, name_, v)                                                                  \
        for (size_t _i = 0; _i < (s)->u->n_settings; _i++)                                              \
                for (const char *v = (s)->u->settings[_i].value;                                        \
                     v && streq((s)->u->settings[_i].section, "Service") && streq((s)->u->settings[_i].key, (name_)); \
                     v = NULL)

static const struct { const char *name; unsigned bit; } cap_names[] = {
        { "CAP_CHOWN", CAP_CHOWN }, { "CAP_DAC_OVERRIDE", CAP_DAC_OVERRIDE }, { "CAP_DAC_READ_SEARCH", CAP_DAC_READ_SEARCH },
        { "CAP_FOWNER", CAP_FOWNER }, { "CAP_FSETID", CAP_FSETID }, { "CAP_KILL", CAP_KILL }, { "CAP_SETGID", CAP_SETGID },
        { "CAP_SETUID", CAP_SETUID }, { "CAP_SETPCAP", CAP_SETPCAP }, { "CAP_LINUX_IMMUTABLE", CAP_LINUX_IMMUTABLE },
        { "CAP_NET_BIND_SERVICE", CAP_NET_BIND_SERVICE }, { "CAP_NET_BROADCAST", CAP_NET_BROADCAST }, { "CAP_NET_ADMIN", CAP_NET_ADMIN },
        { "CAP_NET_RAW", CAP_NET_RAW }, { "CAP_IPC_LOCK", CAP_IPC_LOCK }, { "CAP_IPC_OWNER", CAP_IPC_OWNER },
        { "CAP_SYS_MODULE", CAP_SYS_MODULE }, { "CAP_SYS_RAWIO", CAP_SYS_RAWIO }, { "CAP_SYS_CHROOT", CAP_SYS_CHROOT },
        { "CAP_SYS_PTRACE", CAP_SYS_PTRACE }, { "CAP_SYS_PACCT", CAP_SYS_PACCT }, { "CAP_SYS_ADMIN", CAP_SYS_ADMIN },
        { "CAP_SYS_BOOT", CAP_SYS_BOOT }, { "CAP_SYS_NICE", CAP_SYS_NICE }, { "CAP_SYS_RESOURCE", CAP_SYS_RESOURCE },
        { "CAP_SYS_TIME", CAP_SYS_TIME }, { "CAP_SYS_TTY_CONFIG", CAP_SYS_TTY_CONFIG }, { "CAP_MKNOD", CAP_MKNOD },
        { "CAP_LEASE", CAP_LEASE }, { "CAP_AUDIT_WRITE", CAP_AUDIT_WRITE }, { "CAP_AUDIT_CONTROL", CAP_AUDIT_CONTROL },
        { "CAP_SETFCAP", CAP_SETFCAP }, { "CAP_MAC_OVERRIDE", CAP_MAC_OVERRIDE }, { "CAP_MAC_ADMIN", CAP_MAC_ADMIN },
        { "CAP_SYSLOG", CAP_SYSLOG }, { "CAP_WAKE_ALARM", CAP_WAKE_ALARM }, { "CAP_BLOCK_SUSPEND", CAP_BLOCK_SUSPEND },
        { "CAP_AUDIT_READ", CAP_AUDIT_READ }, { "CAP_PERFMON", CAP_PERFMON }, { "CAP_BPF", CAP_BPF },
        { "CAP_CHECKPOINT_RESTORE", CAP_CHECKPOINT_RESTORE },
};

#define CAP(x) (UINT64_C(1) << (x))

static uint64_t caps_parse(const char *v, bool *ret_invert)
{
        _cleanup_strv_free_ char **words = NULL;
        uint64_t m = 0;

        *ret_invert = v[0] == '~';
        words = strv_split(v + (*ret_invert ? 1 : 0), " \t");
        for (size_t i = 0; words[i]; i++)
                for (size_t j = 0; j < ARRAY_SIZE(cap_names); j++)
                        if (strcaseeq(words[i], cap_names[j].name))
                                m |= CAP(cap_names[j].bit);
        return m;
}

/* CapabilityBoundingSet=: a list keeps those, "~list" drops them, "" resets to all; assignments accumulate. */
static uint64_t bounding_set(const struct sec_info *s)
{
        uint64_t all = 0, set;
        bool seen_positive = false;

        for (size_t j = 0; j < ARRAY_SIZE(cap_names); j++)
                all |= CAP(cap_names[j].bit);
        set = all;
        FOREACH_ASSIGNMENT(s, "CapabilityBoundingSet", v) {
                bool invert;
                uint64_t m;

                if (!*v) {
                        /* An empty assignment means no capabilities at all. */
                        set = 0;
                        seen_positive = true;
                        continue;
                }
                m = caps_parse(v, &invert);
                if (invert)
                        set &= ~m;
                else {
                        set = seen_positive ? (set | m) : m;
                        seen_positive = true;
                }
        }
        return set;
}

static unsigned namespaces_restricted(const struct sec_info *s)
{
        static const struct { const char *name; unsigned bit; } ns[] = {
                { "user", NS_USER }, { "mnt", NS_MNT }, { "ipc", NS_IPC }, { "pid", NS_PID },
                { "cgroup", NS_CGROUP }, { "net", NS_NET }, { "uts", NS_UTS },
        };
        _cleanup_strv_free_ char **words = NULL;
        const char *v = get(s, "RestrictNamespaces");
        unsigned listed = 0;
        int b;

        if (!v)
                return 0;
        b = parse_bool(v);
        if (b >= 0)
                return b ? NS_ALL : 0;
        words = strv_split(v[0] == '~' ? v + 1 : v, " \t");
        for (size_t i = 0; words[i]; i++)
                for (size_t j = 0; j < ARRAY_SIZE(ns); j++)
                        if (streq(words[i], ns[j].name))
                                listed |= ns[j].bit;
        /* "~list" restricts those; a plain list is what the unit may create. */
        return v[0] == '~' ? listed : (NS_ALL & ~listed);
}

static unsigned af_class(const char *name)
{
        if (streq(name, "AF_INET") || streq(name, "AF_INET6"))
                return AF_C_INET;
        if (streq(name, "AF_UNIX") || streq(name, "AF_LOCAL"))
                return AF_C_UNIX;
        if (streq(name, "AF_NETLINK"))
                return AF_C_NETLINK;
        if (streq(name, "AF_PACKET"))
                return AF_C_PACKET;
        return AF_C_OTHER;
}

static unsigned syscall_group(const char *name)
{
        static const struct { const char *name; unsigned bits; } groups[] = {
                { "@swap", SC_SWAP }, { "@obsolete", SC_OBSOLETE }, { "@clock", SC_CLOCK },
                { "@cpu-emulation", SC_CPU_EMULATION }, { "@debug", SC_DEBUG }, { "@mount", SC_MOUNT },
                { "@module", SC_MODULE }, { "@raw-io", SC_RAW_IO }, { "@reboot", SC_REBOOT },
                /* Groups that contain others, as systemd defines them. */
                { "@privileged", SC_PRIVILEGED | SC_CLOCK | SC_MODULE | SC_RAW_IO | SC_REBOOT | SC_SWAP },
                { "@resources", SC_RESOURCES },
                /* @system-service allows @resources, and the chown/setuid calls that are part of @privileged. */
                { "@system-service", SC_RESOURCES | SC_PRIVILEGED },
                { "@known", SC_ALL },
        };

        for (size_t i = 0; i < ARRAY_SIZE(groups); i++)
                if (streq(name, groups[i].name))
                        return groups[i].bits;
        return 0;
}

/*
 * A list setting as systemd folds its assignments: "" resets it, the first
 * list sets the mode (an allow list, or a "~" deny list), later lists add to
 * the allowed set or take "~" classes out of it.
 */
struct list_setting {
        const char *key;
        unsigned all;                           /* allowed when nothing restricts */
        unsigned (*class_of)(const char *word);
        unsigned deny_keeps;                    /* what no deny list can take out */
        bool none_allows_nothing;               /* the word "none" alone: nothing is allowed */
};

static unsigned list_allowed(const struct sec_info *s, const struct list_setting *ls)
{
        unsigned allowed = ls->all;
        bool any = false;

        FOREACH_ASSIGNMENT(s, ls->key, v) {
                _cleanup_strv_free_ char **words = NULL;
                bool invert = v[0] == '~';
                unsigned m = 0;

                if (!*v) {
                        any = false;
                        allowed = ls->all;
                        continue;
                }
                if (ls->none_allows_nothing && streq(v, "none")) {
                        any = true;
                        allowed = 0;
                        continue;
                }
                words = strv_split(invert ? v + 1 : v, " \t");
                for (size_t i = 0; words[i]; i++)
                        m |= ls->class_of(words[i]);
                if (invert)
                        allowed &= ~(m & ~ls->deny_keeps);
                else
                        allowed = any ? (allowed | m) : m;
                any = true;
        }
        return allowed;
}

/* RestrictAddressFamilies=. A deny list can never cover every exotic family: "other" stays allowed. */
static const struct list_setting address_families = {
        .key = "RestrictAddressFamilies", .all = AF_C_ALL, .class_of = af_class, .deny_keeps = AF_C_OTHER, .none_allows_nothing = true,
};

/* SystemCallFilter=, by the groups of syscall_group(). */
static const struct list_setting syscall_filter = { .key = "SystemCallFilter", .all = SC_ALL, .class_of = syscall_group };

typedef unsigned (*assess_fn)(const struct sec_info *s, uintptr_t param);

struct assessor {
        const char *id;
        unsigned weight;
        unsigned range;
        assess_fn assess;
        uintptr_t param;        /* setting name, or a bit mask */
        bool default_deps_only; /* not judged for units with DefaultDependencies=no */
};

/* A boolean setting: badness 1 unless set (or implied). */
static unsigned a_bool(const struct sec_info *s, uintptr_t key)
{
        const char *k = (const char *) key;

        if (s->dynamic_user && (streq(k, "PrivateTmp") || streq(k, "RemoveIPC") || streq(k, "RestrictSUIDSGID")))
                return 0;
        return get_bool(s, k) ? 0 : 1;
}

static unsigned a_user(const struct sec_info *s, uintptr_t p)
{
        return s->root ? 10 : 0;
}

static unsigned a_supplementary_groups(const struct sec_info *s, uintptr_t p)
{
        if (s->root)
                return NA;
        return get(s, "SupplementaryGroups") && *get(s, "SupplementaryGroups") ? 1 : 0;
}

static unsigned a_remove_ipc(const struct sec_info *s, uintptr_t p)
{
        if (s->root)
                return NA;
        return s->dynamic_user || get_bool(s, "RemoveIPC") ? 0 : 1;
}

static unsigned a_delegate(const struct sec_info *s, uintptr_t p)
{
        return get_bool(s, "Delegate") ? 1 : 0;
}

static unsigned a_protect_home(const struct sec_info *s, uintptr_t p)
{
        const char *v = get(s, "ProtectHome");

        if (parse_bool(v) == 1)
                return 0;
        if (v && streq(v, "tmpfs"))
                return 1;
        if ((v && streq(v, "read-only")) || s->dynamic_user)
                return 5;
        return 10;
}

static unsigned a_protect_system(const struct sec_info *s, uintptr_t p)
{
        const char *v = get(s, "ProtectSystem");

        if ((v && streq(v, "strict")) || s->dynamic_user)
                return 0;
        if (v && streq(v, "full"))
                return 3;
        if (parse_bool(v) == 1)
                return 5;
        return 10;
}

static unsigned a_root_directory(const struct sec_info *s, uintptr_t p)
{
        return get(s, "RootDirectory") || get(s, "RootImage") ? 0 : 1;
}

static unsigned a_caps(const struct sec_info *s, uintptr_t mask)
{
        return (s->caps & (uint64_t) mask) ? 1 : 0;
}

static unsigned a_namespaces(const struct sec_info *s, uintptr_t bit)
{
        return (s->ns_restricted & bit) ? 0 : 1;
}

static unsigned a_families(const struct sec_info *s, uintptr_t bit)
{
        return (s->af_allowed & bit) ? 1 : 0;
}

static unsigned a_syscalls(const struct sec_info *s, uintptr_t bit)
{
        return (s->sc_allowed & bit) ? 10 : 0;
}

static unsigned a_architectures(const struct sec_info *s, uintptr_t p)
{
        const char *v = get(s, "SystemCallArchitectures");

        if (!v || !*v)
                return 10;
        return streq(v, "native") ? 0 : 3;
}

static unsigned a_ip_deny(const struct sec_info *s, uintptr_t p)
{
        bool deny_any = false, deny_some = false, allow = false;

        FOREACH_ASSIGNMENT(s, "IPAddressDeny", v) {
                if (!*v)
                        deny_any = deny_some = false;
                else if (strstr(v, "any") || (strstr(v, "0.0.0.0/0") && strstr(v, "::/0")))
                        deny_any = true;
                else
                        deny_some = true;
        }
        FOREACH_ASSIGNMENT(s, "IPAddressAllow", v)
                allow = *v != 0;
        if (deny_any)
                return allow ? 2 : 0;
        return deny_some ? 5 : 10;
}

static unsigned a_device_allow(const struct sec_info *s, uintptr_t p)
{
        const char *policy = get(s, "DevicePolicy");

        if (get_bool(s, "PrivateDevices") || (policy && (streq(policy, "strict") || streq(policy, "closed"))))
                return get(s, "DeviceAllow") && *get(s, "DeviceAllow") ? 5 : 0;
        return 10;
}

static unsigned a_ambient(const struct sec_info *s, uintptr_t p)
{
        const char *v = get(s, "AmbientCapabilities");
        return v && *v && v[0] != '~' ? 1 : 0;
}

static unsigned a_umask(const struct sec_info *s, uintptr_t p)
{
        const char *v = get(s, "UMask");
        unsigned long m = 0022;
        char *end;

        if (v) {
                errno = 0;
                m = strtoul(v, &end, 8);
                if (errno || *end || m > 0777)
                        m = 0022;
        }
        if (!(m & 0002))
                return 10;
        if (!(m & 0004))
                return 5;
        if (!(m & 0020))
                return 2;
        if (!(m & 0040))
                return 1;
        return 0;
}

static unsigned a_keyring(const struct sec_info *s, uintptr_t p)
{
        const char *v = get(s, "KeyringMode");
        return v && streq(v, "shared") ? 1 : 0;
}

static unsigned a_protect_proc(const struct sec_info *s, uintptr_t p)
{
        const char *v = get(s, "ProtectProc");

        if (v && (streq(v, "invisible") || streq(v, "ptraceable")))
                return 0;
        if (v && streq(v, "noaccess"))
                return 1;
        return 3;
}

static unsigned a_proc_subset(const struct sec_info *s, uintptr_t p)
{
        const char *v = get(s, "ProcSubset");
        return v && streq(v, "pid") ? 0 : 1;
}

static unsigned a_notify_access(const struct sec_info *s, uintptr_t p)
{
        const char *v = get(s, "NotifyAccess");
        return v && streq(v, "all") ? 1 : 0;
}

#define B(name, w) { name "=", w, 1, a_bool, (uintptr_t) name, false }
#define C(name, w, mask) { "CapabilityBoundingSet=~" name, w, 1, a_caps, (uintptr_t) (mask), false }

/* Weights as systemd-analyze security gives them, so the ranking means the same thing. */
static const struct assessor assessors[] = {
        { "User=/DynamicUser=", 2000, 10, a_user, 0, false },
        { "SupplementaryGroups=", 200, 1, a_supplementary_groups, 0, false },
        B("PrivateDevices", 1000),
        B("PrivateMounts", 1000),
        B("PrivateNetwork", 2500),
        { "PrivateTmp=", 1000, 1, a_bool, (uintptr_t) "PrivateTmp", true },
        B("PrivateUsers", 1000),
        B("ProtectControlGroups", 1000),
        B("ProtectKernelModules", 1000),
        B("ProtectKernelTunables", 1000),
        B("ProtectKernelLogs", 1000),
        B("ProtectClock", 1000),
        { "ProtectHome=", 1000, 10, a_protect_home, 0, true },
        B("ProtectHostname", 50),
        { "ProtectSystem=", 1000, 10, a_protect_system, 0, true },
        { "RootDirectory=/RootImage=", 200, 1, a_root_directory, 0, true },
        B("LockPersonality", 100),
        B("MemoryDenyWriteExecute", 100),
        B("NoNewPrivileges", 1000),
        C("CAP_SYS_ADMIN", 1500, CAP(CAP_SYS_ADMIN)),
        C("CAP_SET(UID|GID|PCAP)", 1500, CAP(CAP_SETUID) | CAP(CAP_SETGID) | CAP(CAP_SETPCAP)),
        C("CAP_SYS_PTRACE", 1500, CAP(CAP_SYS_PTRACE)),
        C("CAP_SYS_TIME", 1000, CAP(CAP_SYS_TIME)),
        C("CAP_NET_ADMIN", 1000, CAP(CAP_NET_ADMIN)),
        C("CAP_SYS_RAWIO", 1000, CAP(CAP_SYS_RAWIO)),
        C("CAP_SYS_MODULE", 1000, CAP(CAP_SYS_MODULE)),
        C("CAP_AUDIT_*", 500, CAP(CAP_AUDIT_CONTROL) | CAP(CAP_AUDIT_READ) | CAP(CAP_AUDIT_WRITE)),
        C("CAP_SYSLOG", 500, CAP(CAP_SYSLOG)),
        C("CAP_SYS_(NICE|RESOURCE)", 500, CAP(CAP_SYS_NICE) | CAP(CAP_SYS_RESOURCE)),
        C("CAP_MKNOD", 500, CAP(CAP_MKNOD)),
        C("CAP_(CHOWN|FSETID|SETFCAP)", 1000, CAP(CAP_CHOWN) | CAP(CAP_FSETID) | CAP(CAP_SETFCAP)),
        C("CAP_(DAC_*|FOWNER|IPC_OWNER)", 1000, CAP(CAP_DAC_OVERRIDE) | CAP(CAP_DAC_READ_SEARCH) | CAP(CAP_FOWNER) | CAP(CAP_IPC_OWNER)),
        C("CAP_KILL", 500, CAP(CAP_KILL)),
        C("CAP_NET_(BIND_SERVICE|BROADCAST|RAW)", 500, CAP(CAP_NET_BIND_SERVICE) | CAP(CAP_NET_BROADCAST) | CAP(CAP_NET_RAW)),
        C("CAP_SYS_BOOT", 100, CAP(CAP_SYS_BOOT)),
        C("CAP_MAC_*", 100, CAP(CAP_MAC_ADMIN) | CAP(CAP_MAC_OVERRIDE)),
        C("CAP_LINUX_IMMUTABLE", 75, CAP(CAP_LINUX_IMMUTABLE)),
        C("CAP_IPC_LOCK", 50, CAP(CAP_IPC_LOCK)),
        C("CAP_SYS_CHROOT", 50, CAP(CAP_SYS_CHROOT)),
        C("CAP_BLOCK_SUSPEND", 25, CAP(CAP_BLOCK_SUSPEND)),
        C("CAP_WAKE_ALARM", 25, CAP(CAP_WAKE_ALARM)),
        C("CAP_LEASE", 25, CAP(CAP_LEASE)),
        C("CAP_SYS_TTY_CONFIG", 25, CAP(CAP_SYS_TTY_CONFIG)),
        C("CAP_SYS_PACCT", 25, CAP(CAP_SYS_PACCT)),
        C("CAP_BPF", 25, CAP(CAP_BPF)),
        { "UMask=", 100, 10, a_umask, 0, false },
        { "KeyringMode=", 1000, 1, a_keyring, 0, false },
        { "ProtectProc=", 1000, 3, a_protect_proc, 0, false },
        { "ProcSubset=", 10, 1, a_proc_subset, 0, false },
        { "NotifyAccess=", 1000, 1, a_notify_access, 0, false },
        { "RemoveIPC=", 100, 1, a_remove_ipc, 0, false },
        { "Delegate=", 100, 1, a_delegate, 0, false },
        B("RestrictRealtime", 500),
        { "RestrictSUIDSGID=", 1000, 1, a_bool, (uintptr_t) "RestrictSUIDSGID", false },
        { "RestrictNamespaces=~user", 1500, 1, a_namespaces, NS_USER, false },
        { "RestrictNamespaces=~mnt", 500, 1, a_namespaces, NS_MNT, false },
        { "RestrictNamespaces=~ipc", 500, 1, a_namespaces, NS_IPC, false },
        { "RestrictNamespaces=~pid", 500, 1, a_namespaces, NS_PID, false },
        { "RestrictNamespaces=~cgroup", 500, 1, a_namespaces, NS_CGROUP, false },
        { "RestrictNamespaces=~net", 500, 1, a_namespaces, NS_NET, false },
        { "RestrictNamespaces=~uts", 100, 1, a_namespaces, NS_UTS, false },
        { "RestrictAddressFamilies=~AF_(INET|INET6)", 1500, 1, a_families, AF_C_INET, false },
        { "RestrictAddressFamilies=~AF_UNIX", 25, 1, a_families, AF_C_UNIX, false },
        { "RestrictAddressFamilies=~AF_NETLINK", 200, 1, a_families, AF_C_NETLINK, false },
        { "RestrictAddressFamilies=~AF_PACKET", 1000, 1, a_families, AF_C_PACKET, false },
        { "RestrictAddressFamilies=~...", 1250, 1, a_families, AF_C_OTHER, false },
        { "SystemCallArchitectures=", 1000, 10, a_architectures, 0, false },
        { "SystemCallFilter=~@swap", 1000, 10, a_syscalls, SC_SWAP, false },
        { "SystemCallFilter=~@obsolete", 250, 10, a_syscalls, SC_OBSOLETE, false },
        { "SystemCallFilter=~@clock", 1000, 10, a_syscalls, SC_CLOCK, false },
        { "SystemCallFilter=~@cpu-emulation", 250, 10, a_syscalls, SC_CPU_EMULATION, false },
        { "SystemCallFilter=~@debug", 1000, 10, a_syscalls, SC_DEBUG, false },
        { "SystemCallFilter=~@mount", 1000, 10, a_syscalls, SC_MOUNT, false },
        { "SystemCallFilter=~@module", 1000, 10, a_syscalls, SC_MODULE, false },
        { "SystemCallFilter=~@raw-io", 1000, 10, a_syscalls, SC_RAW_IO, false },
        { "SystemCallFilter=~@reboot", 1000, 10, a_syscalls, SC_REBOOT, false },
        { "SystemCallFilter=~@privileged", 700, 10, a_syscalls, SC_PRIVILEGED, false },
        { "SystemCallFilter=~@resources", 700, 10, a_syscalls, SC_RESOURCES, false },
        { "IPAddressDeny=", 1000, 10, a_ip_deny, 0, false },
        { "DeviceAllow=", 1000, 10, a_device_allow, 0, false },
        { "AmbientCapabilities=", 500, 1, a_ambient, 0, false },
};

void unit_exposure(const struct unit *u, struct exposure *ret)
{
        struct sec_info s = { .u = u };
        const char *user = unit_get(u, "Service", "User");
        const char *dd = unit_get(u, "Unit", "DefaultDependencies");
        uint64_t bad_sum = 0, weight_sum = 0;
        uint64_t cost[ARRAY_SIZE(assessors)];
        struct exposure e = {};

        s.dynamic_user = parse_bool(unit_get(u, "Service", "DynamicUser")) == 1;
        s.root = !s.dynamic_user && (!user || streq(user, "root") || streq(user, "0"));
        s.default_deps = parse_bool(dd) != 0;
        s.caps = bounding_set(&s);
        s.ns_restricted = namespaces_restricted(&s);
        s.af_allowed = list_allowed(&s, &address_families);
        s.sc_allowed = list_allowed(&s, &syscall_filter);

        for (size_t i = 0; i < ARRAY_SIZE(assessors); i++) {
                const struct assessor *a = &assessors[i];
                unsigned b;

                cost[i] = 0;
                if (a->default_deps_only && !s.default_deps)
                        continue;
                b = a->assess(&s, a->param);
                if (b == NA)
                        continue;
                b = MIN(b, a->range);
                cost[i] = ((uint64_t) b * a->weight + a->range - 1) / a->range;
                bad_sum += cost[i];
                weight_sum += a->weight;
        }
        e.score = weight_sum ? (unsigned) ((bad_sum * 100 + weight_sum - 1) / weight_sum) : 0;

        /* The heaviest costs, for the evidence a person reads. */
        while (e.n_worst < ARRAY_SIZE(e.worst)) {
                size_t best = SIZE_MAX;
                for (size_t i = 0; i < ARRAY_SIZE(assessors); i++)
                        if (cost[i] > 0 && (best == SIZE_MAX || cost[i] > cost[best]))
                                best = i;
                if (best == SIZE_MAX)
                        break;
                e.worst[e.n_worst++] = assessors[best].id;
                cost[best] = 0;
        }
        *ret = e;
}

const char *exposure_level(unsigned score)
{
        if (score >= 100)
                return "DANGEROUS";
        if (score >= 90)
                return "UNSAFE";
        if (score >= 75)
                return "EXPOSED";
        if (score >= 50)
                return "MEDIUM";
        if (score >= 10)
                return "OK";
        if (score >= 1)
                return "SAFE";
        return "PERFECT";
}
