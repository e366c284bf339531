/* cli — the 'report' command group. Placeholder until its issue lands. */
#include "cli/cli.h"

int cli_report(cli_ctx *ctx, int argc, char **argv)
{
    (void)ctx, (void)argc, (void)argv;
    cli_error("report", "this command is not built yet");
    return 2;
}
