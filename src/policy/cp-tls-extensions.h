/* SPDX-License-Identifier: GPL-2.0-or-later */
#pragma once

#include <stdbool.h>

#include "crypto-policy.h"

/*
 * Judges a TLS 1.2-and-older extension as a server negotiates it: name is
 * "renegotiation_info", "extended_master_secret", "encrypt_then_mac",
 * "ocsp_stapling" or "compression"; present says whether the server used it.
 */
struct cp_verdict cp_tls_extension(const struct crypto_policy *p, const char *name, bool present);
