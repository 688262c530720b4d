"""A plugin that declares a framework id the built-in plugin already declares."""

from cdrpkit import hookimpl
from cdrpkit.model import Axis, Category, Framework


@hookimpl
def cdrpkit_register_frameworks() -> list[Framework]:
    axis = Axis(id="prong", title="Prong", categories=(Category(id="prevention", title="P"),))
    return [Framework(id="three-pronged", title="A copy", axes=(axis,))]
