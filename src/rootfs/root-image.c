/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The disk-image implementation of the root source: a raw image (.wic,
 * .img) read as an ordinary user, nothing mounted, nothing extracted. The
 * partition table is GPT (read here: header and entry array, both with their
 * CRC32), or none (a bare file system image); the root file system is ext4
 * (ext2/3 too), read with libext2fs at the partition's byte offset. Paths
 * resolve with sym_ext2fs_namei() from the file system's own root inode, so an
 * absolute or ".." symlink can never leave the image's root.
 *
 * The root partition is the one named by the caller (GPT name or number),
 * else the first with a Linux root type GUID or a root-like name, else the
 * first ext4 partition holding an os-release; a squashfs or erofs root is
 * named and refused (not read yet), never guessed around.
 */
#include <errno.h>
#include <fcntl.h>
#include <linux/fs.h>
#include <openssl/evp.h>
#include <sys/ioctl.h>
#include <stdint.h>
#include <string.h>
#include <unistd.h>

#include "ext2fs-dl.h"
#include "fdio.h"
#include "macro.h"
#include "rootfs.h"
#include "strv.h"

#define GPT_ENTRIES_MAX 1024u
#define LIST_CAP_HARD (1u << 20)

struct root_image {
        ext2_filsys fs;
        struct root_image_info info;
};

/* libext2fs answers com_err codes; those below 256 are errno values. */
static int ext2_errno(errcode_t e)
{
        if (e > 0 && e < 256)
                return -(int) e;
        switch (e) {
        case 0: return 0;
        case EXT2_ET_FILE_NOT_FOUND: return -ENOENT;
        case EXT2_ET_NO_DIRECTORY: return -ENOTDIR;
        case EXT2_ET_SYMLINK_LOOP: return -ELOOP;
        case EXT2_ET_NO_MEMORY: return -ENOMEM;
        case EXT2_ET_FILE_TOO_BIG: return -EFBIG;
        default: return -EIO;
        }
}

static int lookup(struct root_image *m, const char *path, bool follow, ext2_ino_t *ret)
{
        errcode_t e;

        if (!path || path[0] != '/')
                return -EINVAL;
        if (path[strspn(path, "/")] == 0) {
                *ret = EXT2_ROOT_INO;
                return 0;
        }
        e = follow ? sym_ext2fs_namei_follow(m->fs, EXT2_ROOT_INO, EXT2_ROOT_INO, path, ret)
                   : sym_ext2fs_namei(m->fs, EXT2_ROOT_INO, EXT2_ROOT_INO, path, ret);
        return ext2_errno(e);
}

static int inode_of(struct root_image *m, ext2_ino_t ino, struct ext2_inode_large *ret)
{
        return ext2_errno(sym_ext2fs_read_inode2(m->fs, ino, (struct ext2_inode *) ret, sizeof(*ret), 0));
}

static void stat_of(ext2_ino_t ino, const struct ext2_inode_large *in, struct stat *st)
{
        *st = (struct stat) {
                .st_dev = 0xb17c, /* one file system per image root: any constant */
                .st_ino = ino,
                .st_mode = in->i_mode,
                .st_nlink = in->i_links_count,
                .st_uid = inode_uid(*in),
                .st_gid = inode_gid(*in),
                .st_size = (off_t) EXT2_I_SIZE(in),
                .st_blksize = 4096,
                .st_blocks = (blkcnt_t) in->i_blocks,
        };
        st->st_atim.tv_sec = in->i_atime;
        st->st_mtim.tv_sec = in->i_mtime;
        st->st_ctim.tv_sec = in->i_ctime;
}

static int image_stat(void *data, const char *path, bool nofollow, struct stat *ret)
{
        struct ext2_inode_large in;
        ext2_ino_t ino;
        int k;

        k = lookup(data, path, !nofollow, &ino);
        if (k < 0)
                return k;
        k = inode_of(data, ino, &in);
        if (k < 0)
                return k;
        stat_of(ino, &in, ret);
        return 0;
}

