/* cli — the 'review' command group. Placeholder until its issue lands. */
#include "cli/cli.h"

int cli_review(cli_ctx *ctx, int argc, char **argv)
{
    (void)ctx, (void)argc, (void)argv;
    cli_error("review", "this command is not built yet");
    return 2;
}
