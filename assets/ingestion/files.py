"""The landing folder as data: which files are there, what kind each is, and their content hash.

Everything here is pure (no database, no Dagster) so that the asset code and the landing-folder sensor share
one definition of "a landing file".
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from pathlib import Path

from assets.ingestion.contracts import MASTER_TABLES, STOCK_KINDS

FORMATS = {".csv": "csv", ".jsonl": "jsonl", ".ndjson": "jsonl", ".parquet": "parquet"}
ORDER_FORMATS = frozenset({"csv", "jsonl", "parquet"})
# Producers should write under a temporary name and rename when done; these names are never read.
_IN_PROGRESS_SUFFIXES = (".tmp", ".part", ".partial", ".crdownload", "~")
_HASH_CHUNK_BYTES = 8 * 1024 * 1024


@dataclass(frozen=True)
class LandingFile:
    """One file in the landing folder, classified by folder and name (not yet hashed)."""

    path: str  # relative to the landing root, with forward slashes
    abs_path: Path
    kind: str  # orders, movements, cycle_counts, ..., master:<table>
    file_format: str  # csv, jsonl, parquet
    size_bytes: int
    mtime_ns: int


def classify(rel_path: str) -> tuple[str, str] | None:
    """(file_kind, file_format) for a path relative to the landing root, or None if it is no landing file."""
    parts = rel_path.split("/")
    name = parts[-1]
    if len(parts) != 2 or name.startswith(".") or name.endswith(_IN_PROGRESS_SUFFIXES):
        return None
    folder, stem, suffix = parts[0], Path(name).stem, Path(name).suffix.lower()
    file_format = FORMATS.get(suffix)
    if file_format is None:
        return None
    if folder == "orders":
        return ("orders", file_format) if file_format in ORDER_FORMATS else None
    if folder == "stock":
        for kind, spec in STOCK_KINDS.items():
            if stem.startswith(f"{spec.file_prefix}_") and file_format in spec.formats:
                return kind, file_format
        return None
    if folder == "master" and file_format == "csv":
        # Longest table name first, so that carrier_services_x.csv is not taken for carriers.
        for table in sorted(MASTER_TABLES, key=len, reverse=True):
            if stem == table or stem.startswith(f"{table}_"):
                return f"master:{table}", file_format
    return None


def scan_landing(root: Path) -> tuple[list[LandingFile], list[str]]:
    """Every landing file under `root` (sorted by path), and the relative paths that were not recognised."""
    files: list[LandingFile] = []
    ignored: list[str] = []
    if not root.is_dir():
        return files, ignored
    for path in sorted(p for p in root.rglob("*") if p.is_file()):
        rel = path.relative_to(root).as_posix()
        kind_format = classify(rel)
        if kind_format is None:
            ignored.append(rel)
            continue
        stat = path.stat()
        files.append(LandingFile(rel, path, kind_format[0], kind_format[1], stat.st_size, stat.st_mtime_ns))
    return files, ignored


def files_of_kind(root: Path, kinds: set[str] | frozenset[str]) -> list[LandingFile]:
    return [f for f in scan_landing(root)[0] if f.kind in kinds]


def sha256_file(path: Path) -> str:
    """Hex sha256 of a file's bytes, read in chunks so memory stays flat for large exports."""
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        while chunk := handle.read(_HASH_CHUNK_BYTES):
            digest.update(chunk)
    return digest.hexdigest()


# --- the landing-folder sensor's cursor: a sorted list of (path, size, mtime) -----------------------------


def landing_fingerprint(root: Path) -> list[tuple[str, int, int]]:
    """Sorted (path, size, mtime_ns) of every landing file: cheap to compute, changes when a file does."""
    return [(f.path, f.size_bytes, f.mtime_ns) for f in scan_landing(root)[0]]


def encode_cursor(fingerprint: list[tuple[str, int, int]]) -> str:
    return json.dumps([list(entry) for entry in fingerprint], separators=(",", ":"))


def decode_cursor(cursor: str | None) -> list[tuple[str, int, int]]:
    if not cursor:
        return []
    try:
        return [(str(p), int(s), int(m)) for p, s, m in json.loads(cursor)]
    except (ValueError, TypeError):
        return []  # an unreadable cursor (older format) simply means "everything is new"


def new_landing_entries(root: Path, cursor: str | None) -> tuple[list[tuple[str, int, int]], str]:
    """Entries not in the cursor (new path, or same path with new size/mtime), and the updated cursor."""
    current = landing_fingerprint(root)
    seen = set(decode_cursor(cursor))
    return [entry for entry in current if entry not in seen], encode_cursor(current)
