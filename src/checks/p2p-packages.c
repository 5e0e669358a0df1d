/* SPDX-License-Identifier: GPL-2.0-or-later */
#include <stddef.h>

#include "p2p-packages.h"

const struct p2p_package p2p_packages[] = {
        { "exim4-daemon-light", "mail transfer agent", { "exim4.service" } },
        { "exim4-daemon-heavy", "mail transfer agent", { "exim4.service" } },
        { "postfix", "mail transfer agent", { "postfix.service", "postfix@-.service" } },
        { "sendmail-bin", "mail transfer agent", { "sendmail.service" } },
        { "opensmtpd", "mail transfer agent", { "opensmtpd.service" } },
        { "courier-mta", "mail transfer agent", { "courier-mta.service" } },
        { "nullmailer", "mail relay", { "nullmailer.service" } },
        { "dovecot-core", "IMAP/POP3 server", { "dovecot.service", "dovecot.socket" } },
        { "courier-imap", "IMAP server", { "courier-imap.service" } },
        { "cyrus-imapd", "IMAP server", { "cyrus-imapd.service" } },
        { "ngircd", "IRC server", { "ngircd.service" } },
        { "inspircd", "IRC server", { "inspircd.service" } },
        { "ircd-hybrid", "IRC server", { "ircd-hybrid.service" } },
        { "irssi", "IRC client" },
        { "weechat-curses", "chat client" },
        { "prosody", "XMPP server", { "prosody.service" } },
        { "ejabberd", "XMPP server", { "ejabberd.service" } },
        { "profanity", "XMPP client" },
        { "asterisk", "SIP/VoIP server", { "asterisk.service" } },
        { "kamailio", "SIP server", { "kamailio.service" } },
        { "opensips", "SIP server", { "opensips.service" } },
        { "matrix-synapse", "Matrix server", { "matrix-synapse.service" } },
        { "pidgin", "chat client" },
        { "mutt", "mail client" },
        { "thunderbird", "mail client" },
        { NULL, NULL },
};