static bool image_exists(void *data, const char *path)
{
        struct stat st;
        return image_stat(data, path, false, &st) >= 0;
}

static int read_inode_data(struct root_image *m, ext2_ino_t ino, size_t len, char **ret)
{
        _cleanup_free_ char *buf = xmalloc0(len + 1);
        ext2_file_t file;
        size_t got = 0;
        errcode_t e;

        e = sym_ext2fs_file_open(m->fs, ino, 0, &file);
        if (e)
                return ext2_errno(e);
        while (got < len) {
                unsigned n = 0;

                e = sym_ext2fs_file_read(file, buf + got, (unsigned) MIN(len - got, (size_t) 1 << 20), &n);
                if (e || n == 0)
                        break;
                got += n;
        }
        (void) sym_ext2fs_file_close(file);
        if (e)
                return ext2_errno(e);
        if (got != len)
                return -EIO;
        *ret = TAKE_PTR(buf);
        return 0;
}

static int image_read_file(void *data, const char *path, size_t max, char **ret, size_t *ret_len, struct stat *ret_st)
{
        struct root_image *m = data;
        struct ext2_inode_large in;
        struct stat st;
        ext2_ino_t ino;
        int k;

        k = lookup(m, path, true, &ino);
        if (k < 0)
                return k;
        k = inode_of(m, ino, &in);
        if (k < 0)
                return k;
        stat_of(ino, &in, &st);
        if (S_ISDIR(st.st_mode))
                return -EISDIR;
        if (!S_ISREG(st.st_mode))
                return -EBADFD; /* as read_regular_fd(): a FIFO, device or socket is not content */
        if ((uint64_t) st.st_size > max)
                return -EFBIG;
        k = read_inode_data(m, ino, (size_t) st.st_size, ret);
        if (k < 0)
                return k;
        *ret_len = (size_t) st.st_size;
        *ret_st = st;
        return 0;
}

struct list_ctx {
        char **names;
        size_t n, max;
        bool cut;
};

static int list_one(ext2_ino_t dir, int entry, struct ext2_dir_entry *de, int offset, int blocksize, char *buf,
                    void *userdata)
{
        struct list_ctx *c = userdata;
        size_t len = de->name_len & 0xff; /* ext2fs_dirent_name_len(), a call in Debian's build */

        (void) dir, (void) entry, (void) offset, (void) blocksize, (void) buf;
        if ((len == 1 && de->name[0] == '.') || (len == 2 && de->name[0] == '.' && de->name[1] == '.'))
                return 0;
        if (c->n >= c->max) {
                c->cut = true;
                return DIRENT_ABORT;
        }
        c->names = xreallocarray(c->names, c->n + 2, sizeof(char *));
        c->names[c->n++] = xstrndup(de->name, len);
        c->names[c->n] = NULL;
        return 0;
}

static int image_list_dir(void *data, const char *path, size_t max_entries, char ***ret)
{
        struct root_image *m = data;
        struct list_ctx c = { .max = MIN(max_entries, (size_t) LIST_CAP_HARD) };
        ext2_ino_t ino;
        errcode_t e;
        int k;

        k = lookup(m, path, true, &ino);
        if (k < 0)
                return k;
        e = sym_ext2fs_check_directory(m->fs, ino);
        if (e)
                return ext2_errno(e);
        e = sym_ext2fs_dir_iterate2(m->fs, ino, 0, NULL, list_one, &c);
        if (e) {
                strv_free(c.names);
                return ext2_errno(e);
        }
        *ret = c.names ? c.names : xmalloc0(sizeof(char *));
        return c.cut ? 1 : 0;
}

