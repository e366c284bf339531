/* cli — the 'demo' command group. Placeholder until its issue lands. */
#include "cli/cli.h"

int cli_demo(cli_ctx *ctx, int argc, char **argv)
{
    (void)ctx, (void)argc, (void)argv;
    cli_error("demo", "this command is not built yet");
    return 2;
}
