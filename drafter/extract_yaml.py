"""Writing what `drafter extract` read: the unit YAML with Chinese comments, and `--next`, which
rolls last period's facts forward (values become `last`, new values left empty)."""
from __future__ import annotations

import datetime as dt
import re

from .unit import dump_yaml as _dump

_COMMENTS = {
    "kind": "材料类型（按模板库判断，可用 drafter kinds 查看其他类型）",
    "unit": "本单位：全称、文中自称、上级领导机关",
    "period": "时段",
    "date": "成文日期（落款）",
    "title": "标题：原文标题与模板默认写法不同，保留原文",
    "overview": "总体情况：原文开头一句中本单位自己的话（模板自带的“在……领导下”等固定用语已去掉）",
    "sections": "主要工作：原文“主要工作”部分的各个小标题；数据已拆为 figures（value 本期、previous 上年同期、target 全年目标、last 上一期）",
    "highlights": "特色亮点",
    "problems": "存在问题",
    "plans": "下一步打算",
    "headings": "一级标题：原文与模板默认标题不同之处",
    "frame": "框架句：原文与模板挖掘出的固定句子不同之处（写空则草稿中不用这一句）",
    "signature": "落款单位（与单位全称不同）",
    "unplaced": "未能归入字段的原文（生成草稿时不使用）：请移入相应字段，或确认不需要后删除",
}



def next_period(year: int, span: str) -> tuple[int, str]:
    """上半年 → 全年 of the same year; 全年 (and 下半年) → 上半年 of the next."""
    return (year, "全年") if span == "上半年" else (year + 1, "上半年")


def _genre(name: str) -> str:
    return next((g for g in ("政府工作报告", "政务公开") if g in name), "工作总结")


def kind_for_span(kid: str, span: str, kinds: list[dict]) -> str:
    """The kind of the next period's report: an annual summary rolls to a half-year one of the same
    genre (and parts) and back; a kind with no such counterpart in the bank stays."""
    cur = next((k for k in kinds if k["id"] == kid), None)
    half = span == "上半年"
    if cur is None or ("上半年" in cur["name"]) == half:
        return kid
    roles = [x["role"] for x in cur.get("skeleton") or []]
    cands = [k for k in kinds if ("上半年" in k["name"]) == half and _genre(k["name"]) == _genre(cur["name"])]
    if not cands:
        return kid
    return max(cands, key=lambda k: ([x["role"] for x in k.get("skeleton") or []] == roles,
                                     len(set(roles) & {x["role"] for x in k.get("skeleton") or []}),
                                     k.get("support", 0)))["id"]


def roll_forward(ex, kinds: list[dict] | None = None) -> None:
    d = ex.data
    year, span = next_period(d["period"]["year"], d["period"]["span"])
    old = d["period"]["year"]
    d["period"] = {"year": year, "span": span}
    kid = kind_for_span(d["kind"], span, kinds or []) if "kind" in d else None
    if kid and kid != d["kind"]:
        name = next(k["name"] for k in kinds if k["id"] == kid)
        ex.notes.append(f"下一时段是{span}：材料类型改为“{name}”（{kid}），请核对；原文的框架句改写（frame）属于原类型，已去掉")
        d["kind"] = kid
        d.pop("frame", None)
        # own headings that name last period (2024年工作思路) give way to the new kind's
        heads = {k: v for k, v in (d.pop("headings", None) or {}).items() if not re.search(r"\d{4}年|[上下]半年|全年", v)}
        if heads:
            d["headings"] = heads
    elif d.get("frame"):      # the unit's own sentences name last period's years: they move on too
        d["frame"] = {k: v.replace(f"{old + 1}年", f"{year + 1}年").replace(f"{old}年", f"{year}年")
                      for k, v in d["frame"].items()}
    d["date"] = dt.date(year, 12, 31) if span == "全年" else dt.date(year, 6, 30)
    ex.notes = [n for n in ex.notes if not n.startswith("原文没有成文日期")] + ["date 暂填下一时段末，请改为实际成文日期"]
    d.pop("title", None)      # the template writes this period's title
    ex.last = {k: d.pop(k) for k in ("highlights", "problems", "plans") if k in d}
    if "headings" in d:       # own headings that name last period's years move on with it
        d["headings"] = {k: v.replace(f"{old + 1}年", f"{year + 1}年").replace(f"{old}年", f"{year}年")
                         for k, v in d["headings"].items()}
    for s in d["sections"]:
        for it in s["items"]:
            if isinstance(it, dict):
                for f in it["figures"]:
                    # Last period's value is kept to compare with (`last`), not as `previous`: a
                    # half-year's figure is no 上年同期 of a year's, nor a year's of a half-year's,
                    # and a 同比 worked out from it would be wrong. A 全年目标 holds within its year.
                    if f.get("value") is not None:
                        f["last"] = f["value"]
                    f["value"] = None
                    f.pop("previous", None)
                    if year != old:
                        f.pop("target", None)


def _commented(text: str) -> list[str]:
    return ["# " + ln for ln in text.rstrip("\n").split("\n")]


def to_yaml(ex) -> str:
    d = ex.data
    out = ["# 单位资料：由 drafter extract 从原文提取。请逐项核对；生成草稿：drafter render 本文件",
           "# 原文中打码的数据（xx、XX）和 --next 留给本期的数值为空（value:），填写后才能生成草稿。"]
    for n in ex.notes:
        out.append(f"# 注意：{n}")
    out.append("")
    for key, value in d.items():
        out.append(f"# {_COMMENTS.get(key, key)}")
        block = _dump({key: value})
        block = re.sub(r"(?m)^(\s*(?:- )?value:) null$", r"\1  # 待填写", block)
        out.append(block.rstrip("\n"))
        if key == "sections" and getattr(ex, "last", None):
            out.append("# —— 上期的打算和问题（本期应报告落实情况，写入上面的 sections；不是本期的打算）——")
            labels = {"plans": "上期打算", "problems": "上期存在问题", "highlights": "上期特色亮点"}
            for k, v in ex.last.items():
                out += _commented(_dump({labels[k]: v}))
            out.append("# 本期的打算和问题请另写 plans: / problems:（格式见 drafter init）")
        out.append("")
    return "\n".join(out).rstrip("\n") + "\n"


def summary(ex, out_path: str) -> str:
    """The one line the command prints."""
    n_sec = len(ex.data["sections"])
    n_items = sum(len(s["items"]) for s in ex.data["sections"])
    share = ex.unplaced_chars / ex.body_chars * 100 if ex.body_chars else 0
    n_un = len(ex.data.get("unplaced") or [])
    msg = (f"已写出 {out_path}：{n_sec}个板块、{n_items}项工作、{len(ex.figures)}个数据；"
           f"未归入字段 {n_un} 段（{ex.unplaced_chars}字，占正文{share:.1f}%），见 unplaced")
    if ex.to_fill:
        msg += f"；待填写数值 {ex.to_fill} 个"
    if ex.masked:
        msg += f"；原文打码 {ex.masked} 处已写作“某”"
    return msg
