/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The storage collectors on trees in memory: fstab as libmount parses it
 * (a line it cannot parse is named, not dropped), .mount and .swap units
 * that start, the package swap sources (dphys-swapfile, zram-tools,
 * zram-generator), the CIP crypt hook counted only when installed, the /etc
 * overlay's storage and the file systems holding crypttab key files.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <sys/stat.h>

#include "collect.h"
#include "facts.h"
#include "macro.h"
#include "mem-root.h"
#include "rootfs.h"
#include "strv.h"

static const char *const base_dirs[] = {
        "/etc", "/etc/systemd", "/etc/systemd/system", "/etc/systemd/system/local-fs.target.wants",
        "/etc/systemd/system/multi-user.target.wants", "/etc/systemd/system/swap.target.wants", "/etc/default",
        "/lib", "/lib/systemd", "/lib/systemd/system", "/sbin", "/usr", "/usr/sbin", "/usr/lib", "/usr/lib/systemd",
        "/usr/lib/systemd/system-generators", "/usr/share", "/usr/share/encrypt_partition", "/usr/share/initramfs-tools",
        "/usr/share/initramfs-tools/hooks", "/usr/share/initramfs-tools/scripts", "/usr/share/initramfs-tools/scripts/local-top",
        "/usr/share/initramfs-tools/scripts/local-bottom", "/var", "/boot", NULL,
};

static struct mem_tree *tree(void)
{
        struct mem_tree *t = mem_tree_new();

        for (size_t i = 0; base_dirs[i]; i++)
                assert_non_null(mem_tree_dir(t, base_dirs[i]));
        return t;
}

static void put(struct mem_tree *t, const char *path, const char *text, mode_t mode)
{
        assert_non_null(mem_tree_file(t, path, text, strlen(text), mode));
}

static void run(struct facts *f, const char *name)
{
        for (const struct collector *const *row = collectors; *row; row++)
                if (streq((*row)->name, name)) {
                        f->collecting = (*row)->area;
                        (*row)->collect(f, &(struct collect_options){});
                        f->collecting = 0;
                        return;
                }
        fail_msg("no collector %s", name);
}

/* The collectors this area needs, in the table's order. */
static struct facts *collect(struct mem_tree *t)
{
        struct root *r = NULL;
        struct facts *f;

        assert_int_equal(mem_root_new(t, "memory:storage", false, &r), 0);
        f = facts_new(r);
        run(f, "units");
        run(f, "storage");
        run(f, "cip");
        run(f, "luks");
        return f;
}

/* Frees the areas through the table, as facts_free() does. */
static void release(struct facts *f)
{
        facts_free(f);
}

static const struct mount_entry *mount_at(const struct facts *f, const char *target)
{
        for (size_t i = 0; i < f->mounts.n; i++)
                if (streq_ptr(f->mounts.v[i].target, target))
                        return &f->mounts.v[i];
        return NULL;
}

static const struct data_mount *data_at(const struct facts *f, const char *path)
{
        for (size_t i = 0; i < f->data_mounts.n; i++)
                if (streq(f->data_mounts.v[i].path, path))
                        return &f->data_mounts.v[i];
        return NULL;
}

static const struct swap_entry *swap_of(const struct facts *f, const char *device)
{
        for (size_t i = 0; i < f->swaps.n; i++)
                if (streq_ptr(f->swaps.v[i].device, device))
                        return &f->swaps.v[i];
        return NULL;
}

