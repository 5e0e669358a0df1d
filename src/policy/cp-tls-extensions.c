/* SPDX-License-Identifier: GPL-2.0-or-later */
#include <stdio.h>

#include "cp-tls-extensions.h"
#include "crypto-policy.h"
#include "macro.h"

/*
 * TLS 1.2-and-older extensions a server should (or must not) use. Both
 * built-in policies agree here: SP 800-52r2 3.4.1 makes renegotiation
 * indication, extended master secret and certificate status request
 * mandatory for servers, and TR-02102-2 3.3.4 / 3.6 asks for the same plus
 * encrypt-then-MAC with CBC suites and no TLS compression.
 */
struct cp_verdict cp_tls_extension(const struct crypto_policy *p, const char *name, bool present)
{
        bool bsi = streq_ptr(crypto_policy_base(p), "bsi");
        struct cp_verdict v = { .status = CP_ACCEPTABLE };
        const char *what = name;

        if (streq(name, "renegotiation_info")) {
                v.status = present ? CP_ACCEPTABLE : CP_DISALLOWED;
                v.rule = bsi ? "BSI TR-02102-2 3.4.3" : "NIST SP 800-52r2 3.4.1.1";
                what = present ? "secure renegotiation indicated (RFC 5746)" :
                                 "no renegotiation indication: insecure renegotiation (RFC 5746)";
        } else if (streq(name, "extended_master_secret")) {
                v.status = present ? CP_ACCEPTABLE : CP_DEPRECATED;
                v.rule = bsi ? "BSI TR-02102-2 3.4.4" : "NIST SP 800-52r2 3.4.1.3";
                what = present ? "extended master secret supported (RFC 7627)" :
                                 "no extended master secret (RFC 7627): session hash not bound";
        } else if (streq(name, "encrypt_then_mac")) {
                v.status = present ? CP_ACCEPTABLE : CP_DEPRECATED;
                v.rule = bsi ? "BSI TR-02102-2 3.3.2" : "NIST SP 800-52r2 3.3.1.2";
                what = present ? "encrypt-then-MAC used with CBC suites (RFC 7366)" :
                                 "CBC suites without encrypt-then-MAC (RFC 7366)";
        } else if (streq(name, "ocsp_stapling")) {
                /* Servers often lack a responder to staple from: report, do not fail. */
                v.status = present ? CP_ACCEPTABLE : CP_LEGACY;
                v.rule = bsi ? "BSI TR-02102-2 3.4.2" : "NIST SP 800-52r2 3.4.1.2";
                what = present ? "OCSP stapling offered" : "no OCSP stapling (certificate status request)";
        } else if (streq(name, "compression")) {
                v.status = present ? CP_DISALLOWED : CP_ACCEPTABLE;
                v.rule = bsi ? "BSI TR-02102-2 3.3.5" : "NIST SP 800-52r2 3.7";
                what = present ? "TLS compression enabled (CRIME)" : "no TLS compression";
        } else if (streq(name, "client_renegotiation")) {
                /* Each renegotiation a client starts costs the server a full handshake, for free to the client. */
                v.status = present ? CP_DEPRECATED : CP_ACCEPTABLE;
                v.rule = "CVE-2011-1473 (client-initiated renegotiation)";
                what = present ? "client-initiated renegotiation accepted (a denial-of-service lever)" :
                                 "client-initiated renegotiation refused";
        } else if (streq(name, "fallback_scsv")) {
                /* Without it an attacker who breaks the first handshake pushes the client down a version. */
                v.status = present ? CP_ACCEPTABLE : CP_DEPRECATED;
                v.rule = "RFC 7507 (TLS_FALLBACK_SCSV)";
                what = present ? "TLS_FALLBACK_SCSV honoured: a downgraded hello is refused (inappropriate_fallback)" :
                                 "TLS_FALLBACK_SCSV ignored: a hello below the highest version is accepted (downgrade)";
        } else {
                v.status = CP_UNKNOWN;
                v.rule = "not in the policy";
        }
        snprintf(v.reason, sizeof(v.reason), "%s", what);
        return v;
}