static int image_readlink(void *data, const char *path, char **ret)
{
        struct root_image *m = data;
        struct ext2_inode_large in;
        ext2_ino_t ino;
        size_t len;
        int k;

        k = lookup(m, path, false, &ino);
        if (k < 0)
                return k;
        k = inode_of(m, ino, &in);
        if (k < 0)
                return k;
        if (!LINUX_S_ISLNK(in.i_mode))
                return -EINVAL;
        len = EXT2_I_SIZE(&in);
        if (len == 0 || len >= 4096)
                return -ENAMETOOLONG;
        if (sym_ext2fs_is_fast_symlink((struct ext2_inode *) &in)) {
                *ret = xstrndup((const char *) in.i_block, len);
                return 0;
        }
        if (in.i_flags & EXT4_INLINE_DATA_FL) {
                char buf[4096];
                size_t n = sizeof(buf);

                if (sym_ext2fs_inline_data_get(m->fs, ino, (struct ext2_inode *) &in, buf, &n))
                        return -EIO;
                *ret = xstrndup(buf, MIN(n, len));
                return 0;
        }
        return read_inode_data(m, ino, len, ret);
}

static void image_info_done(struct root_image_info *i)
{
        free(i->path);
        free(i->partition_name);
        free(i->partition_type);
        free(i->fstype);
}

static void image_free(void *data)
{
        struct root_image *m = data;

        if (!m)
                return;
        if (m->fs)
                (void) sym_ext2fs_close_free(&m->fs);
        image_info_done(&m->info);
        free(m);
}

static const struct root_image_info *image_info(void *data)
{
        return &((struct root_image *) data)->info;
}

static const struct root_ops root_image_ops = {
        .kind = "image",
        .read_file = image_read_file,
        .stat = image_stat,
        .exists = image_exists,
        .list_dir = image_list_dir,
        .readlink = image_readlink,
        .image = image_info,
        .free = image_free,
};

/* The GPT: LBA 1 of 512- or 4096-byte sectors, its CRC32 and its entries' CRC32 (UEFI 2.10, 5.3). */
struct gpt_part {
        unsigned number; /* 1-based */
        char type[37];
        char name[73];   /* UTF-8 of the UTF-16LE name (ASCII kept, others '?') */
        uint64_t offset, size;
};

static uint32_t crc32_le(const uint8_t *p, size_t n)
{
        uint32_t c = 0xffffffffu;

        for (size_t i = 0; i < n; i++) {
                c ^= p[i];
                for (int b = 0; b < 8; b++)
                        c = c & 1 ? (c >> 1) ^ 0xedb88320u : c >> 1;
        }
        return ~c;
}

static uint32_t le32(const uint8_t *p) { return (uint32_t) p[0] | (uint32_t) p[1] << 8 | (uint32_t) p[2] << 16 | (uint32_t) p[3] << 24; }
static uint64_t le64(const uint8_t *p) { return (uint64_t) le32(p) | (uint64_t) le32(p + 4) << 32; }

static void guid_string(const uint8_t *g, char out[static 37])
{
        snprintf(out, 37, "%08x-%04x-%04x-%02x%02x-%02x%02x%02x%02x%02x%02x", le32(g), (unsigned) (g[4] | g[5] << 8),
                 (unsigned) (g[6] | g[7] << 8), g[8], g[9], g[10], g[11], g[12], g[13], g[14], g[15]);
}

static int pread_full(int fd, void *buf, size_t len, uint64_t off)
{
        size_t got = 0;

        while (got < len) {
                ssize_t n = pread(fd, (char *) buf + got, len - got, (off_t) (off + got));
                if (n < 0 && errno == EINTR)
                        continue;
                if (n < 0)
                        return negative_errno();
                if (n == 0)
                        return -ENODATA;
                got += (size_t) n;
        }
        return 0;
}

