/* SPDX-License-Identifier: GPL-2.0-or-later */
#pragma once

/*
 * Libraries only some paths need (libcryptsetup and its long dependency
 * chain, libblkid, libmount) are loaded with dlopen() on first use, so every
 * other invocation does not pay their start-up in the dynamic linker.
 *
 * A struct dl_library names a soname and the symbols to resolve into
 * function pointers. dl_library_load() loads it once per process, whichever
 * thread asks first; later calls return the recorded result.
 */

#include <pthread.h>
#include <stddef.h>

struct dl_symbol {
        void **fn;        /* where the address goes: (void **) &sym_foo */
        const char *name; /* "foo" */
};

struct dl_library {
        const char *soname;
        const struct dl_symbol *symbols;
        size_t n_symbols;
        /* State, zero-initialised; only dl_library_load() touches it. */
        pthread_mutex_t lock;
        int state;        /* 0 not tried, 1 loaded, -errno failed */
        char *error;      /* why it failed, for the lifetime of the process */
};

#define DL_SYMBOL(sym) { (void **) &sym_##sym, #sym }

#define DL_LIBRARY(so, syms)                                     \
        {                                                        \
                .soname = (so),                                  \
                .symbols = (syms),                               \
                .n_symbols = sizeof(syms) / sizeof((syms)[0]),   \
                .lock = PTHREAD_MUTEX_INITIALIZER,               \
        }

/*
 * Loads l->soname (RTLD_NOW, never unloaded) and resolves every symbol of l,
 * all or none: on failure no pointer is set. 0 when loaded, -ELIBACC when the
 * library or one of its symbols is missing; then ret_error (optional) gets a
 * message naming the library and, when one is missing, the symbol
 * ("libcryptsetup.so.12 not available: ..."), owned by l and valid as long as
 * the process. Thread-safe; the first call decides for the whole process.
 */
int dl_library_load(struct dl_library *l, const char **ret_error);
