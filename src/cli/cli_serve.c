/* cli — the 'serve' command group. Placeholder until its issue lands. */
#include "cli/cli.h"

int cli_serve(cli_ctx *ctx, int argc, char **argv)
{
    (void)ctx, (void)argc, (void)argv;
    cli_error("serve", "this command is not built yet");
    return 2;
}
