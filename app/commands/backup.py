"""`diplograph backup DEST`, `diplograph restore SRC` and `diplograph recover`: the data folder.

A backup is a folder: the embedded store file (`graph.lbug`, checkpointed so that its
write-ahead log is empty), each SQLite database of the data folder (the queue with the
articles' statuses and raw text, the person registry, the watch state) copied with SQLite's
online backup, any other plain file, and `manifest.json` (sizes, SHA-256, graph counts).

LadybugDB 0.22 has no online backup: a copy is consistent only when no process writes the store
meanwhile, and a read-only open beside a writer can see a checkpoint half-done. So `backup`
takes the store's write lock itself (it refuses while `serve` or `worker` runs), checkpoints,
copies while holding it, and checks that the copy opens. `restore` checks the manifest's
hashes, refuses a data folder that is not empty unless `--force` (then the files it replaces
are moved to `replaced-<time>/` in the data folder, never deleted), and refuses while a process
holds the store. `recover` replays a damaged write-ahead log up to its last complete commit.
"""

from __future__ import annotations

import fcntl
import hashlib
import json
import os
import shutil
import sqlite3
import time
from pathlib import Path
from typing import Annotated, Any, NoReturn

import typer

from app.commands.common import console, err_console, load_settings
from app.settings import Settings
from graph.errors import GraphError, StoreLocked
from graph.store import StoreConfig, open_store
from graph.store.durability import wal_path

MANIFEST = "manifest.json"
FORMAT = 1
# Files that are never copied: logs and locks of open databases, probes, earlier damage.
_SKIP_SUFFIXES = (".wal", "-wal", "-shm", "-journal")
_SKIP_PREFIXES = ("replaced-", ".")  # earlier restores; probes and partial copies
_SKIP_NAMES = ("serve.json",)  # a running `serve`'s address, not data

DataDir = Annotated[Path | None, typer.Option(help="Data folder (DIPLOGRAPH_DATA_DIR).")]


def _fail(message: str, code: int = 1) -> NoReturn:
    err_console.print(f"[red]error:[/red] {message}", soft_wrap=True)
    raise typer.Exit(code)


def _embedded(settings: Settings, what: str) -> None:
    if settings.store != "ladybug":
        _fail(f"`diplograph {what}` works on the embedded store (DIPLOGRAPH_STORE=ladybug). "
              "Back up a Neo4j server with `neo4j-admin database dump`, and a Redis queue "
              "with its own snapshots (BGSAVE).")


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _copied(name: str) -> bool:
    return not name.endswith(_SKIP_SUFFIXES) and not name.startswith(_SKIP_PREFIXES) \
        and ".damaged" not in name and name not in _SKIP_NAMES


def _copy_sqlite(src: Path, dst: Path) -> None:
    """A consistent copy of a SQLite database, even while another process writes it."""
    try:
        source = sqlite3.connect(src)
        try:
            target = sqlite3.connect(dst)
            try:
                source.backup(target)
            finally:
                target.close()
        finally:
            source.close()
    except sqlite3.DatabaseError as exc:
        _fail(f"cannot copy {src}: {exc}. It is damaged; move it away or restore it from an "
              "earlier backup.")


def _counts(path: Path) -> dict[str, Any]:
    """Node and relationship counts of the store at `path` (opened read-only)."""
    store = open_store(StoreConfig(engine="ladybug", path=path, read_only=True))
    try:
        rows = store.run("statistics")
    finally:
        store.close()
    return rows[0] if rows else {"labels": {}, "relationships": {}}


