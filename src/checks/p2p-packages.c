/* SPDX-License-Identifier: GPL-2.0-or-later */
#include <stddef.h>

#include "p2p-packages.h"

const struct p2p_package p2p_packages[] = {
        { "exim4-daemon-light", "mail transfer agent" },
        { "exim4-daemon-heavy", "mail transfer agent" },
        { "postfix", "mail transfer agent" },
        { "sendmail-bin", "mail transfer agent" },
        { "opensmtpd", "mail transfer agent" },
        { "courier-mta", "mail transfer agent" },
        { "nullmailer", "mail relay" },
        { "dovecot-core", "IMAP/POP3 server" },
        { "courier-imap", "IMAP server" },
        { "cyrus-imapd", "IMAP server" },
        { "ngircd", "IRC server" },
        { "inspircd", "IRC server" },
        { "ircd-hybrid", "IRC server" },
        { "irssi", "IRC client" },
        { "weechat-curses", "chat client" },
        { "prosody", "XMPP server" },
        { "ejabberd", "XMPP server" },
        { "profanity", "XMPP client" },
        { "asterisk", "SIP/VoIP server" },
        { "kamailio", "SIP server" },
        { "opensips", "SIP server" },
        { "matrix-synapse", "Matrix server" },
        { "pidgin", "chat client" },
        { "mutt", "mail client" },
        { "thunderbird", "mail client" },
        { NULL, NULL },
};
