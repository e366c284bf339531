/* store — the PostgreSQL backend of the database layer (libpq). */
#include <libpq-fe.h>

#include "store/db_internal.h"

int db_open_pg(const char *conninfo, db **out, err *e)
{
    (void)conninfo, (void)out;
    /* The PostgreSQL backend is built with the server deployment issue. */
    return err_set(e, GK_EINVAL, "store", "the PostgreSQL backend is not available in this build yet");
}
