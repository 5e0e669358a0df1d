/* SPDX-License-Identifier: GPL-2.0-or-later */
#include <fcntl.h>
#include <limits.h>
#include <sys/stat.h>

#include "chase.h"
#include "macro.h"

/* Opens the directory resolved so far ("" is the root) without following anything. */
static int open_resolved(int rootfd, const char *resolved)
{
        int fd = openat(rootfd, *resolved ? resolved : ".", O_PATH | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
        return fd < 0 ? negative_errno() : fd;
}

int chase_in_root(int rootfd, const char *path, int flags, int *ret_fd)
{
        _cleanup_free_ char *todo = xstrdup(path), *resolved = xstrdup("");
        unsigned links = 0;
        char *rest = todo;

        for (;;) {
                _cleanup_close_ int dfd = -1, fd = -1;
                char *comp, *next, target[PATH_MAX];
                struct stat st;
                ssize_t n;
                bool last, slash_after;

                while (*rest == '/')
                        rest++;
                if (!*rest)
                        break;
                comp = rest;
                next = strchr(rest, '/');
                slash_after = next != NULL;
                if (next)
                        *next++ = 0;
                else
                        next = rest + strlen(rest);
                rest = next;
                while (*rest == '/')
                        rest++;
                last = !*rest;

                if (streq(comp, "."))
                        continue;
                if (streq(comp, "..")) {
                        /* Never above the root: ".." of the root is the root. */
                        char *slash = strrchr(resolved, '/');
                        if (slash)
                                *slash = 0;
                        else
                                *resolved = 0;
                        continue;
                }
                dfd = open_resolved(rootfd, resolved);
                if (dfd < 0)
                        return dfd;
                fd = openat(dfd, comp, O_PATH | O_NOFOLLOW | O_CLOEXEC);
                if (fd < 0)
                        return negative_errno();
                if (fstat(fd, &st) < 0)
                        return negative_errno();
                if (S_ISLNK(st.st_mode) && !(last && (flags & O_NOFOLLOW))) {
                        char *joined;

                        if (++links > CHASE_MAX_LINKS)
                                return -ELOOP;
                        n = readlinkat(dfd, comp, target, sizeof(target));
                        if (n < 0)
                                return negative_errno();
                        if ((size_t) n >= sizeof(target))
                                return -ENAMETOOLONG;
                        target[n] = 0;
                        /* An absolute target starts again at the root, not at the host's /. */
                        if (target[0] == '/')
                                *resolved = 0;
                        /* "link/" still asks for a directory; "link" alone does not. */
                        joined = *rest || slash_after ? xasprintf("%s/%s", target, rest) : xstrdup(target);
                        free(todo);
                        todo = joined;
                        rest = todo;
                        continue;
                }
                if ((!last || slash_after) && !S_ISDIR(st.st_mode))
                        return -ENOTDIR;
                {
                        char *r = *resolved ? xasprintf("%s/%s", resolved, comp) : xstrdup(comp);
                        free(resolved);
                        resolved = r;
                }
                if (strlen(resolved) >= PATH_MAX)
                        return -ENAMETOOLONG;
        }

        /* The final open: its parent, then the last component with the caller's flags, never following. */
        {
                _cleanup_close_ int dfd = -1;
                char *slash = strrchr(resolved, '/');
                const char *name = slash ? slash + 1 : resolved;
                int fd;

                if (!*resolved) {
                        fd = openat(rootfd, ".", flags | O_CLOEXEC);
                        if (fd < 0)
                                return negative_errno();
                        *ret_fd = fd;
                        return 0;
                }
                if (slash)
                        *slash = 0;
                dfd = open_resolved(rootfd, slash ? resolved : "");
                if (dfd < 0)
                        return dfd;
                fd = openat(dfd, name, flags | O_NOFOLLOW | O_CLOEXEC);
                if (fd < 0)
                        return negative_errno();
                *ret_fd = fd;
                return 0;
        }
}
