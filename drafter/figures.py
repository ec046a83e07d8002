"""Wording for the figures in a unit's facts: amounts, year-on-year change, target progress.

All arithmetic goes through `decimal.Decimal` with ROUND_HALF_UP, the rounding Chinese
statistical reports use (Python's `round()` rounds half to even: 2.25 -> 2.2, wrong here).
Floats are taken at their shortest repr, i.e. as the YAML author wrote them (0.15, not
0.1499999…).
"""
from __future__ import annotations

from dataclasses import dataclass
from decimal import MAX_EMAX, MAX_PREC, MIN_EMIN, ROUND_HALF_UP, Context, Decimal, localcontext
from numbers import Real

# Unlimited precision: + - × and quantize are then exact for any input, so the only
# rounding is the one we ask for. Division, which would never terminate here, goes
# through _div_half_up instead.
_EXACT = Context(prec=MAX_PREC, Emax=MAX_EMAX, Emin=MIN_EMIN, rounding=ROUND_HALF_UP)
_WAN = Decimal(10000)
_YI = Decimal(100000000)

from .vocab import COUNT_UNITS, POINT_UNITS, RATE_UNITS  # noqa: F401  (the figure vocabulary)
# Below this last-year count a growth rate misleads (3 → 5 is "增长66.7%"): say 比上年增加2家.
SMALL_COUNT = 20


@dataclass(frozen=True)
class Figure:
    """One number from the unit YAML: value this period, optional last-year value and target."""

    value: Real | Decimal
    unit: str
    name: str = ""
    previous: Real | Decimal | None = None
    target: Real | Decimal | None = None


def to_decimal(x) -> Decimal:
    """Exact Decimal for an int/float/Decimal; ValueError for None, bools, NaN and infinities."""
    if isinstance(x, bool) or not isinstance(x, (int, float, Decimal)):
        raise ValueError(f"数值无效：{x!r}")
    d = Decimal(repr(x)) if isinstance(x, float) else Decimal(x)
    if not d.is_finite():
        raise ValueError(f"数值无效：{x!r}")
    return d


def round_half_up(x, places: int) -> Decimal:
    """`x` rounded to `places` decimals, halves away from zero; never returns -0."""
    with localcontext(_EXACT):
        q = to_decimal(x).quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)
    return q.copy_abs() if q.is_zero() else q


def _div_half_up(num: Decimal, den: Decimal, places: int) -> Decimal:
    """num / den rounded half-up to `places` decimals, exactly at any magnitude.

    A division at fixed precision could cut a ratio just short of a .x5 boundary (or
    overflow quantize); an integer quotient plus the remainder decides the half exactly.
    """
    with localcontext(_EXACT):
        q, r = divmod(num.scaleb(places), den)     # q truncated toward zero
        if 2 * abs(r) >= abs(den):
            q += 1 if (num < 0) == (den < 0) else -1  # away from zero
        return round_half_up(q.scaleb(-places), places)


def _plain(d: Decimal) -> str:
    """Fixed-point text without trailing zeros: 12.50 -> '12.5', 1E+2 -> '100' (never '1E+2')."""
    s = format(d, "f")
    return s.rstrip("0").rstrip(".") if "." in s else s


def scale_amount(value, unit: str) -> tuple[Decimal, str]:
    """(value, unit) re-expressed in the unit an official report would print, rounded to 2 dp.

    万元 ≥ 1万 becomes 亿元. 元 ≥ 1亿 becomes 亿元; 元 ≥ 1万 becomes 万元 only when that
    loses nothing at 2 decimals (35000元 -> 3.5万元), so per-capita figures such as
    42614元 keep their precision, as statistical bulletins print them.
    """
    v = round_half_up(value, 2)
    # Thresholds are checked on the rounded value so 9999.999万元 prints as 1亿元,
    # not as "10000万元".
    if unit == "万元" and v.copy_abs() >= _WAN:
        return _div_half_up(v, _WAN, 2), "亿元"
    if unit == "元":
        if v.copy_abs() >= _YI:
            return _div_half_up(v, _YI, 2), "亿元"
        if v.copy_abs() >= _WAN and _div_half_up(v, _WAN, 2) * _WAN == v:
            return _div_half_up(v, _WAN, 2), "万元"
    return v, unit