/* 0 and the partitions; -ENOMSG when there is no GPT; -EBADMSG when there is one and it is damaged. */
static int gpt_read(int fd, uint64_t image_size, struct gpt_part **ret, size_t *ret_n, char **ret_error)
{
        static const unsigned sector_sizes[] = { 512, 4096 };

        for (size_t s = 0; s < ARRAY_SIZE(sector_sizes); s++) {
                unsigned ss = sector_sizes[s];
                _cleanup_free_ uint8_t *ents = NULL;
                struct gpt_part *v = NULL;
                uint8_t h[512];
                uint32_t hsize, n, esize, crc;
                uint64_t lba;
                size_t m = 0;

                if (pread_full(fd, h, sizeof(h), ss) < 0 || memcmp(h, "EFI PART", 8) != 0)
                        continue;
                hsize = le32(h + 12);
                if (hsize < 92 || hsize > sizeof(h)) {
                        *ret_error = xasprintf("the GPT header says it is %u bytes long", hsize);
                        return -EBADMSG;
                }
                crc = le32(h + 16);
                memset(h + 16, 0, 4);
                if (crc32_le(h, hsize) != crc) {
                        *ret_error = xstrdup("the GPT header's CRC32 does not match (a damaged or edited table)");
                        return -EBADMSG;
                }
                lba = le64(h + 72);
                n = le32(h + 80);
                esize = le32(h + 84);
                if (n > GPT_ENTRIES_MAX || esize < 128 || esize > 4096 || lba > image_size / ss) {
                        *ret_error = xasprintf("the GPT lists %u entries of %u bytes at LBA %ju: not a table this reads",
                                               n, esize, (uintmax_t) lba);
                        return -EBADMSG;
                }
                ents = xmalloc0((size_t) n * esize);
                if (pread_full(fd, ents, (size_t) n * esize, lba * ss) < 0 || crc32_le(ents, (size_t) n * esize) != le32(h + 88)) {
                        *ret_error = xstrdup("the GPT entry array cannot be read or its CRC32 does not match");
                        return -EBADMSG;
                }
                for (uint32_t i = 0; i < n; i++) {
                        const uint8_t *e = ents + (size_t) i * esize;
                        uint64_t first = le64(e + 32), last = le64(e + 40);
                        struct gpt_part *p;

                        if (memcmp(e, (uint8_t[16]){}, 16) == 0)
                                continue;
                        if (last < first || last >= image_size / ss) {
                                free(v);
                                *ret_error = xasprintf("GPT partition %u runs past the end of the image (LBA %ju-%ju)",
                                                       i + 1, (uintmax_t) first, (uintmax_t) last);
                                return -EBADMSG;
                        }
                        v = xreallocarray(v, m + 1, sizeof(*v));
                        p = &v[m++];
                        *p = (struct gpt_part) { .number = i + 1, .offset = first * ss, .size = (last - first + 1) * ss };
                        guid_string(e, p->type);
                        for (size_t c = 0; c < 36; c++) {
                                uint16_t u = (uint16_t) (e[56 + 2 * c] | e[57 + 2 * c] << 8);
                                if (u == 0)
                                        break;
                                p->name[c] = u >= 0x20 && u < 0x7f ? (char) u : '?';
                        }
                }
                *ret = v;
                *ret_n = m;
                return 0;
        }
        return -ENOMSG;
}

static bool root_like(const struct gpt_part *p)
{
        static const char *const types[] = {
                "4f68bce3-e8cd-4db1-96e7-fbcaf984b709", /* Linux root, x86-64 (Discoverable Partitions) */
                "b921b045-1df0-41c3-af44-4c6f280d3fae", /* Linux root, arm64 */
                "69dad710-2ce4-4e3c-b16c-21a1d49abed3", /* Linux root, arm32 */
                "44479540-f297-41b2-9af7-d131d5f0458a", /* Linux root, x86 */
        };
        static const char *const names[] = { "root", "rootfs", "root-a", "roota", "systema", "system-a" };

        for (size_t i = 0; i < ARRAY_SIZE(types); i++)
                if (strcaseeq(p->type, types[i]))
                        return true;
        for (size_t i = 0; i < ARRAY_SIZE(names); i++)
                if (strcaseeq(p->name, names[i]))
                        return true;
        return false;
}

