/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The I/O pipeline: one thread does pread/pwrite while the caller's thread
 * generates the next chunk of pattern (write) or checks the last chunk read
 * (verify). With AES-CTR at several GB/s and large O_DIRECT chunks, the
 * device, not the CPU, sets the pace.
 */
#include <fcntl.h>
#include <linux/fs.h>
#include <pthread.h>
#include <sys/ioctl.h>
#include <sys/stat.h>

#include "macro.h"
#include "wipe-internal.h"

#define NSLOT 4

enum slot_state {
        SLOT_IDLE,
        SLOT_QUEUED,   /* write: filled, waiting for the I/O thread */
        SLOT_DONE,     /* the I/O thread finished with it */
        SLOT_END,      /* read: no more ranges */
};

struct slot {
        uint8_t *buf;
        uint64_t off;
        size_t len;
        size_t done;   /* bytes transferred without error */
        int err;       /* first error of the transfer, positive errno */
        enum slot_state st;
};

typedef bool (*range_fn)(void *userdata, uint64_t index, uint64_t *ret_off, size_t *ret_len);

struct pipe {
        pthread_mutex_t m;
        pthread_cond_t cond;
        struct slot s[NSLOT];
        struct wipe_io *io;
        bool writing;
        bool quit;
        bool full;     /* grow mode: the file system is full; later chunks are not attempted */
        range_fn ranges;
        void *range_data;
};

static void pipe_record_error(struct pipe *p, const char *phase, uint64_t off, uint64_t len, int err)
{
        pthread_mutex_lock(&p->m);
        wipe_record_error(p->io->r, p->io->path, phase, off, len, err);
        pthread_mutex_unlock(&p->m);
}

/* One transfer, retried on EINTR and short counts; O_DIRECT dropped where the fd refuses it. */
static int transfer(struct pipe *p, uint8_t *buf, uint64_t off, size_t len, size_t *ret_done)
{
        size_t done = 0;
        bool dropped_direct = false;

        while (done < len) {
                ssize_t n = p->writing ? pwrite(p->io->fd, buf + done, len - done, (off_t) (off + done))
                                       : pread(p->io->fd, buf + done, len - done, (off_t) (off + done));
                if (n < 0 && errno == EINTR)
                        continue;
                if (n < 0 && errno == EINVAL && !dropped_direct) {
                        int fl = fcntl(p->io->fd, F_GETFL);

                        dropped_direct = true;
                        if (fl >= 0 && (fl & O_DIRECT) && fcntl(p->io->fd, F_SETFL, fl & ~O_DIRECT) == 0)
                                continue;
                        errno = EINVAL;
                }
                if (n < 0) {
                        *ret_done = done;
                        return errno;
                }
                if (n == 0) {
                        *ret_done = done;
                        return p->writing ? ENOSPC : ENODATA;
                }
                done += (size_t) n;
        }
        *ret_done = done;
        return 0;
}

/*
 * A failed chunk is retried in 64 KiB pieces so the record names the ranges
 * that really failed, not the whole chunk; systemic errors (read-only,
 * permission) fail every piece and merge back into one range.
 */
static void transfer_chunk(struct pipe *p, struct slot *sl)
{
        const size_t piece = 64 << 10;
        size_t done = 0;
        int err;

        if (p->full) {
                /* Writing past the end of what was filled would leave holes and half-allocated extents. */
                sl->err = ENOSPC;
                sl->done = 0;
                return;
        }
        err = transfer(p, sl->buf, sl->off, sl->len, &done);
        sl->err = err;
        sl->done = done;
        if (err == ENOSPC && p->writing && p->io->grow_until_full) {
                p->full = true;
                /* A file system refuses a whole O_DIRECT write it cannot place; fill the rest in ever smaller pieces. */
                static const size_t sizes[] = { 1 << 20, 64 << 10, 4 << 10, 512 };

                for (size_t i = 0; i < ARRAY_SIZE(sizes) && sl->done < sl->len; i++) {
                        while (sl->done < sl->len) {
                                size_t n = MIN(sizes[i], sl->len - sl->done), d = 0;

                                if (transfer(p, sl->buf + sl->done, sl->off + sl->done, n, &d) != 0) {
                                        sl->done += d;
                                        break;
                                }
                                sl->done += d;
                        }
                }
                return;
        }
        if (err == 0 || err == ENOSPC || err == ENODATA || (err != EIO && err != ENXIO && err != EILSEQ)) {
                if (err != 0 && !(err == ENOSPC && p->io->grow_until_full))
                        pipe_record_error(p, p->writing ? "write" : "read", sl->off + done, sl->len - done, err);
                return;
        }
        sl->done = done;
        for (size_t at = done - done % piece; at < sl->len; at += piece) {
                size_t n = MIN(piece, sl->len - at), d = 0;
                int e = transfer(p, sl->buf + at, sl->off + at, n, &d);

                if (e != 0)
                        pipe_record_error(p, p->writing ? "write" : "read", sl->off + at, n, e);
                else if (at == sl->done)
                        sl->done += n;
        }
}

