"""Built-in plugin: our reading of how other frameworks land on the three-pronged approach.

The three-pronged approach (prevention, enforcement, rehabilitation) is the coarsest of
the seed frameworks, so it is the common set of columns for comparing intervention mixes.
None of the seed documents relates one framework to another: every mapping here is our
judgement (``source="inferred"``), with its reason. A user who reads them differently
blocks this plugin (``cdrpkit:crosswalks``) and declares their own crosswalks with the
same ids; see ``docs/howto-compare.md``.

Stage and method. The method decides most of it: *enforcement* (using legal powers and
sanctions) is the enforcement prong at any stage, and *situational* measures (changing
places and opportunities) are what the city strategy calls "target hardening", part of
prevention, even at the tertiary stage, where they protect a victim or a place from a
repeat. *Social* measures split by stage: before offending (primary, secondary) they
educate or divert, which is prevention; after offending (tertiary) they work with the
person to remove the causes of their offending, which is rehabilitation. Tertiary social
work with victims (support after victimisation) has no prong of its own and lands in
rehabilitation too, so a stage-and-method plan's rehabilitation count is an upper bound.
An action classified on one axis only is read from that axis where it is unambiguous
(primary or secondary stage: prevention; enforcement or situational method) and left
unmapped where it is not (a tertiary stage alone; a social method alone): those are shown
as unmapped in a comparison, never dropped.

The Prolific and other Priority Offender strands correspond one to one to the prongs.

The Problem Analysis Triangle has no crosswalk: it says what a crime involves (location,
offender, victim), not what kind of intervention an action is.
"""

from __future__ import annotations

from cdrpkit.model import Crosswalk, Mapping
from cdrpkit.plugins import hookimpl

_TARGET = {"target_framework": "three-pronged", "target_axis": "prong"}

# (stage, method, prong, rationale): every cell of the stage-and-method grid.
_GRID: tuple[tuple[str, str, str, str], ...] = (
    ("primary", "situational", "prevention",
     "changing places for everyone before any problem is target hardening and design, "
     "which the city strategy names under prevention"),
    ("primary", "social", "prevention",
     "education and awareness for the whole population: the city strategy's prevention "
     "is 'including education'"),
    ("primary", "enforcement", "enforcement",
     "legal powers used generally (visible policing, licensing) are enforcement, "
     "'civil and criminal legal measures'"),
    ("secondary", "situational", "prevention",
     "protecting places at risk (street lighting in hotspots, secured car parks) is "
     "target hardening, so prevention"),
    ("secondary", "social", "prevention",
     "diverting people at risk before they offend is prevention (the PPO strategy's "
     "'prevent and deter')"),
    ("secondary", "enforcement", "enforcement",
     "enforcement aimed at places or people at risk is still enforcement"),
    ("tertiary", "situational", "prevention",
     "situational measures after an offence protect the victim or place from a repeat: "
     "target hardening against repeat victimisation, so prevention"),
    ("tertiary", "social", "rehabilitation",
     "working with people after offending to remove the causes of their offending is the "
     "city strategy's rehabilitation; tertiary support for victims also lands here, as "
     "the three prongs have no victim category, so this count is an upper bound"),
    ("tertiary", "enforcement", "enforcement",
     "sanctions after offending (prosecution, orders) are enforcement"),
)

STAGE_AND_METHOD = Crosswalk(
    id="stage-and-method-to-three-pronged",
    source_framework="stage-and-method",
    source_axis="method",
    **_TARGET,
    description=(
        "Each stage and method cell read as a prong; a method alone where it decides "
        "the prong (enforcement, situational). Our reading, not the documents'."
    ),
    mappings=(
        *(
            Mapping(
                source_category=method,
                when={"stage": stage},
                target_category=prong,
                rationale=f"{stage} {method}: {why}",
            )
            for stage, method, prong, why in _GRID
        ),
        Mapping(
            source_category="enforcement",
            target_category="enforcement",
            rationale="the enforcement method is the enforcement prong at every stage",
        ),
        Mapping(
            source_category="situational",
            target_category="prevention",
            rationale="situational measures are target hardening at every stage: prevention",
        ),
    ),
)

STAGE = Crosswalk(
    id="stage-to-three-pronged",
    source_framework="stage-and-method",
    source_axis="stage",
    **_TARGET,
    description=(
        "A stage alone, for actions with no method: primary and secondary act before "
        "offending, so prevention; tertiary alone is left unmapped (it may be "
        "enforcement, rehabilitation or victim support)."
    ),
    mappings=(
        Mapping(
            source_category="primary",
            target_category="prevention",
            rationale="acting before any problem arises is prevention whatever the method",
        ),
        Mapping(
            source_category="secondary",
            target_category="prevention",
            rationale=(
                "acting on people or places at risk, before offending, is prevention; an "
                "enforcement method is mapped by the method when it is given"
            ),
        ),
    ),
)

PPO_STRANDS = Crosswalk(
    id="ppo-strands-to-three-pronged",
    source_framework="ppo-strands",
    source_axis="strand",
    **_TARGET,
    description="The three PPO strands read one to one as the three prongs.",
    mappings=(
        Mapping(
            source_category="prevent-and-deter",
            target_category="prevention",
            rationale="stopping people becoming prolific offenders is prevention",
        ),
        Mapping(
            source_category="catch-and-convict",
            target_category="enforcement",
            rationale="bringing offenders to justice is enforcement",
        ),
        Mapping(
            source_category="rehabilitate-and-resettle",
            target_category="rehabilitation",
            rationale="the strand and the prong both work with offenders to stop offending",
        ),
    ),
)


@hookimpl
def cdrpkit_register_crosswalks() -> list[Crosswalk]:
    """Our crosswalks onto the three-pronged approach (every mapping ``inferred``)."""
    return [STAGE_AND_METHOD, STAGE, PPO_STRANDS]
