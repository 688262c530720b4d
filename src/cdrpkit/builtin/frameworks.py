"""Built-in plugin: the intervention frameworks the seed documents use.

- the three-pronged approach (prevention, enforcement, rehabilitation), as the Leicester
  strategy states it;
- the stage-and-method framework of the Leicestershire county plan: a stage of
  prevention (primary, secondary, tertiary) and a method (situational, social,
  enforcement), two axes;
- the strands of the Home Office Prolific and other Priority Offender strategy (2004):
  prevent and deter, catch and convict, rehabilitate and resettle;
- the Problem Analysis Triangle (location, offender, victim), which the Leicester
  strategy used for its audit.
"""

from __future__ import annotations

from cdrpkit.model import Axis, Category, Framework
from cdrpkit.plugins import hookimpl


def _axis(axis_id: str, title: str, *categories: tuple[str, str, str]) -> Axis:
    return Axis(
        id=axis_id,
        title=title,
        categories=tuple(Category(id=c, title=t, description=d) for c, t, d in categories),
    )


THREE_PRONGED = Framework(
    id="three-pronged",
    title="Three-pronged approach",
    description=(
        "Prevention, enforcement and rehabilitation, together: the holistic approach "
        "the Leicester strategy 2005-2008 integrates into its objectives and actions."
    ),
    source="Leicester Community Safety Strategy 2005-2008, 'The Three-Pronged Approach'",
    axes=(
        _axis(
            "prong",
            "Prong",
            ("prevention", "Prevention", "including education, target hardening, etc"),
            (
                "enforcement",
                "Enforcement",
                "interventions of all types, including civil and criminal legal measures",
            ),
            (
                "rehabilitation",
                "Rehabilitation",
                "working with the perpetrator to identify and remove the contributory "
                "causes of their offending",
            ),
        ),
    ),
)

STAGE_AND_METHOD = Framework(
    id="stage-and-method",
    title="Stage and method of crime prevention",
    description=(
        "Actions placed by the stage at which they act (primary: before any problem; "
        "secondary: people and places at risk; tertiary: after offending or "
        "victimisation) and by their method (situational, social, enforcement)."
    ),
    source="Leicestershire County Council Community Safety Plan, action matrices",
    axes=(
        _axis(
            "stage",
            "Stage",
            ("primary", "Primary", "acting on the whole population before problems arise"),
            ("secondary", "Secondary", "acting on people or places at risk"),
            ("tertiary", "Tertiary", "acting after offending or victimisation"),
        ),
        _axis(
            "method",
            "Method",
            ("situational", "Situational", "changing places and opportunities"),
            ("social", "Social", "changing people's circumstances, skills and choices"),
            ("enforcement", "Enforcement", "using legal powers and sanctions"),
        ),
    ),
)

PPO_STRANDS = Framework(
    id="ppo-strands",
    title="Prolific and other Priority Offender strands",
    description="The three strands of the Prolific and other Priority Offender strategy.",
    source="Home Office, Prolific and other Priority Offender Strategy (2004)",
    axes=(
        _axis(
            "strand",
            "Strand",
            ("prevent-and-deter", "Prevent and deter", "stop people becoming prolific offenders"),
            ("catch-and-convict", "Catch and convict", "bring prolific offenders to justice"),
            (
                "rehabilitate-and-resettle",
                "Rehabilitate and resettle",
                "work with offenders to stop their offending",
            ),
        ),
    ),
)

PROBLEM_ANALYSIS_TRIANGLE = Framework(
    id="problem-analysis-triangle",
    title="Problem Analysis Triangle",
    description=(
        "The three key aspects of a crime, location, offender and victim, to be "
        "considered, identified and addressed together."
    ),
    source="Leicester Community Safety Strategy 2005-2008, 'The Audit'",
    axes=(
        _axis(
            "element",
            "Element",
            ("location", "Location", "where the crime happens"),
            ("offender", "Offender", "who commits it"),
            ("victim", "Victim", "who suffers it"),
        ),
    ),
)


@hookimpl
def cdrpkit_register_frameworks() -> list[Framework]:
    """The four frameworks the seed documents use."""
    return [THREE_PRONGED, STAGE_AND_METHOD, PPO_STRANDS, PROBLEM_ANALYSIS_TRIANGLE]
