"""CLI commands, one module per command; `app.cli` registers them."""
