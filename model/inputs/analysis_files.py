"""Reading AHP and DEA input files (JSON or YAML) into checked dataclasses.

Every problem becomes one InputError line naming the file and the field (`d.json: inputs[3][1]: ...`),
because these files are written by hand and the person needs to know exactly what to fix.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

import numpy as np

from model.errors import InputError
from model.inputs.safe_io import read_data_file
from model.methods import ahp, dea
from model.text import show_value

AHP_FIELDS = ("labels", "matrix")
GROUP_FIELDS = ("labels", "method", "participants")
PARTICIPANT_FIELDS = ("name", "weight", "matrix")
DEA_FIELDS = ("units", "input_names", "output_names", "inputs", "outputs")
MAX_NAME_LENGTH = 200

T = TypeVar("T")


@dataclass(frozen=True)
class AhpFile:
    """One judgement matrix; `matrix` is fully reciprocal (lower triangle rebuilt from the upper one)."""

    labels: tuple[str, ...]
    matrix: np.ndarray


@dataclass(frozen=True)
class Participant:
    name: str
    weight: float | None
    matrix: np.ndarray


@dataclass(frozen=True)
class GroupAhpFile:
    labels: tuple[str, ...]
    method: str
    participants: tuple[Participant, ...]

    @property
    def weights(self) -> list[float] | None:
        """Participant weights as given, or None when every participant counts the same."""
        if self.participants[0].weight is None:
            return None
        return [p.weight for p in self.participants if p.weight is not None]


@dataclass(frozen=True)
class DeaFile:
    units: tuple[str, ...]
    input_names: tuple[str, ...]
    output_names: tuple[str, ...]
    inputs: np.ndarray  # inputs[k] is unit k's input vector
    outputs: np.ndarray


def load_ahp_file(path: str | Path) -> AhpFile | GroupAhpFile:
    """A single matrix file, or a group file (recognised by its `participants` field)."""
    return parse_ahp_data(_read(path), str(path))


def load_dea_file(path: str | Path) -> DeaFile:
    return parse_dea_data(_read(path), str(path))


def _read(path: str | Path) -> Any:
    """read_data_file, plus a guard: the json module raises a bare ValueError for integers longer
    than Python's 4300-digit limit, which must still become a one-line InputError."""
    try:
        return read_data_file(path)
    except InputError:
        raise
    except ValueError as exc:
        raise InputError(f"{path}: not valid data: {str(exc).splitlines()[0][:120]}") from None


def parse_ahp_data(data: Any, source: str) -> AhpFile | GroupAhpFile:
    """Check an already-parsed AHP document; `source` prefixes every error message."""
    return _with_source(source, lambda: _ahp(data))


def parse_dea_data(data: Any, source: str) -> DeaFile:
    """Check an already-parsed DEA document; `source` prefixes every error message."""
    return _with_source(source, lambda: _dea(data))


def _with_source(source: str, build: Callable[[], T]) -> T:
    try:
        return build()
    except InputError as exc:
        raise InputError(f"{source}: {exc}") from None


def _ahp(data: Any) -> AhpFile | GroupAhpFile:
    if isinstance(data, dict) and "participants" in data:
        return _group(data)
    doc = _mapping(data, AHP_FIELDS, "top level", "a mapping with labels and matrix")
    labels = _names(_require(doc, "labels"), "labels")
    matrix = ahp.reciprocal_matrix(_require(doc, "matrix"), "matrix")
    _check_size(labels, matrix, "matrix")
    return AhpFile(labels=labels, matrix=matrix)


def _group(doc: dict[str, Any]) -> GroupAhpFile:
    _mapping(doc, GROUP_FIELDS, "top level", "a mapping with labels, method and participants")
    labels = _names(_require(doc, "labels"), "labels")
    method = doc.get("method", "aij")
    if method not in ahp.AGGREGATION_METHODS:
        raise InputError(f'method: must be "aij" or "aip" (got {show_value(method)})')
    raw = _require(doc, "participants")
    if not isinstance(raw, list) or not raw:
        raise InputError("participants: must be a non-empty list")
    participants = tuple(_participant(p, k, labels) for k, p in enumerate(raw))
    _check_weights(participants)
    _check_unique([p.name for p in participants], "participants", suffix=".name")
    return GroupAhpFile(labels=labels, method=method, participants=participants)


def _participant(raw: Any, k: int, labels: tuple[str, ...]) -> Participant:
    field = f"participants[{k}]"
    doc = _mapping(raw, PARTICIPANT_FIELDS, field, "a mapping with name, weight and matrix")
    name = _name(_require(doc, "name", field), f"{field}.name")
    weight = doc.get("weight")
    if weight is not None:
        weight = _number(weight, f"{field}.weight")
        if weight <= 0:
            raise InputError(f"{field}.weight: must be positive (got {show_value(doc['weight'])})")
    matrix = ahp.reciprocal_matrix(_require(doc, "matrix", field), f"{field}.matrix")
    _check_size(labels, matrix, f"{field}.matrix")
    return Participant(name=name, weight=weight, matrix=matrix)


