/* report — reading any report file: JSON v1, an .xlsx workbook, or a published report. */
#include <string.h>

#include "report/report.h"

int rpt_load(const char *data, size_t n, const char *source, rpt **out, err *e)
{
    *out = NULL;
    size_t i = 0;
    if (n >= 3 && memcmp(data, "\xEF\xBB\xBF", 3) == 0)
        i = 3;
    if (n >= 4 && memcmp(data, "PK\x03\x04", 4) == 0)
        return rpt_read_xlsx(data, n, source, out, e);
    while (i < n && (data[i] == ' ' || data[i] == '\t' || data[i] == '\r' || data[i] == '\n'))
        i++;
    if (i < n && data[i] == '{')
        return rpt_from_json(data + i, n - i, source, out, e);
    return rpt_read(data, n, source, out, e);
}
