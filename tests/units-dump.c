/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Test helper: the unit resolver's view of a tree (src/collect/collect-units.c),
 * one JSON object per unit, for tests/integration/units-oracle.py to hold
 * against systemctl --root. Usage: units-dump ROOT
 */
#include <jansson.h>
#include <stdio.h>

#include "collect.h"
#include "macro.h"
#include "strv.h"

static json_t *strv_json(char **l)
{
        json_t *a = json_array();
        for (size_t i = 0; l && l[i]; i++)
                json_array_append_new(a, json_string(l[i]));
        return a;
}

int main(int argc, char **argv)
{
        _cleanup_(facts_freep) struct facts *f = NULL;
        struct collect_options o = {};
        int k;

        if (argc != 2)
                return 2;
        o.root = argv[1];
        o.no_probe = true;
        k = facts_collect(&o, &f);
        if (k < 0) {
                fprintf(stderr, "units-dump: %s: %s\n", argv[1], strerror(-k));
                return 1;
        }
        for (size_t i = 0; i < f->units.n; i++) {
                const struct unit *u = &f->units.v[i];
                json_t *j = json_pack("{s:s, s:s?, s:b, s:b, s:i, s:s?, s:s?}", "name", u->name, "path", u->path,
                                      "enabled", u->enabled, "masked", u->masked, "starts", u->starts,
                                      "starts_why", u->starts_why, "sysv_script", u->sysv_script);
                char *s;

                json_object_set_new(j, "wanted_by", strv_json(u->wanted_by));
                json_object_set_new(j, "aliases", strv_json(u->aliases));
                json_object_set_new(j, "exec_start", strv_json(u->exec_start));
                json_object_set_new(j, "environment", strv_json(u->environment));
                json_object_set_new(j, "listen", strv_json(u->listen));
                s = json_dumps(j, JSON_COMPACT);
                puts(s);
                free(s);
                json_decref(j);
        }
        for (size_t i = 0; i < f->n_caps; i++)
                if (f->caps[i].area == FACTS_UNITS)
                        fprintf(stderr, "cap: %s\n", f->caps[i].text);
        return 0;
}