def _check_weights(participants: tuple[Participant, ...]) -> None:
    given = [p.weight is not None for p in participants]
    if any(given) and not all(given):
        k = given.index(False)
        raise InputError(f"participants[{k}].weight: give a weight to every participant or to none")


def _dea(data: Any) -> DeaFile:
    doc = _mapping(
        data, DEA_FIELDS, "top level", "a mapping with units, input_names, output_names, inputs, outputs"
    )
    units = _names(_require(doc, "units"), "units")
    if len(units) < 2:
        raise InputError(f"units: DEA compares units, at least two are needed (got {len(units)})")
    input_names = _names(_require(doc, "input_names"), "input_names")
    output_names = _names(_require(doc, "output_names"), "output_names")
    inputs = _table(_require(doc, "inputs"), "inputs", units, input_names, "input_names")
    outputs = _table(_require(doc, "outputs"), "outputs", units, output_names, "output_names")
    dea.validate_data(inputs, outputs, units)
    return DeaFile(units, input_names, output_names, inputs, outputs)


def _table(
    raw: Any, field: str, units: tuple[str, ...], columns: tuple[str, ...], columns_field: str
) -> np.ndarray:
    """Rows per unit, one value per named column; non-negative finite numbers only."""
    if not isinstance(raw, list):
        raise InputError(f"{field}: must be a list with one row per unit")
    if len(raw) != len(units):
        raise InputError(f"{field}: has {len(raw)} rows for {len(units)} units")
    table = np.empty((len(units), len(columns)))
    for k, row in enumerate(raw):
        if not isinstance(row, list):
            raise InputError(f"{field}[{k}]: must be a list of {len(columns)} numbers")
        if len(row) != len(columns):
            raise InputError(f"{field}[{k}]: has {len(row)} values for {len(columns)} {columns_field}")
        for i, value in enumerate(row):
            number = _number(value, f"{field}[{k}][{i}]")
            if number < 0:
                raise InputError(f"{field}[{k}][{i}]: must not be negative (got {show_value(value)})")
            table[k, i] = number
    return table


def _mapping(data: Any, allowed: Sequence[str], field: str, what: str) -> dict[str, Any]:
    if not isinstance(data, dict):
        raise InputError(f"{field}: must be {what}")
    for key in data:
        if key not in allowed:
            where = "" if field == "top level" else f"{field}."
            shown = key if isinstance(key, str) and key.isidentifier() else show_value(key)
            raise InputError(f"{where}{shown}: unknown field (expected one of {', '.join(allowed)})")
    return data


def _require(doc: dict[str, Any], key: str, parent: str | None = None) -> Any:
    if doc.get(key) is None:
        raise InputError(f"{parent + '.' if parent else ''}{key}: missing")
    return doc[key]


def _names(raw: Any, field: str) -> tuple[str, ...]:
    if not isinstance(raw, list) or not raw:
        raise InputError(f"{field}: must be a non-empty list of names")
    names = tuple(_name(v, f"{field}[{k}]") for k, v in enumerate(raw))
    _check_unique(list(names), field)
    return names


def _name(raw: Any, field: str) -> str:
    if not isinstance(raw, str) or not raw.strip():
        raise InputError(f"{field}: must be a non-empty text (got {show_value(raw)})")
    if len(raw) > MAX_NAME_LENGTH:
        raise InputError(f"{field}: longer than {MAX_NAME_LENGTH} characters")
    return raw


def _check_unique(names: list[str], field: str, suffix: str = "") -> None:
    seen: dict[str, int] = {}
    for k, name in enumerate(names):
        if name in seen:
            raise InputError(
                f"{field}[{k}]{suffix}: duplicate {show_value(name)} (also {field}[{seen[name]}]{suffix})"
            )
        seen[name] = k


def _check_size(labels: tuple[str, ...], matrix: np.ndarray, field: str) -> None:
    if len(labels) != matrix.shape[0]:
        n = matrix.shape[0]
        raise InputError(f"{field}: is {n} x {n} but there are {len(labels)} labels")


def _number(value: Any, field: str) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise InputError(f"{field}: must be a number (got {show_value(value)})")
    try:
        number = float(value)
    except OverflowError:
        number = math.inf
    if not math.isfinite(number):
        raise InputError(f"{field}: must be a finite number (got {show_value(value)})")
    return number
