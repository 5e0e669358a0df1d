/* SPDX-License-Identifier: GPL-2.0-or-later */
#pragma once

#include <jansson.h>

/* The string member key of o, "" when o has none (or it is not a string): for printing a JSON document. */
static inline const char *json_str_or_empty(json_t *o, const char *key)
{
        const char *v = json_string_value(json_object_get(o, key));

        return v ? v : "";
}
