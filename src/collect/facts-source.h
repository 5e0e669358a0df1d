/* SPDX-License-Identifier: GPL-2.0-or-later */
#pragma once

#include "facts.h"
#include "file-source.h"

/*
 * The target's root as a file source (src/basic/file-source.h): reads go
 * through facts_read_file() (inside the root, capped, budgeted, hashed for
 * evidence), listings and links through the root fd. Lets code written
 * against a file source, like the drop-in loader, read a target exactly as
 * it reads the host. Valid as long as f is.
 */
struct file_source facts_file_source(struct facts *f);
