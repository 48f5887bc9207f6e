"""``accelspec claim``: check one published claim against the catalog."""

from __future__ import annotations

import argparse

from accelspec.cli.common import catalog_from_args

__all__ = ["register"]


def _cmd_claim(args: argparse.Namespace) -> int:
    from accelspec.claims import check_claim

    cat = catalog_from_args(args)
    result = check_claim(args.text, args.tolerance, cat)
    if args.json:
        print(result.to_json(indent=2))
    else:
        from accelspec.claims.explain import explain_zh
        from accelspec.claims.text import _lang
        from accelspec.cli.common import terminal_width
        from accelspec.formatting import wrap

        lang = args.lang or _lang(args.text)
        text = explain_zh(result) if lang == "zh" else result.explanation
        width = terminal_width()
        print("\n".join(wrap(line, width, indent="    ") if line.strip() else line
                        for line in text.splitlines()))
    if args.exit_code and result.verdict.value in ("contradicted", "misleading"):
        return 1
    return 0


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser],
             common: argparse.ArgumentParser) -> None:
    """Add ``accelspec claim "TEXT" [--json] [--tolerance T] [--catalog FILE]``."""
    p = sub.add_parser(
        "claim", parents=[common], help="check a published claim such as 'H20 is 7.5%% of H200' against the catalog")
    p.add_argument("text", help="the claim, e.g. \"910C reaches 80-90%% of H200\"")
    p.add_argument("--json", action="store_true", help="print the result as JSON")
    p.add_argument("--tolerance", type=float, default=0.05, metavar="T",
                   help="relative tolerance for a reading to match (default 0.05)")
    p.add_argument("--lang", choices=("en", "zh"), default=None,
                   help="language of the explanation (default: the claim's)")
    p.add_argument("--exit-code", action="store_true",
                   help="exit with status 1 when the verdict is contradicted or misleading "
                        "(as `accelspec check --exit-code`)")
    p.set_defaults(func=_cmd_claim)
