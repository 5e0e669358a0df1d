/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * libFuzzer harness for the data-at-rest and CR 5.4 inputs. The first byte
 * picks the target, the rest is its input: 0 /proc/crypto, 1 a LUKS2 token's
 * JSON, 2 a unit file scored for sandboxing exposure. The seed corpus
 * (fuzz/corpus/luks) replays as an ordinary test.
 */
#include <stdint.h>
#include <stdlib.h>

#include "exposure.h"
#include "macro.h"
#include "parsers.h"
#include "strv.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
        const char *p = (const char *) data + 1;
        size_t n = size ? size - 1 : 0;

        if (size < 1)
                return 0;
        switch (data[0] % 3) {
        case 0: {
                char **l = NULL;
                if (proc_crypto_parse(p, n, &l) >= 0) {
                        /* Sorted and unique, as the checks rely on. */
                        for (size_t i = 0; l[i] && l[i + 1]; i++)
                                if (strcmp(l[i], l[i + 1]) >= 0)
                                        abort();
                        strv_free(l);
                }
                break;
        }
        case 1: {
                struct luks_token t = { .id = -7 };
                if (luks_token_parse(p, n, 3, &t) >= 0) {
                        if (!t.type || t.id != 3)
                                abort();
                        for (size_t i = 0; i < t.n_keyslots; i++)
                                if (t.keyslots[i] < 0 || t.keyslots[i] >= 32)
                                        abort();
                        (void) luks_token_kind(t.type);
                        luks_token_clear(&t);
                } else if (t.id != -7 || t.type)
                        abort(); /* ret untouched on failure */
                break;
        }
        case 2: {
                struct unit u = { .name = (char *) "fuzz.service", .enabled = true };
                struct exposure e;
                if (unit_file_parse(p, n, "fuzz.service", &u.settings, &u.n_settings) >= 0) {
                        unit_exposure(&u, &e);
                        if (e.score > 100 || e.n_worst > ARRAY_SIZE(e.worst))
                                abort();
                }
                unit_settings_free(u.settings, u.n_settings);
                break;
        }
        }
        return 0;
}