/* Opens the ext2/3/4 file system at offset, read-only: 0, -EMEDIUMTYPE when there is none there. */
static int open_ext(const char *path, uint64_t offset, ext2_filsys *ret)
{
        char opts[64];
        errcode_t e;

        snprintf(opts, sizeof(opts), "offset=%ju", (uintmax_t) offset);
        e = sym_ext2fs_open2(path, opts, EXT2_FLAG_64BITS | EXT2_FLAG_IGNORE_CSUM_ERRORS, 0, 0, *sym_unix_io_manager, ret);
        if (e == EXT2_ET_BAD_MAGIC || e == EXT2_ET_SB_CSUM_INVALID || e == EXT2_ET_CORRUPT_SUPERBLOCK || e == EXT2_ET_SHORT_READ)
                return -EMEDIUMTYPE;
        return ext2_errno(e);
}

static const char *fs_magic(int fd, uint64_t offset)
{
        uint8_t b[4];

        if (pread_full(fd, b, 4, offset) < 0)
                return NULL;
        if (memcmp(b, "hsqs", 4) == 0)
                return "squashfs";
        if (pread_full(fd, b, 4, offset + 1024) == 0 && le32(b) == 0xe0f5e1e2)
                return "erofs";
        return NULL;
}

static bool has_os_release(ext2_filsys fs)
{
        ext2_ino_t ino;

        return sym_ext2fs_namei_follow(fs, EXT2_ROOT_INO, EXT2_ROOT_INO, "/etc/os-release", &ino) == 0 ||
               sym_ext2fs_namei_follow(fs, EXT2_ROOT_INO, EXT2_ROOT_INO, "/usr/lib/os-release", &ino) == 0;
}

static int image_sha256(int fd, char out[static 65])
{
        _cleanup_free_ uint8_t *buf = xmalloc0((size_t) 1 << 20);
        EVP_MD_CTX *ctx = EVP_MD_CTX_new();
        unsigned char md[32];
        uint64_t off = 0;
        int k = 0;

        if (!ctx || EVP_DigestInit_ex(ctx, EVP_sha256(), NULL) != 1) {
                EVP_MD_CTX_free(ctx);
                return -ENOMEM;
        }
        for (;;) {
                ssize_t n = pread(fd, buf, (size_t) 1 << 20, (off_t) off);
                if (n < 0 && errno == EINTR)
                        continue;
                if (n < 0) {
                        k = negative_errno();
                        break;
                }
                if (n == 0)
                        break;
                EVP_DigestUpdate(ctx, buf, (size_t) n);
                off += (uint64_t) n;
        }
        if (k == 0 && EVP_DigestFinal_ex(ctx, md, NULL) != 1)
                k = -EIO;
        EVP_MD_CTX_free(ctx);
        if (k < 0)
                return k;
        for (size_t i = 0; i < 32; i++)
                snprintf(out + 2 * i, 3, "%02x", md[i]);
        return 0;
}