/* Hands a slot to the other side: its new state, under the lock, and a wake-up. */
static void set_slot(struct pipe *p, struct slot *sl, enum slot_state st)
{
        pthread_mutex_lock(&p->m);
        sl->st = st;
        pthread_cond_broadcast(&p->cond);
        pthread_mutex_unlock(&p->m);
}

static void *io_thread(void *userdata)
{
        struct pipe *p = userdata;

        for (uint64_t j = 0;; j++) {
                struct slot *sl = &p->s[j % NSLOT];

                pthread_mutex_lock(&p->m);
                if (p->writing) {
                        while (sl->st != SLOT_QUEUED && !p->quit)
                                pthread_cond_wait(&p->cond, &p->m);
                        if (sl->st != SLOT_QUEUED) {
                                pthread_mutex_unlock(&p->m);
                                break;
                        }
                } else {
                        while (sl->st != SLOT_IDLE && !p->quit)
                                pthread_cond_wait(&p->cond, &p->m);
                        if (p->quit) {
                                pthread_mutex_unlock(&p->m);
                                break;
                        }
                }
                pthread_mutex_unlock(&p->m);

                if (!p->writing && !p->ranges(p->range_data, j, &sl->off, &sl->len)) {
                        set_slot(p, sl, SLOT_END);
                        break;
                }
                transfer_chunk(p, sl);

                set_slot(p, sl, SLOT_DONE);
        }
        return NULL;
}

static int pipe_init(struct pipe *p, struct wipe_io *io, bool writing)
{
        *p = (struct pipe){ .io = io, .writing = writing };
        pthread_mutex_init(&p->m, NULL);
        pthread_cond_init(&p->cond, NULL);
        for (int i = 0; i < NSLOT; i++)
                if (posix_memalign((void **) &p->s[i].buf, 4096, WIPE_CHUNK) != 0)
                        return -ENOMEM;
        return 0;
}

static void pipe_done(struct pipe *p)
{
        for (int i = 0; i < NSLOT; i++)
                free(p->s[i].buf);
        pthread_cond_destroy(&p->cond);
        pthread_mutex_destroy(&p->m);
}

/* Tells the I/O thread to end, waits for it, frees the pipe. */
static void pipe_stop(struct pipe *p, pthread_t th)
{
        pthread_mutex_lock(&p->m);
        p->quit = true;
        pthread_cond_broadcast(&p->cond);
        pthread_mutex_unlock(&p->m);
        pthread_join(th, NULL);
        pipe_done(p);
}

static void wait_slot(struct pipe *p, struct slot *sl, enum slot_state a, enum slot_state b)
{
        pthread_mutex_lock(&p->m);
        while (sl->st != a && sl->st != b)
                pthread_cond_wait(&p->cond, &p->m);
        pthread_mutex_unlock(&p->m);
}

static int pattern_fill(const struct wipe_pattern *pat, uint64_t off, uint8_t *buf, size_t len)
{
        switch (pat->kind) {
        case PATTERN_ZERO:
                memset(buf, 0, len);
                return 0;
        case PATTERN_BYTE:
                memset(buf, pat->byte, len);
                return 0;
        case PATTERN_KEYSTREAM:
                return keystream_fill(pat->ks, off, buf, len);
        }
        return -EINVAL;
}

static bool report_progress(struct wipe_io *io, const char *phase, uint64_t done)
{
        struct wipe_progress p = { .phase = phase };

        if (done > io->reported) {
                io->r->job_done += done - io->reported;
                io->reported = done;
        }
        if (!io->o || !io->o->progress)
                return true;
        p.done = io->progress_base + done;
        p.total = MAX(io->progress_total, p.done);
        p.job_done = io->r->job_done;
        p.job_total = MAX(io->r->job_total, p.job_done + (p.total - p.done));
        return io->o->progress(&p, io->o->userdata) >= 0;
}