def format_amount(value, unit: str) -> str:
    """Number plus unit: 12 户 -> '12户', 12500 万元 -> '1.25亿元'; at most 2 decimals."""
    v, u = scale_amount(value, unit)
    return _plain(v) + ("%" if u == "％" else u)


def _pct(d: Decimal) -> str:
    """A percentage as reports print it: one decimal at most, no trailing .0 (45, 47.8)."""
    return _plain(round_half_up(d, 1))


def percent_change(value, previous) -> Decimal:
    """Signed growth rate in percent, 1 dp half-up: (value - previous) / previous × 100."""
    p = to_decimal(previous)
    if p.is_zero():
        raise ValueError("上年同期数为零，无法计算增幅")
    with localcontext(_EXACT):
        return _div_half_up((to_decimal(value) - p) * 100, p, 1)


def point_change(value, previous) -> Decimal:
    """Signed difference in percentage points, 1 dp half-up (for rates given in %)."""
    with localcontext(_EXACT):
        return round_half_up(to_decimal(value) - to_decimal(previous), 1)


def percent_of(value, target) -> Decimal:
    """value / target × 100, 1 dp half-up; target must be > 0."""
    t = to_decimal(target)
    if t <= 0:
        raise ValueError("全年目标必须大于零")
    with localcontext(_EXACT):
        return _div_half_up(to_decimal(value) * 100, t, 1)


def yoy_phrase(value, previous, unit: str = "") -> str:
    """'同比增长12.3%' / '同比下降4.0%' / '与上年持平'; rates (% or 个百分点) in points.

    Zero or negative last-year values have no meaningful growth rate, so the phrase then
    states the absolute figure instead ('同比新增12户', '上年同期为-5万元').
    """
    if unit in RATE_UNITS:
        d = point_change(value, previous)
        if d.is_zero():
            return "与上年持平"
        return f"同比{'提高' if d > 0 else '降低'}{_plain(d.copy_abs())}个百分点"
    v, p = to_decimal(value), to_decimal(previous)
    if p.is_zero():
        # no growth rate from nothing: say what happened
        return "与上年持平" if v.is_zero() else "实现零的突破" if v > 0 else "上年同期为零"
    if p < 0:
        return f"上年同期为{format_amount(p, unit)}"
    if unit in COUNT_UNITS and p < SMALL_COUNT:
        diff = v - p
        if diff.is_zero():
            return "与上年持平"
        return f"比上年{'增加' if diff > 0 else '减少'}{format_amount(diff.copy_abs(), unit)}"
    c = percent_change(v, p)
    if c.is_zero():
        return "与上年持平"
    return f"同比{'增长' if c > 0 else '下降'}{_pct(c.copy_abs())}%"


def target_phrase(value, target, unit: str = "") -> str:
    """Progress against the year's target, as reports word it: 完成全年目标的45%; exactly the
    target is 完成全年目标任务; above it, 完成全年目标的112%，超额完成任务. A share shown never
    rounds up to 100% while the target is not met. Rates compare in points."""
    v, t = to_decimal(value), to_decimal(target)
    if unit in RATE_UNITS:
        d = point_change(v, t)
        if d.is_zero():
            return "达到全年目标"
        return (f"高于全年目标{_plain(d)}个百分点" if d > 0
                else f"距全年目标还差{_plain(d.copy_abs())}个百分点")
    pct = percent_of(v, t)
    if v == t:
        return "完成全年目标任务"
    if v > t:
        return f"完成全年目标的{_pct(pct)}%，超额完成任务"
    if pct >= 100:
        with localcontext(_EXACT):
            pct = (v * 1000 / t).to_integral_value(rounding="ROUND_FLOOR") / 10
    return f"完成全年目标的{_pct(pct)}%"


def describe(fig: Figure) -> str:
    """One clause: '地区生产总值12.5亿元，同比增长8.7%，完成全年目标的52.1%' (no end punctuation)."""
    parts = [fig.name + format_amount(fig.value, fig.unit)]
    if fig.previous is not None:
        parts.append(yoy_phrase(fig.value, fig.previous, fig.unit))
    if fig.target is not None:
        parts.append(target_phrase(fig.value, fig.target, fig.unit))
    return "，".join(parts)