int root_open_image(const char *path, const char *partition, struct root **ret, char **ret_error)
{
        _cleanup_close_ int fd = -1;
        _cleanup_free_ struct gpt_part *parts = NULL;
        struct root_image *m;
        const struct gpt_part *pick = NULL;
        ext2_filsys fs = NULL;
        size_t n = 0;
        struct stat st;
        int k;

        *ret_error = NULL;
        {
                const char *why = NULL;

                k = dlopen_ext2fs(&why);
                if (k < 0) {
                        *ret_error = xasprintf("reading a disk image needs libext2fs (e2fsprogs): %s", strna(why));
                        return k;
                }
        }
        fd = open(path, O_RDONLY | O_CLOEXEC | O_NOCTTY);
        if (fd < 0) {
                k = negative_errno();
                *ret_error = xasprintf("cannot open %s: %s", path, strerror(-k));
                return k;
        }
        if (fstat(fd, &st) < 0 || !(S_ISREG(st.st_mode) || S_ISBLK(st.st_mode))) {
                *ret_error = xasprintf("%s is not a disk image file", path);
                return -EBADFD;
        }
        if (S_ISBLK(st.st_mode)) {
                uint64_t bytes = 0;

                if (ioctl(fd, BLKGETSIZE64, &bytes) < 0) {
                        *ret_error = xasprintf("cannot size %s", path);
                        return -EIO;
                }
                st.st_size = (off_t) bytes;
        }
        k = gpt_read(fd, (uint64_t) st.st_size, &parts, &n, ret_error);
        if (k == -EBADMSG)
                return k;
        if (k == -ENOMSG && partition) {
                *ret_error = xasprintf("%s has no GPT, so there is no partition '%s'", path, partition);
                return -ENOENT;
        }

        if (k == 0 && partition) {
                unsigned num = 0;

                for (size_t i = 0; i < n && !pick; i++)
                        if (streq(parts[i].name, partition) ||
                            (sscanf(partition, "%u", &num) == 1 && num == parts[i].number))
                                pick = &parts[i];
                if (!pick) {
                        *ret_error = xasprintf("%s has no partition named or numbered '%s'", path, partition);
                        return -ENOENT;
                }
        } else if (k == 0) {
                for (size_t i = 0; i < n && !pick; i++)
                        if (root_like(&parts[i]))
                                pick = &parts[i];
                /* No name or type says root: the first ext file system that holds an os-release. */
                for (size_t i = 0; i < n && !pick; i++) {
                        if (open_ext(path, parts[i].offset, &fs) < 0)
                                continue;
                        if (has_os_release(fs))
                                pick = &parts[i];
                        else
                                (void) sym_ext2fs_close_free(&fs);
                }
                if (!pick) {
                        *ret_error = xasprintf("no partition of %s is a root (by GPT type or name) or an ext file system with "
                                               "an os-release; name one with --partition", path);
                        return -ENOENT;
                }
        }

        if (!fs) {
                uint64_t off = pick ? pick->offset : 0;
                const char *other = fs_magic(fd, off);

                k = open_ext(path, off, &fs);
                if (k < 0) {
                        if (other)
                                *ret_error = xasprintf("the root file system%s%s is %s, which this version cannot read yet",
                                                       pick ? " in partition " : "", pick ? pick->name : "", other);
                        else
                                *ret_error = xasprintf("no ext2/3/4 file system %s%s: %s", pick ? "in partition " : "at the start of ",
                                                       pick ? pick->name : path,
                                                       k == -EMEDIUMTYPE ? "no valid superblock there" : strerror(-k));
                        return k == -EMEDIUMTYPE ? -EMEDIUMTYPE : k;
                }
        }

        m = xmalloc0(sizeof(*m));
        m->fs = fs;
        m->info.path = xstrdup(path);
        m->info.size = (uint64_t) st.st_size;
        m->info.fstype = xstrdup(fs->super->s_feature_incompat & EXT3_FEATURE_INCOMPAT_EXTENTS ? "ext4" :
                                 fs->super->s_feature_compat & EXT3_FEATURE_COMPAT_HAS_JOURNAL ? "ext3" : "ext2");
        if (pick) {
                m->info.partition = pick->number;
                m->info.partition_name = xstrdup(pick->name);
                m->info.partition_type = xstrdup(pick->type);
                m->info.partition_offset = pick->offset;
                m->info.partition_size = pick->size;
        }
        k = image_sha256(fd, m->info.sha256);
        if (k < 0) {
                image_free(m);
                *ret_error = xasprintf("cannot read %s to hash it: %s", path, strerror(-k));
                return k;
        }
        return root_new(&root_image_ops, m, path, false, ret);
}
