"""The `otp` command."""
from __future__ import annotations


import typer

from otp.cli import admin, agents, chart_cmd, server, use_cmd
from otp.domains import submodules

app = typer.Typer(name="otp", no_args_is_help=True, add_completion=False,
                  help="OTP: outcomes, not tasks — an operating platform for people and AI agents.")

server.register(app)
admin.register(app)
chart_cmd.register(app)
use_cmd.register(app)
agents.register(app)


for _module in submodules("cli"):
    if hasattr(_module, "register"):
        _module.register(app)
    elif isinstance(getattr(_module, "app", None), typer.Typer):
        app.add_typer(_module.app, name=_module.app.info.name)

if __name__ == "__main__":
    app()