def _sync_folder(folder: Path) -> None:
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def backup_command(
    dest: Annotated[Path, typer.Argument(help="New (or empty) folder to write the backup to.")],
    data_dir: DataDir = None,
) -> None:
    """Copy the data folder (store, queue, registry) to DEST, consistently.

    Stop `diplograph serve` / `worker` first: the embedded store has no online backup, so the
    backup takes its write lock (and refuses while another process holds it). The store is
    checkpointed first, so the copy holds every committed article; the copy is then opened
    to check it. Restore it with `diplograph restore DEST`.
    """
    settings = load_settings(data_dir=data_dir)
    _embedded(settings, "backup")
    store_path = settings.ladybug_path
    if not store_path.exists():
        _fail(f"nothing to back up: no store at {store_path} (set DIPLOGRAPH_DATA_DIR or "
              "--data-dir)")
    if dest.exists() and (not dest.is_dir() or any(dest.iterdir())):
        _fail(f"{dest} exists and is not an empty folder; give a new folder")
    try:
        store = open_store(StoreConfig(engine="ladybug", path=store_path))
    except StoreLocked as exc:
        _fail(f"{exc.message}\nA backup needs the store to itself: LadybugDB has no online "
              "backup, and a copy taken while `diplograph serve` or `worker` writes could be "
              "torn. Stop that process, run the backup, and start it again.")
    except GraphError as exc:
        _fail(exc.message)
    dest.mkdir(parents=True, exist_ok=True)
    files: dict[str, dict[str, Any]] = {}
    try:
        store.checkpoint()  # type: ignore[attr-defined]
        for src in sorted(settings.data_dir.iterdir()):
            if not src.is_file() or not _copied(src.name):
                continue
            dst = dest / src.name
            if src.suffix == ".sqlite3":
                _copy_sqlite(src, dst)
            else:  # the store file (checkpointed, under our lock) and plain files
                shutil.copyfile(src, dst)
            with dst.open("rb+") as f:
                os.fsync(f.fileno())
            files[src.name] = {"bytes": dst.stat().st_size, "sha256": _sha256(dst)}
            console.print(f"  {src.name}: {files[src.name]['bytes']:,} bytes")
    except GraphError as exc:
        _fail(f"backup failed: {exc.message}")
    finally:
        try:
            store.close()
        except GraphError as exc:
            err_console.print(f"[yellow]warning:[/yellow] {exc.message}")
    try:
        counts = _counts(dest / store_path.name)
    except GraphError as exc:
        _fail(f"the copy at {dest / store_path.name} does not open: {exc.message}")
    manifest = {"format": FORMAT, "created": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
                "data_dir": str(settings.data_dir), "files": files, "counts": counts}
    (dest / MANIFEST).write_text(json.dumps(manifest, indent=2, sort_keys=True) + "\n",
                                 encoding="utf-8")
    _sync_folder(dest)
    nodes = sum(counts.get("labels", {}).values())
    edges = sum(counts.get("relationships", {}).values())
    console.print(f"backup of {settings.data_dir} written to {dest}: {len(files)} files, "
                  f"{nodes:,} nodes, {edges:,} relationships")


