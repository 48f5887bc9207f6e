"""Peak FLOP/s and model FLOPs utilisation (MFU) from the catalog, for any way of naming a chip.

This replaces the hand-typed peak table of a training loop::

    import accelspec as acs
    peak = acs.peak_flops(torch.cuda.get_device_name(), "bf16")   # dense, sourced
    mfu = acs.mfu(acs.Q_(flops_per_step, "FLOP") / acs.Q_(step_seconds, "s"), acs.current_device(), "bf16")

The peak is the catalog's dense figure unless ``sparse=True`` (a 2:4-sparse figure is never
halved or doubled here), for the exact SKU (an A100 40GB is not given the 80GB figures, a GB200
GPU is not an HGX B200), and the returned quantity says where it came from.

Examples
--------
>>> from accelspec import Q_
>>> p = peak_flops("NVIDIA H100 80GB HBM3", "bf16")
>>> p
<Quantity(989.5, 'teraFLOP / second')>
>>> p.provenance.chosen.stated
'bf16:sparse x 0.5'
>>> round(mfu(Q_(400, "TFLOP/s"), "H100 SXM", "bf16"), 3)
0.404
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from accelspec.errors import InvalidArgumentError, UnitError
from accelspec.identity import _PCI, from_device_name, from_pci_id
from accelspec.spec import Accelerator
from accelspec.units import check_dimension, is_quantity

if TYPE_CHECKING:  # pragma: no cover
    from accelspec.catalogs import Catalog

__all__ = ["mfu", "peak_flops", "to_accelerator"]


def to_accelerator(device: str | Accelerator, *, catalog: Catalog | None = None) -> Accelerator:
    """An :class:`Accelerator` from an Accelerator, a PCI id, a runtime device name or a catalog name.

    A string shaped like ``vendor:device`` in hex is a PCI id; anything else is looked up as a
    runtime name, then exactly as a catalog id, name or alias (never a substring).
    """
    if isinstance(device, Accelerator):
        return device
    if isinstance(device, str) and _PCI.match(device):
        return from_pci_id(device, catalog=catalog)
    if isinstance(device, str):
        return from_device_name(device, catalog=catalog)
    raise InvalidArgumentError(
        f"expected a device name, PCI id, catalog name or Accelerator, got {type(device).__name__}")


def peak_flops(device: str | Accelerator, precision: str, sparse: bool = False, *,
               catalog: Catalog | None = None) -> Any:
    """Peak rate of one chip at a precision, with its provenance attached.

    Parameters
    ----------
    device : str or Accelerator
        ``"NVIDIA H100 80GB HBM3"``, ``"10de:2330"``, ``"H100 SXM"``, ``"nvidia-h100-sxm"`` or an
        :class:`Accelerator`.
    precision : str
        ``"bf16"``, ``"fp8"``, ``"tf32"``, ``"int8"``...
    sparse : bool
        ``False`` (default) for the dense rate; ``True`` for the 2:4-sparse one.

    Returns
    -------
    pint.Quantity [TFLOP/s, or TOP/s for integer precisions]
        With two extra attributes: ``.accelerator`` (the catalog id) and ``.provenance`` (the
        :class:`~accelspec.spec.Provenance` of the field: every claim, the chosen one, and why;
        ``None`` for a hand-built Accelerator). Arithmetic on the quantity drops them.

    Raises
    ------
    MissingSpecError
        When the catalog has no such figure (the message says what it holds instead).
    AmbiguousNameError, UnknownAcceleratorError
        When the device cannot be identified exactly.
    """
    if not isinstance(sparse, bool):
        raise InvalidArgumentError(f"sparse must be True or False, got {sparse!r}")
    acc = to_accelerator(device, catalog=catalog)
    value = acc.peak(precision, sparse)
    field = next(k for k, v in acc.compute.items() if v is value)
    q = value * 1  # a fresh quantity: never mutate the catalog's own
    q.accelerator = acc.id
    q.field = field
    q.provenance = acc.provenance.get(field)
    return q


def mfu(achieved: Any, device: str | Accelerator, precision: str, *, time: Any = None,
        sparse: bool = False, n_chips: int = 1, catalog: Catalog | None = None) -> float:
    """Model FLOPs utilisation: achieved rate / (peak rate x chips), a plain fraction.

    Parameters
    ----------
    achieved : pint.Quantity [FLOP/s], or [FLOP] with ``time``
        The model's useful rate (e.g. ``6 x parameters x tokens per second``), or the model FLOPs
        of a step together with ``time`` [s]. Integer precisions take OP/s or OP.
    device : str or Accelerator
        As for :func:`peak_flops`.
    precision : str
        Precision whose peak is the denominator.
    time : pint.Quantity [s], optional
        Duration that ``achieved`` FLOPs took.
    sparse : bool
        Use the 2:4-sparse peak as the denominator (default: dense).
    n_chips : int
        Chips that produced ``achieved`` together.

    Returns
    -------
    float
        Dimensionless; the same whatever units the inputs were given in. A value above 1 means
        the numerator or the denominator is wrong (the FLOP count, or a dense/sparse mix-up).

    Raises
    ------
    UnitError
        When ``achieved`` (or ``time``) is not a quantity of the right dimension.
    """
    if isinstance(n_chips, bool) or not isinstance(n_chips, int) or n_chips < 1:
        raise InvalidArgumentError(f"n_chips must be a positive integer, got {n_chips!r}")
    if not is_quantity(achieved):
        raise UnitError(f"achieved needs a quantity in FLOP/s (or FLOP with time=), got {achieved!r}")
    if time is None:
        rate = check_dimension(achieved, "FLOP/s", what="achieved rate")
    else:
        work = check_dimension(achieved, "FLOP", what="achieved FLOPs (with time=)")
        seconds = check_dimension(time, "s", what="time")
        if not seconds.magnitude > 0:
            raise UnitError(f"time must be positive, got {seconds:~P}")
        rate = work / seconds
    peak = peak_flops(device, precision, sparse, catalog=catalog)
    return float((rate / (peak * n_chips)).to("count").magnitude)
