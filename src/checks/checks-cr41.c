/* SPDX-License-Identifier: GPL-2.0-or-later */
/* CR 4.1 Information confidentiality: in transit and at rest. */
#include "check.h"
#include "strv.h"

static void check_tls_ssh_stack(struct check_ctx *c)
{
        static const char *const wanted[] = { "openssl", "libssl3", "openssh-server", "openssh-client" };
        const struct facts *f = c->facts;
        bool tls = false, ssh = false;

        if (check_fact_error(c, f->packages.err, "the dpkg database"))
                return;
        for (size_t i = 0; i < ARRAY_SIZE(wanted); i++) {
                const struct package *p = facts_package(f, wanted[i]);
                if (!p)
                        continue;
                check_evidence(c, "package", "/var/lib/dpkg/status", "%s %s (%s)", p->name, strempty(p->version), strempty(p->arch));
                if (startswith(p->name, "libssl") || streq(p->name, "openssl"))
                        tls = true;
                else
                        ssh = true;
        }
        if (tls && ssh)
                check_pass(c, "TLS (OpenSSL) and SSH (OpenSSH) are installed for protection in transit");
        else {
                check_fail(c, "%s", !tls && !ssh ? "neither OpenSSL nor OpenSSH is installed" : !tls ? "OpenSSL (libssl) is not installed" : "OpenSSH is not installed");
                check_action(c, "Install openssl/libssl3 and openssh so that data in transit can be protected (CIP security image package set).");
        }
}

const struct check_def checks_cr41[] = {
        { .id = "tls-ssh-stack-present", .title = "TLS and SSH stack installed", .reqs = { "CR 4.1" }, .run = check_tls_ssh_stack },
        {}
};
