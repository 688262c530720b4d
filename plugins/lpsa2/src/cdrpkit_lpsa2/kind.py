"""The ``lpsa2-stretch`` target kind: a level target with an LPSA "without" projection.

An LPSA sets, for each target, the performance "expected ... in the absence of this
Local Public Service Agreement" and a more demanding "performance target with Local PSA"
(Herefordshire Council's LPSA, 2005-08). Here the stretch target is an ordinary level
target (baseline, target, yearly change, bound, so it has the same trajectory), and the
kind adds the "without" figure, the reward grant, the pump-priming grant and the name of
the agreement. A document that does not state the "without" figure leaves it ``None``:
the reward then cannot be computed, and says why.
"""

from __future__ import annotations

from typing import Any, ClassVar

import attrs

from cdrpkit.model.kinds import LevelTarget, Measure
from cdrpkit_lpsa2.reward import CAP, FLOOR, RewardError, RewardResult, reward


def _not_negative(_inst: object, attribute: attrs.Attribute[Any], value: float | None) -> None:
    if value is not None and value < 0:
        raise ValueError(f"{attribute.name} must not be negative (got {value})")


@attrs.frozen(kw_only=True)
class StretchTarget(LevelTarget):
    """An LPSA2 stretch target: a level target, the "without LPSA" figure and its grants.

    ``without_agreement`` is the performance expected without the agreement at the
    target period (``None`` when the document does not state it); ``reward_grant`` the
    potential performance reward grant for this target in GBP; ``pump_priming`` the
    pump-priming grant attached to it, GBP; ``agreement`` which agreement it belongs to
    ("Leicester LPSA2"); ``maintain_until`` a period to which the level is then held
    ("... in 2006/07, and maintain that level in 2007/08", a field every level target has).

    >>> from cdrpkit.periods import parse_period
    >>> t = StretchTarget(id="v", text="Reduce violent crimes ...",
    ...     baseline=Measure(value=5382, period=parse_period("2004/05")),
    ...     target=Measure(value=4614, period=parse_period("2007/08")),
    ...     without_agreement=Measure(value=5000, period=parse_period("2007/08")),
    ...     reward_grant=100_000)
    >>> t.direction, t.bound
    ('reduce', 'at_most')
    >>> round(t.reward(4700).amount)
    77720
    """

    kind: ClassVar[str] = "lpsa2-stretch"

    without_agreement: Measure | None = None
    reward_grant: float | None = attrs.field(default=None, validator=_not_negative)
    pump_priming: float | None = attrs.field(default=None, validator=_not_negative)
    agreement: str | None = None

    def __attrs_post_init__(self) -> None:
        super().__attrs_post_init__()
        w = self.without_agreement
        if w is not None:
            stretch = self.target.value
            if w.value == stretch:
                raise ValueError(
                    f"without_agreement ({w.value:g}) equals the stretch target: an LPSA "
                    "target must be more demanding than the performance expected without it"
                )
            moves_down = stretch < self.baseline.value
            if (moves_down and w.value < stretch) or (not moves_down and w.value > stretch):
                raise ValueError(
                    f"without_agreement ({w.value:g}) is better than the stretch target "
                    f"({stretch:g}); the stretch must be the more demanding figure"
                )

    def reward(
        self,
        outturn: float,
        potential_grant: float | None = None,
        *,
        floor: float = FLOOR,
        cap: float = CAP,
    ) -> RewardResult:
        """What ``outturn`` earns of this target's reward grant (see :func:`reward`).

        :param potential_grant: the grant to share; this target's ``reward_grant`` when
            ``None``.
        :raises RewardError: when the "without" figure or the grant is not known.
        """
        if self.without_agreement is None:
            raise RewardError(
                f"target {self.id!r}: the performance expected without the agreement is not "
                "stated (without_agreement is empty), so the reward cannot be computed"
            )
        grant = self.reward_grant if potential_grant is None else potential_grant
        if grant is None:
            raise RewardError(
                f"target {self.id!r}: no reward_grant is stated; pass potential_grant"
            )
        return reward(
            self.without_agreement.value, self.target.value, outturn, grant, floor, cap
        )

    def summary(self) -> dict[str, Any]:
        row = super().summary()
        w = self.without_agreement
        row["without_value"] = w.value if w else None
        row["reward_grant"] = self.reward_grant
        row["pump_priming"] = self.pump_priming
        row["agreement"] = self.agreement
        row["maintain_until"] = self.maintain_until.label if self.maintain_until else None
        return row
