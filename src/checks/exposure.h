/* SPDX-License-Identifier: GPL-2.0-or-later */
#pragma once

/*
 * Sandboxing exposure of a systemd service, on the scale `systemd-analyze
 * security` uses (0.0 perfect .. 10.0 fully exposed), from the same settings
 * with comparable weights: a table of assessors, each a weight, a range of
 * badness and a function reading the unit's settings (drop-ins included).
 * It is an approximation of systemd's numbers, not a copy: settings systemd
 * derives at run time (the unit's effective syscall lists) are judged here
 * from what the unit file says.
 */

#include <stddef.h>

#include "facts.h"

struct exposure_item {
        const char *id;      /* "PrivateNetwork=", "CapabilityBoundingSet=~CAP_SYS_ADMIN", ... */
        unsigned weight;
        unsigned badness;    /* 0..range */
        unsigned range;
};

struct exposure {
        unsigned score;      /* 0..100: tenths of systemd's 0.0..10.0 */
        /* The settings that cost the most, heaviest first; points into static data. */
        const char *worst[6];
        size_t n_worst;
};

/* Computes the exposure of a service unit. Never fails: unknown values count as unset. */
void unit_exposure(const struct unit *u, struct exposure *ret);

/* systemd's words for a score: PERFECT, SAFE, OK, MEDIUM, EXPOSED, UNSAFE, DANGEROUS. */
const char *exposure_level(unsigned score);
