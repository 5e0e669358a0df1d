/* SPDX-License-Identifier: GPL-2.0-or-later */
#include <errno.h>

#include "macro.h"
#include "writers.h"

/* Indexed by enum report_format, so the enumerators and the rows cannot drift apart. */
const struct report_writer report_writers[_REPORT_FORMAT_MAX] = {
        [REPORT_TEXT] = { .format = "text", .write = report_write_text },
        [REPORT_JSON] = { .format = "json", .write = report_write_json },
        [REPORT_JUNIT] = { .format = "junit", .write = report_write_junit },
        [REPORT_MARKDOWN] = { .format = "markdown", .write = report_write_markdown },
        [REPORT_HTML] = { .format = "html", .write = report_write_html },
        [REPORT_OSCAL] = { .format = "oscal", .note = "assessment results", .write = report_write_oscal },
        [REPORT_OSCAL_CATALOG] = { .format = "oscal-catalog", .write = report_write_oscal_catalog },
        [REPORT_SUMMARY] = { .format = "summary", .note = "one line", .write = report_write_summary },
};

const struct report_writer *report_writer_find(const char *format)
{
        for (size_t i = 0; i < ARRAY_SIZE(report_writers); i++)
                if (report_writers[i].format && streq(report_writers[i].format, format))
                        return &report_writers[i];
        return NULL;
}

int report_format_from_string(const char *s, enum report_format *ret)
{
        const struct report_writer *w = report_writer_find(s);

        if (!w)
                return -EINVAL;
        *ret = (enum report_format) (w - report_writers);
        return 0;
}

int report_write(const struct report *r, enum report_format fmt, const struct report_write_options *o, FILE *f)
{
        if ((unsigned) fmt >= ARRAY_SIZE(report_writers) || !report_writers[fmt].write)
                return -EINVAL;
        return report_writers[fmt].write(r, o, f);
}