int wipe_io_write(struct wipe_io *io, const struct wipe_pattern *pat)
{
        struct pipe p;
        pthread_t th;
        uint64_t off = 0, i = 0, completed = 0;
        bool stop = false, constant = pat->kind != PATTERN_KEYSTREAM;
        int k;

        io->reported = 0;
        k = pipe_init(&p, io, true);
        if (k < 0) {
                pipe_done(&p);
                return k;
        }
        /* Constant patterns are filled once per buffer, not per chunk. */
        if (constant)
                for (int s = 0; s < NSLOT; s++)
                        (void) pattern_fill(pat, 0, p.s[s].buf, WIPE_CHUNK);
        if (pthread_create(&th, NULL, io_thread, &p) != 0) {
                pipe_done(&p);
                return -EAGAIN;
        }

        for (;; i++) {
                struct slot *sl = &p.s[i % NSLOT];

                wait_slot(&p, sl, SLOT_IDLE, SLOT_DONE);
                if (sl->st == SLOT_DONE) {
                        completed += sl->len;
                        io->written += sl->done;
                        if (sl->err == ENOSPC && io->grow_until_full)
                                stop = true;
                        sl->st = SLOT_IDLE;
                        if (!report_progress(io, "write", completed)) {
                                io->cancelled = true;
                                stop = true;
                        }
                }
                if (stop || off >= io->size)
                        break;
                sl->off = off;
                sl->len = (size_t) MIN((uint64_t) WIPE_CHUNK_WRITE, io->size - off);
                if (!constant && pattern_fill(pat, sl->off, sl->buf, sl->len) < 0) {
                        wipe_record_error(io->r, io->path, "pattern", off, sl->len, EIO);
                        break;
                }
                off += sl->len;
                set_slot(&p, sl, SLOT_QUEUED);
        }
        /* Drain what is still in flight, in order. */
        for (uint64_t j = i + 1; j < i + NSLOT; j++) {
                struct slot *sl = &p.s[j % NSLOT];

                wait_slot(&p, sl, SLOT_IDLE, SLOT_DONE);
                if (sl->st == SLOT_DONE) {
                        completed += sl->len;
                        io->written += sl->done;
                        sl->st = SLOT_IDLE;
                }
        }
        pipe_stop(&p, th);
        /* The chunks drained above count too: the pass ends at its whole size, not at the last one seen in the loop. */
        if (!io->cancelled && !report_progress(io, "write", completed))
                io->cancelled = true;
        return io->cancelled ? -ECANCELED : 0;
}

/* Sampling per NIST SP 800-88: first and last block, then two pseudo-random places in each subsection. */
#define SAMPLE_SUBSECTIONS 1000
#define SAMPLE_LEN ((size_t) 64 << 10)

struct sample_plan {
        uint64_t size;
        uint64_t subsections;
        uint64_t sub_len;
        uint64_t seed;
        uint32_t align;
};

static uint64_t splitmix64(uint64_t x)
{
        x += 0x9e3779b97f4a7c15ULL;
        x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ULL;
        x = (x ^ (x >> 27)) * 0x94d049bb133111ebULL;
        return x ^ (x >> 31);
}

static bool sample_range(void *userdata, uint64_t j, uint64_t *ret_off, size_t *ret_len)
{
        const struct sample_plan *sp = userdata;
        uint64_t len = MIN((uint64_t) SAMPLE_LEN, sp->size), off;

        if (j == 0)
                off = 0;
        else if (j == 1)
                off = sp->size - len;
        else if (j - 2 < 2 * sp->subsections) {
                uint64_t sub = (j - 2) / 2, start = sub * sp->sub_len;
                uint64_t room = sp->sub_len > len ? sp->sub_len - len : 0;

                off = start + (room ? splitmix64(sp->seed ^ (j * 0x2545f4914f6cdd1dULL)) % (room + 1) : 0);
                if (off + len > sp->size)
                        off = sp->size - len;
        } else
                return false;
        off -= off % sp->align;
        *ret_off = off;
        *ret_len = (size_t) MIN(len, sp->size - off);
        return true;
}

static uint64_t sample_subsections(uint64_t size, uint32_t align)
{
        return MIN((uint64_t) SAMPLE_SUBSECTIONS, MAX(size / MAX(align, 512u), (uint64_t) 1));
}

uint64_t wipe_io_verify_bytes(uint64_t size, uint32_t align, enum wipe_verify v)
{
        uint64_t sampled;

        if (v == WIPE_VERIFY_NONE)
                return 0;
        /*
         * Samples of SAMPLE_LEN in every subsection would read a small target
         * several times over (2002 x 64 KiB for a 10 MiB file): where they add
         * up to the whole, one full read is less, and it checks every byte.
         */
        sampled = (2 + 2 * sample_subsections(size, align)) * (uint64_t) SAMPLE_LEN;
        return v == WIPE_VERIFY_SAMPLE && sampled < size ? sampled : size;
}

struct full_plan {
        uint64_t size;
};

static bool full_range(void *userdata, uint64_t j, uint64_t *ret_off, size_t *ret_len)
{
        const struct full_plan *fp = userdata;
        uint64_t off = j * WIPE_CHUNK_READ;

        if (off >= fp->size)
                return false;
        *ret_off = off;
        *ret_len = (size_t) MIN((uint64_t) WIPE_CHUNK_READ, fp->size - off);
        return true;
}

