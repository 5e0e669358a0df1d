/* SPDX-License-Identifier: GPL-2.0-or-later */
#include <dlfcn.h>
#include <errno.h>

#include "dlopen-util.h"
#include "macro.h"

/* Called with l->lock held, once. Resolves into a scratch array first so a failure leaves every pointer NULL. */
static int dl_library_try(struct dl_library *l)
{
        _cleanup_free_ void **found = NULL;
        void *h;

        /* dlerror() is per thread; clear what an earlier call left. */
        (void) dlerror();
        /* RTLD_NOW: a library that cannot bind all of its own imports fails here, not in the middle of a call. */
        h = dlopen(l->soname, RTLD_NOW | RTLD_NODELETE);
        if (!h) {
                const char *e = dlerror();
                l->error = xasprintf("%s not available: %s", l->soname, e ? e : "dlopen() failed");
                return -ELIBACC;
        }
        found = xreallocarray(NULL, l->n_symbols ? l->n_symbols : 1, sizeof(*found));
        for (size_t i = 0; i < l->n_symbols; i++) {
                (void) dlerror();
                found[i] = dlsym(h, l->symbols[i].name);
                if (!found[i]) {
                        /* Most likely too old a version; name the symbol, dlerror() may not. */
                        l->error = xasprintf("%s not available: symbol %s not found in it", l->soname, l->symbols[i].name);
                        (void) dlclose(h);
                        return -ELIBACC;
                }
        }
        for (size_t i = 0; i < l->n_symbols; i++)
                *l->symbols[i].fn = found[i];
        /* The handle is never closed: the pointers stay valid for the life of the process (RTLD_NODELETE as well). */
        return 1;
}

int dl_library_load(struct dl_library *l, const char **ret_error)
{
        int state;

        /* Fast path once decided; the acquire pairs with the release below, so the pointers and l->error are visible. */
        state = __atomic_load_n(&l->state, __ATOMIC_ACQUIRE);
        if (state == 0) {
                pthread_mutex_lock(&l->lock);
                state = l->state;
                if (state == 0) {
                        state = dl_library_try(l);
                        __atomic_store_n(&l->state, state, __ATOMIC_RELEASE);
                }
                pthread_mutex_unlock(&l->lock);
        }
        if (state < 0) {
                if (ret_error)
                        *ret_error = l->error;
                return state;
        }
        return 0;
}
