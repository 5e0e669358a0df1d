/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Built without libext2fs's headers (meson -Dimage=disabled, or a cross build without them). */
#include "macro.h"
#include "rootfs.h"

int root_open_image(const char *path, const char *partition, struct root **ret, char **ret_error)
{
        (void) partition, (void) ret;
        *ret_error = xasprintf("cannot read %s: this bulwark was built without disk image support (libext2fs-dev, meson -Dimage)", path);
        return -EOPNOTSUPP;
}