static void test_fstab_lines(void **state)
{
        struct mem_tree *t = tree();
        struct facts *f;

        put(t, "/etc/fstab",
            "# comment\n"
            "/dev/sda1 / ext4 ro 0 1\n"
            "/dev/sdb1 /srv\n"                                   /* line 3: too few fields */
            "LABEL=data /data xfs defaults,nofail 0 2\n"
            "/dev/sdc1 none swap noauto 0 0\n"
            "UUID=1234 none swap sw 0 0\n"
            "/swapfile none swap sw 0 0\n"
            "/dev/sdd1 /x ext4 defaults 0 x\n",                   /* line 8: the pass field is not a number */
            0644);
        f = collect(t);
        assert_int_equal(f->mounts.err, 0);
        assert_int_equal(strv_length(f->mounts.unparsed), 2);
        assert_string_equal(f->mounts.unparsed[0], "/etc/fstab line 3");
        assert_string_equal(f->mounts.unparsed[1], "/etc/fstab line 8");
        assert_null(mount_at(f, "/srv"));
        assert_non_null(mount_at(f, "/data"));
        assert_string_equal(mount_at(f, "/data")->origin, "/etc/fstab");
        assert_true(swap_of(f, "/dev/sdc1")->noauto);
        assert_false(swap_of(f, "UUID=1234")->noauto);
        assert_string_equal(swap_of(f, "UUID=1234")->kind, "partition");
        assert_string_equal(swap_of(f, "/swapfile")->kind, "file");
        /* The swap file lies on the root file system, which is plain: known, not encrypted. */
        assert_true(swap_of(f, "/swapfile")->fs_known);
        assert_null(swap_of(f, "/swapfile")->fs_crypt);
        assert_string_equal(swap_of(f, "/swapfile")->fs_held_by, "/");
        /* /data is judged as a mount of its own, /var and /home as data directories on the root. */
        assert_non_null(data_at(f, "/data"));
        assert_string_equal(data_at(f, "/var")->held_by, "/");
        assert_true(data_at(f, "/")->read_only);
        release(f);
}

static void test_mount_and_swap_units(void **state)
{
        struct mem_tree *t = tree();
        struct facts *f;

        put(t, "/lib/systemd/system/data.mount", "[Mount]\nWhat=/dev/vdb\nWhere=/data\nType=ext4\n[Install]\nWantedBy=local-fs.target\n", 0644);
        assert_non_null(mem_tree_symlink(t, "/etc/systemd/system/local-fs.target.wants/data.mount", "/lib/systemd/system/data.mount"));
        /* Installed, not enabled: not mounted at boot. */
        put(t, "/lib/systemd/system/spare.mount", "[Mount]\nWhat=/dev/vdc\nWhere=/spare\n[Install]\nWantedBy=local-fs.target\n", 0644);
        put(t, "/etc/systemd/system/dev-vdd.swap", "[Swap]\nWhat=/dev/vdd\n", 0644);
        assert_non_null(mem_tree_symlink(t, "/etc/systemd/system/swap.target.wants/dev-vdd.swap", "../dev-vdd.swap"));
        put(t, "/etc/systemd/system/dev-vde.swap", "[Swap]\nWhat=/dev/vde\n", 0644);
        f = collect(t);
        assert_non_null(mount_at(f, "/data"));
        assert_string_equal(mount_at(f, "/data")->origin, "/lib/systemd/system/data.mount");
        assert_string_equal(mount_at(f, "/data")->source, "/dev/vdb");
        assert_null(mount_at(f, "/spare"));
        assert_non_null(data_at(f, "/data"));
        assert_string_equal(data_at(f, "/data")->source, "/dev/vdb");
        assert_non_null(swap_of(f, "/dev/vdd"));
        assert_null(swap_of(f, "/dev/vde"));
        /* No fstab: nothing says how the root is mounted. */
        assert_non_null(data_at(f, "/"));
        assert_non_null(data_at(f, "/")->undecided);
        release(f);
}

