"""The `diplograph` command line (typer): one module per command in `app.commands`.

A command parses its options, calls one library function, renders the result, and maps our
error roots to a message with exit code 1 (usage errors exit 2).
"""

from __future__ import annotations

import typer

from app.commands.ask import ask_command
from app.commands.backup import backup_command, recover_command, restore_command
from app.commands.evaluate import eval_command
from app.commands.export import export_command
from app.commands.extract import extract_command
from app.commands.ingest import ingest_command
from app.commands.serve import serve_command
from app.commands.stats import stats_command
from app.commands.watch import watch_command
from app.commands.worker import worker_command

app = typer.Typer(
    name="diplograph",
    help="A diplomatic knowledge graph: who met whom, when, where and about what.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
app.command("ingest")(ingest_command)
app.command("watch")(watch_command)
app.command("extract")(extract_command)
app.command("serve")(serve_command)
app.command("worker")(worker_command)
app.command("ask")(ask_command)
app.command("stats")(stats_command)
app.command("export")(export_command)
app.command("eval")(eval_command)
app.command("backup")(backup_command)
app.command("restore")(restore_command)
app.command("recover")(recover_command)


def main() -> None:
    """Entry point of the `diplograph` console script."""
    app()
