"""Command line: briefgen build | serve | new | --version."""

from __future__ import annotations

import argparse
import ipaddress
import shutil
import sys
from importlib import resources
from pathlib import Path

from briefgen import __version__
from briefgen.changes import since_last_build
from briefgen.config import CACHE_DIR, Config, load_config
from briefgen.errors import Abort, Problem, display_path
from briefgen.output import Staging
from briefgen.report import BuildReport

EXIT_OK, EXIT_USER_ERROR, EXIT_USAGE = 0, 1, 2
LOOPBACK = "127.0.0.1"


def main(argv: list[str] | None = None) -> int:
    parser = _parser()
    args = parser.parse_args(argv)
    if args.command is None:
        parser.print_help(sys.stderr)
        return EXIT_USAGE
    try:
        result: int = args.run(args)
        return result
    except Abort as exc:
        for problem in exc.problems:
            print(problem, file=sys.stderr)
        errors = sum(1 for p in exc.problems if not p.warning)
        print(f"briefgen: {errors} error(s); nothing was written.", file=sys.stderr)
        return EXIT_USER_ERROR
    except KeyboardInterrupt:
        return 130


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="briefgen", description="Build a briefing site from news articles."
    )
    parser.add_argument("--version", action="version", version=f"briefgen {__version__}")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")

    build_cmd = commands.add_parser("build", help="build the site into the output folder")
    _project_options(build_cmd)
    build_cmd.set_defaults(run=_run_build)

    serve_cmd = commands.add_parser("serve", help="build, then preview on http://127.0.0.1:8000")
    _project_options(serve_cmd)
    serve_cmd.add_argument(
        "--host",
        default=LOOPBACK,
        help=f"address to bind (default {LOOPBACK}; any other address is reachable by others)",
    )
    serve_cmd.add_argument("--port", type=int, default=8000, help="port (0 picks a free one)")
    serve_cmd.set_defaults(run=_run_serve)

    actors_cmd = commands.add_parser(
        "actors", help="list discovered actors that actors.toml lacks; --add appends them"
    )
    _project_options(actors_cmd)
    actors_cmd.add_argument(
        "--add",
        action="append",
        default=[],
        metavar="NAME",
        help="append a ready [[actor]] entry for NAME to actors.toml",
    )
    actors_cmd.add_argument("--limit", type=int, default=50, help="rows to list (0: all)")
    actors_cmd.set_defaults(run=_run_actors)

    clean_cmd = commands.add_parser(
        "clean", help="remove the output folder and the build cache (never a seed)"
    )
    _project_options(clean_cmd)
    clean_cmd.set_defaults(run=_run_clean)

    new_cmd = commands.add_parser("new", help="scaffold a new project in DIR")
    new_cmd.add_argument("directory", type=Path, metavar="DIR")
    new_cmd.set_defaults(run=_run_new)
    return parser


def _project_options(command: argparse.ArgumentParser) -> None:
    command.add_argument(
        "--config",
        type=Path,
        default=Path("config.toml"),
        metavar="PATH",
        help="config file (default ./config.toml)",
    )
    command.add_argument("--seeds", metavar="DIR", help="seeds folder (overrides config)")
    command.add_argument("--output", metavar="DIR", help="output folder (overrides config)")
    volume = command.add_mutually_exclusive_group()
    volume.add_argument("-q", "--quiet", action="store_true", help="print errors only")
    volume.add_argument("-v", "--verbose", action="store_true", help="list every file written")


def _config(args: argparse.Namespace) -> Config:
    config = load_config(args.config)
    return config.with_paths(seeds=args.seeds, output=args.output)


def _run_build(args: argparse.Namespace) -> int:
    config = _config(args)
    changes = since_last_build(config)
    try:
        if changes.nothing():
            report = changes.report()
        else:
            # imported only now: the analysis and Jinja take longer to load
            # than a build with nothing to do takes in all
            from briefgen.build import build

            report = build(config, snapshot=False, since=changes)
    finally:
        changes.stop()
    _print_report(report, config, args)
    return EXIT_OK


def _print_report(report: BuildReport, config: Config, args: argparse.Namespace) -> None:
    for warning in report.warnings:
        print(warning, file=sys.stderr)
    if args.quiet or report.write is None:
        return
    write = report.write
    if args.verbose:
        for path in write.written:
            print(f"  wrote {path}")
        for path in write.removed:
            print(f"  removed {path}")
    print(
        f"Built {report.briefings} briefings, {report.pages} pages into "
        f"{display_path(config.output_dir)}/ in {report.seconds:.2f}s "
        f"({len(write.written)} written, {write.unchanged} unchanged, "
        f"{len(write.removed)} removed)"
    )


def _run_serve(args: argparse.Namespace) -> int:
    from briefgen.preview import run_preview

    _config(args)  # a broken config stops here, with its errors
    if not _is_loopback(args.host):
        print(
            f"briefgen: warning: serving on {args.host}, which other machines may reach; "
            "the preview server is meant for this machine only",
            file=sys.stderr,
        )
    run_preview(lambda: _config(args), args.host, args.port, args.verbose)
    return EXIT_OK


def _run_actors(args: argparse.Namespace) -> int:
    from briefgen.build import analyse_project
    from briefgen.proposals import add_to_registry, format_table, proposals

    config = _config(args)
    warnings: list[Problem] = []
    found = proposals(analyse_project(config, warnings).briefings.values())
    if args.add:
        for p in add_to_registry(config.actors_file, found, args.add):
            print(f"added {p.name} ({p.type}) to {display_path(config.actors_file)}")
        return EXIT_OK
    if not found:
        print("No unregistered actors found.")
        return EXIT_OK
    print(format_table(found, args.limit))
    shown = min(len(found), args.limit or len(found))
    print(f"\n{shown} of {len(found)} discovered actors. Add one: briefgen actors --add NAME")
    return EXIT_OK


def _run_new(args: argparse.Namespace) -> int:
    target: Path = args.directory
    if target.exists() and any(target.iterdir()):
        raise Abort(f"{target} exists and is not empty; choose a new folder")
    scaffold = resources.files("briefgen").joinpath("scaffold")
    with resources.as_file(scaffold) as source:
        shutil.copytree(source, target, dirs_exist_ok=True)
    print(f"Created a briefgen project in {target}/. Next:\n  cd {target} && briefgen serve")
    return EXIT_OK


def _is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False  # a host name: it may resolve to anything


def _run_clean(args: argparse.Namespace) -> int:
    config = _config(args)
    output = config.output_dir
    if config.own_path_in_output() is not None:
        raise Abort(
            [Problem(display_path(output), "refusing to remove: it holds the project's own files")]
        )
    removed = [
        p for p in (output, Staging.folder_of(output), config.root / CACHE_DIR) if p.exists()
    ]
    for path in removed:
        shutil.rmtree(path)
    if not args.quiet:
        names = ", ".join(f"{display_path(p)}/" for p in removed) or "nothing to remove"
        print(f"Removed {names}")
    return EXIT_OK
