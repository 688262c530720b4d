"""The starter strategy's placeholders: its target, and the optional plugin extensions."""

from __future__ import annotations


def target_values(bvpi: bool) -> dict[str, str]:
    """The starter target: on BVPI 126 when the strategy requires BVPI, else local."""
    if bvpi:
        return {
            "indicators": "",
            "indicator": "BV126",
            "unit": "offence / kilohousehold",
            "baseline_value": "23.3",
            "end_value": "19.4",
            "published_words": (
                "Reduce domestic burglary from 23.3 per 1,000 households in 2004/05 to no "
                "more than 19.4 per 1,000 households by March 2008, with a yearly 6% "
                "reduction (BVPI 126)"
            ),
            "indicator_note": (
                "The target is on BVPI 126, domestic burglaries per 1,000 households, from\n"
                "the BVPI plugin (`cdrpkit-bvpi`): the strategy requires the BVPI family, so\n"
                "this package depends on it. 23.3 in 2004/05 less 6% a year for three years\n"
                "is 19.35, published as 19.4."
            ),
        }
    return {
        "indicators": (
            "indicators:\n"
            "  - id: domestic-burglary\n"
            "    family: local\n"
            "    title: Domestic burglaries recorded by the police\n"
            "    unit: offence\n"
            "    polarity: lower_is_better\n"
        ),
        "indicator": "domestic-burglary",
        "unit": "offence",
        "baseline_value": "1000",
        "end_value": "831",
        "published_words": (
            "Reduce domestic burglary from 1,000 offences in 2004/05 to no more than 831 "
            "offences by March 2008, with a yearly 6% reduction"
        ),
        "indicator_note": (
            "The target is on a local indicator the strategy file defines (the strategy\n"
            "requires no indicator family): 1,000 offences in 2004/05 less 6% a year for\n"
            "three years is 830.6, published as 831. To use a national family, make the\n"
            "package again with `--family BVPI` (it then depends on `cdrpkit-bvpi`)."
        ),
    }


def extension_values(names: dict[str, str], *, enabled: bool) -> dict[str, str]:
    """Placeholders for the plugin kind, rule and renderer (empty when not enabled)."""
    pid = names["partnership_id"]
    values = {
        "target_id": "burglary.t1",
        "kind_name": f"{pid}-yearly-visits",
        "kind_target_id": "walks.t1",
        "rule_id": f"{pid}-wording-year",
        "renderer_name": f"{pid}-board-list",
        "extension_hooks": "",
        "extension_readme": "",
        "extension_target": "",
    }
    if not enabled:
        return values
    package = names["package"]
    values["extension_hooks"] = f'''

@hookimpl
def cdrpkit_register_target_kinds() -> list[object]:
    """This partnership's own target kind (see kinds.py)."""
    from {package}.kinds import KINDS

    return list(KINDS)


@hookimpl
def cdrpkit_register_checks() -> list[object]:
    """This partnership's own check rule, run on its strategy only (see checks.py)."""
    from {package}.checks import RULES

    return list(RULES)


@hookimpl
def cdrpkit_register_renderers() -> list[object]:
    """This partnership's own report renderer, for its strategy only (see renderers.py)."""
    from {package}.renderers import RENDERERS

    return list(RENDERERS)
'''
    values["extension_readme"] = (
        f"- `src/{package}/kinds.py`: a target kind of this partnership's own\n"
        f"  (`{values['kind_name']}`), with what it expects each year.\n"
        f"- `src/{package}/checks.py`: a check rule (`{values['rule_id']}`), scoped to\n"
        "  this strategy.\n"
        f"- `src/{package}/renderers.py`: a report renderer (`{values['renderer_name']}`),\n"
        "  scoped to this strategy.\n"
    )
    values["extension_target"] = f"""          - id: {values['kind_target_id']}
            kind: {values['kind_name']}
            text: >-
              At least 12 patch walks a year by each of our 4 Local Action Groups,
              from 2005/06 to 2007/08
            unit: event
            per_group: 12
            groups: 4
            first: 2005/06
            last: 2007/08
"""
    return values