static void test_package_swap(void **state)
{
        struct mem_tree *t = tree();
        struct facts *f;

        put(t, "/sbin/dphys-swapfile", "#!/bin/sh\n", 0755);
        put(t, "/etc/dphys-swapfile", "# size\nCONF_SWAPSIZE=100\nCONF_SWAPFILE=\"/srv/swap\"\n", 0644);
        put(t, "/lib/systemd/system/dphys-swapfile.service", "[Service]\nExecStart=/sbin/dphys-swapfile swapon\n", 0644);
        assert_non_null(mem_tree_symlink(t, "/etc/systemd/system/multi-user.target.wants/dphys-swapfile.service",
                                         "/lib/systemd/system/dphys-swapfile.service"));
        put(t, "/usr/lib/systemd/system-generators/zram-generator", "", 0755);
        put(t, "/usr/lib/systemd/zram-generator.conf", "[zram0]\nzram-size = 0\n", 0644);
        /* /etc shadows /usr/lib: zram0 and zram1, zram1 writing back to a partition. */
        put(t, "/etc/systemd/zram-generator.conf",
            "[zram0]\nzram-size = ram / 2\n\n[zram1]\nzram-size = 512\nwriteback-device = /dev/disk/by-partlabel/wb\n", 0644);
        put(t, "/usr/sbin/zramswap", "#!/bin/sh\n", 0755);
        put(t, "/etc/default/zramswap", "PERCENT=25\n", 0644);
        put(t, "/lib/systemd/system/zramswap.service", "[Service]\nExecStart=/usr/sbin/zramswap start\n", 0644);
        f = collect(t);
        assert_non_null(swap_of(f, "/srv/swap"));
        assert_string_equal(swap_of(f, "/srv/swap")->kind, "file");
        assert_non_null(swap_of(f, "/dev/zram0"));
        assert_string_equal(swap_of(f, "/dev/zram0")->kind, "zram");
        assert_null(swap_of(f, "/dev/zram0")->writeback);
        assert_string_equal(swap_of(f, "/dev/zram1")->writeback, "/dev/disk/by-partlabel/wb");
        /* zramswap.service is not enabled: only the generator's two devices. */
        assert_int_equal(f->swaps.n, 3);
        assert_null(f->swaps.undecided);
        release(f);

        /* A value the shell would expand, and zram-generator drop-ins, are not decided. */
        t = tree();
        put(t, "/sbin/dphys-swapfile", "#!/bin/sh\n", 0755);
        put(t, "/etc/dphys-swapfile", "CONF_SWAPFILE=$BASE/swap\n", 0644);
        put(t, "/lib/systemd/system/dphys-swapfile.service", "[Service]\nExecStart=/sbin/dphys-swapfile swapon\n", 0644);
        assert_non_null(mem_tree_symlink(t, "/etc/systemd/system/multi-user.target.wants/dphys-swapfile.service",
                                         "/lib/systemd/system/dphys-swapfile.service"));
        put(t, "/usr/lib/systemd/system-generators/zram-generator", "", 0755);
        assert_non_null(mem_tree_dir(t, "/usr/lib/systemd/zram-generator.conf.d"));
        f = collect(t);
        assert_int_equal(f->swaps.n, 0);
        assert_int_equal(strv_length(f->swaps.undecided), 2);
        assert_non_null(strstr(f->swaps.undecided[0], "CONF_SWAPFILE=$BASE/swap"));
        assert_non_null(strstr(f->swaps.undecided[1], "zram-generator.conf.d"));
        release(f);
}

static void test_crypt_hook_installed(void **state)
{
        static const char *const env = "PARTITIONS=\"var:/var:reencrypt data:/data:format\"\n";
        struct mem_tree *t = tree();
        struct facts *f;

        /* The env alone: the hook is not installed and its partitions do not count. */
        put(t, "/usr/share/encrypt_partition/encrypt_partition.env", env, 0600);
        put(t, "/usr/share/initramfs-tools/hooks/encrypt_partition", "#!/bin/sh\n", 0755);
        put(t, "/usr/share/initramfs-tools/scripts/local-top/encrypt_partition", "#!/bin/sh\n", 0644);
        f = collect(t);
        assert_false(f->cip.encrypt_hook_installed);
        assert_non_null(strstr(f->cip.encrypt_hook_missing, "no executable initramfs script"));
        assert_null(data_at(f, "/data"));
        assert_null(data_at(f, "/var")->crypt_type);
        release(f);

        t = tree();
        put(t, "/usr/share/encrypt_partition/encrypt_partition.env", env, 0600);
        put(t, "/usr/share/initramfs-tools/hooks/encrypt_partition", "#!/bin/sh\n", 0755);
        put(t, "/usr/share/initramfs-tools/scripts/local-bottom/encrypt_partition", "#!/bin/sh\n", 0755);
        f = collect(t);
        assert_true(f->cip.encrypt_hook_installed);
        assert_null(f->cip.encrypt_hook_missing);
        assert_string_equal(f->cip.encrypt_hook_script, "/usr/share/initramfs-tools/scripts/local-bottom/encrypt_partition");
        assert_string_equal(data_at(f, "/data")->crypt_type, "crypt hook");
        assert_string_equal(data_at(f, "/data")->why, "crypt hook partition");
        assert_string_equal(data_at(f, "/var")->crypt_type, "crypt hook");
        release(f);
}

