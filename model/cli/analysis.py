"""`ahp` and `dea` subcommands (partner evaluation, docs/architecture.md).

The JSON printed here is a contract other tools read; its shape lives in the result dataclasses'
`to_dict` methods so the app's exports and the CLI cannot drift apart. The maths modules are imported
inside the commands so that `assess` and `validate` do not pay for loading scipy.
"""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING, Any

from model.cli.main import print_json
from model.errors import InputError

if TYPE_CHECKING:
    from model.inputs.analysis_files import AhpFile, GroupAhpFile

DEA_MODELS = ("ccr", "bcc")


def register(sub) -> None:
    """Add the subcommands; each sets `func(args) -> int`."""
    p = sub.add_parser(
        "ahp",
        help="AHP weights and consistency of a judgement matrix (or a group of them)",
        description="FILE (JSON or YAML): {labels, matrix} or {labels, method: aij|aip, participants}.",
    )
    p.add_argument("file", metavar="FILE")
    p.set_defaults(func=run_ahp)

    p = sub.add_parser(
        "dea",
        help="DEA efficiency (input-oriented CCR or BCC) per unit",
        description="FILE (JSON or YAML): {units, input_names, output_names, inputs, outputs}.",
    )
    p.add_argument("file", metavar="FILE")
    p.add_argument("--model", choices=DEA_MODELS, default="ccr", help="ccr: constant, bcc: variable returns")
    p.set_defaults(func=run_dea)


def run_ahp(args: argparse.Namespace) -> int:
    from model.inputs.analysis_files import load_ahp_file

    print_json(ahp_report(load_ahp_file(args.file)))
    return 0


def run_dea(args: argparse.Namespace) -> int:
    from model.inputs.analysis_files import load_dea_file
    from model.methods.dea import dea_efficiency

    doc = load_dea_file(args.file)
    try:
        result = dea_efficiency(doc.inputs, doc.outputs, doc.units, model=args.model)
    except (
        InputError,
        ValueError,
        FloatingPointError,
    ) as exc:  # numerically hopeless data: still name the file
        raise InputError(f"{args.file}: {str(exc).splitlines()[0][:160]}") from None
    print_json(result.to_dict())
    return 0


def ahp_report(doc: AhpFile | GroupAhpFile) -> dict[str, Any]:
    """The JSON contract for a single matrix or a group file."""
    from model.inputs.analysis_files import GroupAhpFile
    from model.methods import ahp

    if isinstance(doc, GroupAhpFile):
        result = ahp.group_ahp([p.matrix for p in doc.participants], doc.weights, doc.method)
        return result.to_dict(doc.labels, [p.name for p in doc.participants])
    return ahp.ahp_weights(doc.matrix, doc.labels).to_dict(doc.labels)
