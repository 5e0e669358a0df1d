/* SPDX-License-Identifier: GPL-2.0-or-later */
#include "check.h"

const struct check_def checks_cr43[] = {
        {}
};