static void record_mismatch(struct wipe_io *io, uint64_t off, const uint8_t *got, const uint8_t *want, size_t len)
{
        struct wipe_record *r = io->r;
        size_t first = 0;

        while (first < len && got[first] == want[first])
                first++;
        /* Count differing 4 KiB blocks, so the total says how much survived. */
        for (size_t b = first - first % 4096; b < len; b += 4096)
                if (memcmp(got + b, want + b, MIN((size_t) 4096, len - b)) != 0)
                        r->mismatches_total++;
        if (r->n_mismatches < WIPE_MAX_RECORDED) {
                r->mismatches = xreallocarray(r->mismatches, r->n_mismatches + 1, sizeof(*r->mismatches));
                r->mismatches[r->n_mismatches++] = (struct wipe_mismatch){
                        .path = io->path ? wipe_path_display(io->path) : NULL,
                        .offset = off + first,
                };
        }
}

int wipe_io_verify(struct wipe_io *io, const struct wipe_pattern *pat, enum wipe_verify v)
{
        struct sample_plan sp = { 0 };
        struct full_plan fp = { .size = io->size };
        _cleanup_free_ uint8_t *want = NULL;
        struct pipe p;
        pthread_t th;
        uint64_t checked = 0, total;
        int k;

        if (io->size == 0)
                return 0;
        io->reported = 0;
        if (posix_memalign((void **) &want, 4096, WIPE_CHUNK) != 0)
                return -ENOMEM;
        k = pipe_init(&p, io, false);
        if (k < 0) {
                pipe_done(&p);
                return k;
        }
        sp.subsections = sample_subsections(io->size, io->align);
        if (v == WIPE_VERIFY_SAMPLE && wipe_io_verify_bytes(io->size, io->align, v) == io->size) {
                v = WIPE_VERIFY_FULL;
                if (!io->r->sample_read_whole)
                        wipe_record_note(io->r, "verification read %s in full: its samples would have added up to more than the whole",
                                         io->path ? "each file too small to sample" : "the target");
                io->r->sample_read_whole = true;
        }
        if (v == WIPE_VERIFY_SAMPLE) {
                sp.size = io->size;
                sp.align = MAX(io->align, 512u);
                sp.sub_len = io->size / sp.subsections;
                if (io->r->sample_seed == 0 && random_bytes(&io->r->sample_seed, sizeof(io->r->sample_seed)) < 0)
                        io->r->sample_seed = (uint64_t) time(NULL);
                sp.seed = io->r->sample_seed;
                p.ranges = sample_range;
                p.range_data = &sp;
                total = wipe_io_verify_bytes(io->size, io->align, v);
        } else {
                p.ranges = full_range;
                p.range_data = &fp;
                total = io->size;
        }
        if (pat->kind != PATTERN_KEYSTREAM)
                (void) pattern_fill(pat, 0, want, WIPE_CHUNK);
        if (pthread_create(&th, NULL, io_thread, &p) != 0) {
                pipe_done(&p);
                return -EAGAIN;
        }

        for (uint64_t i = 0;; i++) {
                struct slot *sl = &p.s[i % NSLOT];

                wait_slot(&p, sl, SLOT_DONE, SLOT_END);
                if (sl->st == SLOT_END)
                        break;
                if (sl->done > 0) {
                        if (pat->kind == PATTERN_KEYSTREAM && pattern_fill(pat, sl->off, want, sl->done) < 0)
                                wipe_record_error(io->r, io->path, "verify", sl->off, sl->done, EIO);
                        else if (memcmp(sl->buf, want, sl->done) != 0)
                                record_mismatch(io, sl->off, sl->buf, want, sl->done);
                }
                io->r->bytes_verified += sl->done;
                if (v == WIPE_VERIFY_SAMPLE)
                        io->r->samples++;
                checked += sl->len;
                set_slot(&p, sl, SLOT_IDLE);
                if (!report_progress(io, "verify", MIN(checked, total))) {
                        io->cancelled = true;
                        break;
                }
        }
        pipe_stop(&p, th);
        return io->cancelled ? -ECANCELED : 0;
}

int wipe_io_sync_and_drop(struct wipe_io *io, bool is_blockdev)
{
        int k = 0;

        if (fsync(io->fd) < 0) {
                k = negative_errno();
                wipe_record_error(io->r, io->path, "sync", 0, io->size, -k);
        }
        if (is_blockdev)
                (void) ioctl(io->fd, BLKFLSBUF, 0);
        (void) posix_fadvise(io->fd, 0, 0, POSIX_FADV_DONTNEED);
        return k;
}
