"""drafter's vocabulary, in one place: units by class, periods, section roles with their Chinese
names and the names mining gives them, slot names and labels, placeholder patterns.

Everything that reads, fills, drafts or looks up imports these tables instead of keeping its
own copy (two copies had drifted: ％ was a rate unit in one and not the other).
"""
from __future__ import annotations

import re

# -- units by class ----------------------------------------------------------------------------
# Rates and ratios (％ is %) change and compare in percentage points, never as a percentage of a
# percentage; they may be negative.
RATE_UNITS = frozenset({"%", "％", "个百分点"})
POINT_UNITS = RATE_UNITS
SIGNED_UNITS = RATE_UNITS
# Things counted one by one: whole numbers, and a small count compares by difference.
COUNT_UNITS = frozenset("户 人 个 家 次 件 项 名 所 座 辆 套 条 场 期 篇 人次 户次".split())

# -- periods -------------------------------------------------------------------------------------
SPANS = ("上半年", "下半年", "全年")

# -- section roles -------------------------------------------------------------------------------
# The parts of a report a unit fills in (headings.<role> in the unit file), with the Chinese name a
# person is asked about.
HEADING_ROLES = ("work", "highlights", "problems", "plans")
ROLE_NAMES = {"overview": "总体情况", "work": "主要工作", "highlights": "特色亮点", "problems": "存在问题",
              "plans": "下一步打算"}
# Mining names the opening part "opening" and a review's lead "work_lead": what the interview
# asks as the overview is the same part.
ROLE_ALIASES = {"opening": "overview", "work_lead": "work", "work_end": "work", "plans_lead": "plans"}

# -- slots ---------------------------------------------------------------------------------------
SLOT = re.compile(r"\{\{\s*(\w+)\s*\}\}")
# What each phrase slot stands for, for a person (names come from drafter.mining.phrases.slot_name).
SLOT_LABELS = {"superior": "上级机关", "period": "时段", "self": "本单位自称", "unit": "单位或地名", "figure": "数据",
               "percent": "百分比", "date": "日期", "year": "年份", "name": "名称", "content": "内容",
               "first": "第一项", "second": "第二项", "third": "第三项", "scope": "全镇/全局"}
# The template variables a frame sentence uses, by what a person calls them, and the phrase slot
# each corresponds to.
FRAME_SLOT_LABELS = {"unit.name": "单位全称", "unit.short": "自称", "unit.superior": "上级机关", "unit.place": "地名",
                     "unit.scope": "全镇/全局", "period.label": "时段", "period.next_label": "下一时段",
                     "period.year": "年度", "period.next_year": "下一年度", "period.span_words": "时段"}
FRAME_SLOTS = {"unit.name": "unit", "unit.short": "self", "unit.superior": "superior", "unit.place": "unit",
               "unit.scope": "scope", "period.label": "period", "period.next_label": "period",
               "period.span_words": "period", "period.year": "year", "period.next_year": "year"}

# -- patterns ------------------------------------------------------------------------------------
# A unit speaking of itself (我局, 我镇, 我街道 …): group 1 is what it is. Mining turns it into the
# 自称 slot, extract reads a report's 自称 from it.
SELF_REFERENCE = re.compile(r"我(街道|镇|乡|局|委|办|区|县|市|中心|所|站|院|队|会|厅|处|科|馆|校|公司)")
# Template syntax a user's text may not contain: user text is data, never template code.
JINJA_TOKENS = ("{{", "}}", "{%", "%}", "{#", "#}")
# Full-width digits, signs and the percent sign an input method types, and their ASCII forms
# (same length, so positions carry over).
WIDE_DIGITS = str.maketrans("０１２３４５６７８９．－＋％\u3000", "0123456789.-+% ")