def _check_unlocked(store_path: Path) -> None:
    """Refuse when a process holds the store (LadybugDB takes a POSIX lock on its file)."""
    if not store_path.is_file() or store_path.stat().st_size == 0:
        return
    try:
        with store_path.open("r+b") as f:
            try:
                fcntl.lockf(f, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except OSError:
                _fail(f"the store {store_path} is open in another process (a running "
                      "`diplograph serve` or `worker`?): stop it before restoring")
            fcntl.lockf(f, fcntl.LOCK_UN)
    except PermissionError as exc:
        _fail(f"cannot write {store_path}: {exc.strerror}")


def _read_manifest(src: Path) -> dict[str, Any]:
    path = src / MANIFEST
    try:
        manifest = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        _fail(f"{src} is not a diplograph backup (no {MANIFEST}); make one with "
              "`diplograph backup DEST`")
    except (OSError, ValueError) as exc:
        _fail(f"cannot read {path}: {exc}")
    if manifest.get("format") != FORMAT or not isinstance(manifest.get("files"), dict):
        _fail(f"{path}: unknown backup format {manifest.get('format')!r}")
    for name, meta in sorted(manifest["files"].items()):
        file = src / name
        if Path(name).name != name or not file.is_file():
            _fail(f"the backup {src} lacks {name} (listed in its manifest)")
        if file.stat().st_size != meta.get("bytes") or _sha256(file) != meta.get("sha256"):
            _fail(f"the backup file {file} differs from its manifest (damaged or edited)")
    return manifest  # type: ignore[no-any-return]


def restore_command(
    src: Annotated[Path, typer.Argument(help="A folder written by `diplograph backup`.")],
    force: Annotated[bool, typer.Option(
        "--force", help="Restore into a data folder that is not empty; the files replaced "
                        "are moved to DATA_DIR/replaced-<time>/, not deleted.")] = False,
    data_dir: DataDir = None,
) -> None:
    """Put a backup back as the data folder (store, queue, registry).

    The backup's files are checked against its manifest first. A data folder that is not
    empty is refused unless --force; a store held by a running process is always refused.
    """
    settings = load_settings(data_dir=data_dir)
    _embedded(settings, "restore")
    manifest = _read_manifest(src)
    target = settings.data_dir
    target.mkdir(parents=True, exist_ok=True)
    present = sorted(p.name for p in target.iterdir())
    if present and not force:
        _fail(f"the data folder {target} is not empty ({', '.join(present[:5])}"
              f"{', …' if len(present) > 5 else ''}); restoring would replace it. Give "
              "another --data-dir, or --force (the replaced files are kept in "
              f"{target}/replaced-<time>/)")
    _check_unlocked(settings.ladybug_path)
    names = sorted(manifest["files"])
    moved = [p for p in target.iterdir() if not p.name.startswith("replaced-") and any(
        p.name == n or p.name.startswith(n + s) for n in names
        for s in ("", ".wal", "-wal", "-shm", "-journal"))]
    if settings.ladybug_path.name not in names and wal_path(settings.ladybug_path).exists():
        moved.append(wal_path(settings.ladybug_path))
    if moved:
        aside = target / f"replaced-{time.strftime('%Y%m%dT%H%M%S')}"
        aside.mkdir()
        for path in sorted(moved):
            path.rename(aside / path.name)
        console.print(f"moved {len(moved)} file(s) replaced by the backup to {aside}")
    for name in names:
        partial = target / f".{name}.restoring"
        shutil.copyfile(src / name, partial)
        with partial.open("rb+") as f:
            os.fsync(f.fileno())
        partial.replace(target / name)
        console.print(f"  {name}: {manifest['files'][name]['bytes']:,} bytes")
    _sync_folder(target)
    counts = manifest.get("counts") or {}
    console.print(f"restored {src} (made {manifest.get('created')}) into {target}: "
                  f"{sum(counts.get('labels', {}).values()):,} nodes, "
                  f"{sum(counts.get('relationships', {}).values()):,} relationships")


def recover_command(data_dir: DataDir = None) -> None:
    """Open a store whose write-ahead log is damaged, keeping its last complete commit.

    For the store a full disk or a crash left with a log cut short (`serve` then refuses to
    start and names the log). The log is replayed up to its last complete commit and folded
    into the store; a copy of the damaged log is kept beside it (graph.lbug.wal.damaged-<time>).
    Writes after that commit are lost from the store; their articles stay known to the queue.
    """
    from graph.store.ladybug import salvage_wal

    settings = load_settings(data_dir=data_dir)
    _embedded(settings, "recover")
    path = settings.ladybug_path
    if not path.exists():
        _fail(f"no store at {path} (set DIPLOGRAPH_DATA_DIR or --data-dir)")
    try:
        kept = salvage_wal(path)
        counts = _counts(path)
    except GraphError as exc:
        _fail(exc.message)
    if kept is not None:
        console.print(f"kept a copy of the write-ahead log as {kept}")
    console.print(f"store {path} opens: {sum(counts.get('labels', {}).values()):,} nodes, "
                  f"{sum(counts.get('relationships', {}).values()):,} relationships")