static void test_overlay_and_key_files(void **state)
{
        struct mem_tree *t = tree();
        struct facts *f;

        put(t, "/etc/fstab", "/dev/sda2 / squashfs ro 0 0\n/dev/sda1 /boot ext4 defaults 0 2\n/dev/mapper/secret /srv ext4 defaults 0 2\n", 0644);
        put(t, "/etc/crypttab", "secret /dev/sda4 /boot/secret.key luks\ncswap /dev/sda5 /dev/urandom swap\nusb /dev/sda6 /k.key:UUID=12 luks\n", 0644);
        put(t, "/usr/share/initramfs-tools/scripts/local-bottom/overlay",
            "#!/bin/sh\novl_partition_device=\"/dev/disk/by-label/var\"\novl_storage_path=\"/var/local\"\novl_lower_dirs=\"/etc\"\n"
            "storage_mount_point=\"$(echo x)\"\n", 0755);
        f = collect(t);
        assert_string_equal(f->cip.overlay_storage, "/var/local");
        assert_string_equal(f->cip.overlay_device, "/dev/disk/by-label/var");
        assert_string_equal(f->cip.overlay_lower, "/etc");
        /* Nothing else mounts /var: the overlay script mounts its device there, plain. */
        assert_string_equal(data_at(f, "/var")->source, "/dev/disk/by-label/var");
        assert_string_equal(data_at(f, "/var/local")->why, "/etc overlay storage");
        assert_null(data_at(f, "/var/local")->crypt_type);
        /* The key file on /boot: judged by the file system holding it; the random swap key is not a file. */
        assert_string_equal(data_at(f, "/boot/secret.key")->why, "key file of secret");
        assert_string_equal(data_at(f, "/boot/secret.key")->held_by, "/boot");
        assert_null(data_at(f, "/boot/secret.key")->crypt_type);
        assert_null(data_at(f, "/dev/urandom"));
        assert_non_null(data_at(f, "/k.key:UUID=12")->undecided);
        /* /boot is not judged as data storage; /srv is, through crypttab. */
        assert_null(data_at(f, "/boot"));
        assert_string_equal(data_at(f, "/srv")->crypt_type, "crypttab");
        assert_true(data_at(f, "/")->read_only);
        release(f);

        /* A storage path the shell would still expand is left unknown. */
        t = tree();
        put(t, "/usr/share/initramfs-tools/scripts/local-bottom/overlay", "ovl_storage_path=\"${BASE}/local\"\novl_partition_device=/dev/vdb\n", 0755);
        f = collect(t);
        assert_non_null(f->cip.overlay_script);
        assert_null(f->cip.overlay_storage);
        assert_non_null(data_at(f, "/etc")->undecided);
        release(f);
}

int main(void)
{
        const struct CMUnitTest tests[] = {
                cmocka_unit_test(test_fstab_lines),
                cmocka_unit_test(test_mount_and_swap_units),
                cmocka_unit_test(test_package_swap),
                cmocka_unit_test(test_crypt_hook_installed),
                cmocka_unit_test(test_overlay_and_key_files),
        };
        return cmocka_run_group_tests(tests, NULL, NULL);
}
