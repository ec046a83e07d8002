"""Run-on text: a report copied from a web page that lost its paragraph breaks.

A whole report (or a long stretch of it) stands on one line, with its headings inline:
…现将相关情况总结如下：一、主要成效一年以来，我局紧扣…（一）政务服务综合能力显著提升。一是…
`split_run_on` cuts such a line back into the lines it was made of, each keeping the source
line number, so the outline parser sees headings at line starts as usual.

Genre rules only:
- a heading marker counts inline after a sentence end or a colon (or glued to the end of a
  heading above it, as number one of a deeper level), and only in sequence (一、 二、 …,
  （一） （二） …): numbers inside sentences and 一是…二是… run-ins are not markers;
- a heading's text ends where the body's first clause begins: before a word that opens a
  report's sentence (今年以来, 2024年，, 我局, 一是 …; a lead verb only after a heading that
  reads as whole, or after the second half of a couplet heading 增强风险意识，守牢安全底线),
  else at the first 。 or ： (the convention for inline headings);
- a short unpunctuated stretch right before a marker, or one naming a span's work between two
  sentences (…加以解决。下半年工作计划下半年，我们将…), is an unmarked part heading; a unit
  plus a date after the last sentence is a signature.
"""
from __future__ import annotations

import functools
import re

from .normalize import CN_NUM, Line, match_marker, to_ascii_digits
from .numbering import cn_to_int

# Shorter lines are paragraphs, whatever they contain.
RUN_ON_MIN = 150
MAX_HEADING = 60
MAX_PART = 25

# Where an inline marker may start: after a sentence end or a colon (a closing quote or
# bracket after them included), or after a heading noun (a title or heading that has no
# punctuation of its own: …工作总结一、…, …工作情况二、…).
_NOUN_END = ("总结|计划|报告|思路|要点|打算|回顾|安排|情况|工作|成效|问题|不足|举措|措施|任务|目标|经验|做法|亮点|"
             "成绩|重点|建议|方向|展望|体会")
_BOUNDARY = re.compile(rf"(?=[（({CN_NUM}0-9０-９])(?:^|(?<=[。！？!?：:；;])|(?<=[。！？!?][”’）)])|(?<={_NOUN_END}))")
# A deeper marker glued to the heading above it: 一、主要工作情况（一）…, （一）…加强1.自然资源…
_GLUED = re.compile(r"[（(]\s*一\s*[)）]|[（(]\s*[1１]\s*[)）]|(?<![0-9０-９.．])[1１]\s*[、.．](?![0-9０-９])")
# Nouns a heading ends on.
_HEAD_NOUN = re.compile(r"(?:情况|成效|成绩|工作|总结|计划|思路|回顾|安排|打算|要点|目标|任务|举措|措施|问题|不足|"
                        r"差距|建议|经验|做法|亮点|方面|重点|展望|体会|进展|要求|短板|方向|部署|形势|成果|意见|综述|概述|概况)")
# Words that open a report's sentence. Strong: a time, the writing unit or an enumeration,
# which a heading rarely holds past its start; weak: a time word or lead verb, which opens a
# body only after a heading that reads as whole (see _weak_cut_ok).
_STRONG_OPENER = re.compile(r"(?:今年以来|今年来|今年上半年|年初以来|一年来|一年以来|近年来|过去一年|自[^，。]{0,10}以来|一直以来|"
                            r"(?:今年)?[上下]半年(?:[，,]|以来)|(?:本|今)年度?[，,]|"
                            r"我(?:局|委|办|区|县|镇|乡|街道|单位|中心|所|站|院)(?![级内外])|"
                            r"截至|截止|(?:19|20)\d{2}年(?:以来|上半年|下半年|[，,是])|[xX]{4}年(?:以来|上半年|下半年|[，,是])|"
                            r"我们|我[\u4e00-\u9fff]{0,2}(?:局|委|办|区|县|镇|乡|街道|中心|单位|院|所|站)(?:[，,在坚始围按以紧全]|党)|"
                            r"各位代表|在过去|"
                            r"全年(?:新增|完成|实现|累计|共)|一是|首先|第一[，,]|一方面|半年来|在今后|在新的一年|"
                            r"在(?:19|20)\d{2}年[，,]|(?:19|20)\d{2}年[^，。；\u4e00-\u9fff]{0,4}[乡镇县区局]?将|"
                            # a date opens a sentence: 2021年6月9日, xxxx年xx月, 8月26日，, x-x月，, 自xxxx年起
                            r"(?:(?:19|20)\d{2}|[xX]{4})年(?:\d{1,2}|[xX]{1,2})月|\d{1,2}月\d{1,2}日|"
                            r"[\dxX]{1,2}[-—－~～至][\dxX]{1,2}月|自(?:(?:19|20)\d{2}|[xX]{4})年起|"
                            r"为(?:确实|进一步|确保|切实|有效|全面|深入|加快|推动|做好|加强|提高|贯彻|落实|更好))")
# What the body's first sentence does, right after a heading that lists nothing (no 、 in it).
_BODY_VERB = re.compile(r"对(?:\d|[xX]{1,3}[个家户名所]|辖区|全[镇乡县区市]|各[镇乡村])|"
                        r"(?:成立|召开|开展|组织|制定|完成|建立|出台|举办|实施|印发|收缴|发放)了")
_WEAK_OPENER = re.compile(r"(?:今年|本年|全年|上半年|下半年|年初|近年|目前|当前|(?:19|20)\d{2}年(?!度?工作)|[xX]{2,4}年|我们|全局|全区|全县|"
                          r"全镇|全市|全省|以|按照|根据|围绕|坚持|紧扣|紧紧|紧盯|聚焦|深入|认真|总体|面对|对照|经过|"
                          r"通过|随着|全力|加快|着力|积极|持续|扎实|不断|大力|切实|全面|加强|推进|推动|强化|完善|落实|实施|"
                          r"开展|严格|进一步|始终|高标准|坚决|组织|召开|建立|制定|完成|投资|新建)")
# The first words of what is told about a project after its name (…项目|在…).
_PROJECT_BODY = re.compile(r"在|对|完成|实施|改造|新建|总投资|计划|位于|道路|占地|主要|于|共|已|投资|分[两三四五]期")
# Stock headings of the genre, whole in themselves.
_STOCK_HEADING = re.compile(r"(?:基本|总体|主要|有关|具体|整体)(?:情况|概况|做法|成效|成绩|问题|不足|打算|措施|亮点|经验)|"
                            r"工作(?:概况|成效|亮点|打算|措施|思路)|存在(?:的)?(?:问题|不足)|下一?步(?:工作)?打算")
# A sentence, not a heading, opens with a preposition's phrase.
_PREPOSITION = re.compile(r"根据|按照|依据|通过|为了|随着|对照|经过|由于|鉴于")
# A unit as the subject of the body's first sentence: (区)民政局及时…, 街道坚持…, 局党组充分…
_UNIT_SUBJECT = re.compile(r"(?:[区县市镇乡][\u4e00-\u9fff]{0,4}?)?(?:局|委|街道|办事处|政府)(?:党组|党委|党工委|领导|班子)?"
                           r"(?:坚持|始终|及时|多次|高度|充分|认真|积极|围绕|按照|紧紧|紧扣|全面|牢牢|先后|通过|结合|"
                           r"针对|立足|聚焦|持续|不断|进一步|召开|制定|成立|组织|开展|以|把|将|于|在)")
# A masked place (XX镇…) or a unit's staff (安监站工作人员…) as the subject: after a heading word only
# (制定XX县…, 联合xx区… are a verb and its object).
_PLACE_SUBJECT = re.compile(r"[xX]{2,}(?:街道|镇|乡|县|区|局|村)|"
                            r"[\u4e00-\u9fff]{1,4}?(?:站|所|中心|办|队)(?:工作人员|干部职工|全体干部|全体人员)")
# Words a heading's last clause often ends on (results and objects of the work it names).
_FINAL_WORD = re.compile(r"(?:提升|推进|稳定|增效|优化|完善|落实|加强|深化|增强|改善|突破|向好|有力|有效|明显|显著|提速|见效|"
                         r"增进|夯实|巩固|完成|发展|能力|水平|环境|制度|机制|体系|基础|品质|效能|底线|风险|大局|面貌|生活|"
                         r"福祉|领导|组织|保障|服务|管理|治理|安全|责任|作用|力度|质量|形象|活力|实效|合力|根基|引擎|优势|"
                         r"动能|篇章|家园|项目|实事|民生|解读|公开|改革|监管|宣传|培训|检查|排查|整治|考核|建设|工程|"
                         r"网格|格局|平台|阵地|队伍|品牌|产业|经济|防线|屏障|底色|颜值|名片|样板|标杆)$")
# More lead verbs: a couplet heading's balanced halves are evidence enough to cut before them.
_LEAD_VERB = re.compile(r"优化|打造|整顿|提高|提升|增强|健全|构建|深化|夯实|巩固|拓展|抓好|抓实|做实|做好|筑牢|守牢|压实|补齐|"
                        r"激发|培育|促进|保障|维护|规范|创新|探索|实行|推行|启动|争取|加大|主动|依托|结合|针对|牢固|压紧|"
                        r"不折不扣|多措并举|采取|防范|化解|建好|调整|引导|督促|带动")
# An adverb binds to the verb after it: 持续|加强 is one phrase, not a heading and a body.
_ADVERB_END = re.compile(r"(?:持续|不断|顺利|从严|依法|按时|如期|进一步|全面|切实|更加|日益|稳步|有序|扎实|深入|积极|大力|加快|着力|逐步|显著|明显|"
                         r"有效|全力|努力|高效|精准|统筹|协同)$")
_BAD_HEAD_END = set("的和与及并在对为把将被是最更很较从向于由以等之、")
_ENUM_START = re.compile(r"一是|首先|第一[，,]")
_SENT_END = "。！？!?"
# A report's title names its genre: a summary or report, or a plan joined to one.
_TITLE = re.compile(r"(总结|报告|述职)|(计划|思路|安排|打算|要点).*[和及暨与].*(计划|思路|安排|打算|要点)")
# A one-line signature: an issuing unit, then a date.
_SIG_LINE = re.compile(r"^(?P<unit>[^\s，。；：,;:！？!?“”《》（）()]{2,30}?"
                       r"(?:局|委|办|院|部|厅|处|科|所|站|中心|政府|街道|办事处|镇|乡|村|社区|公司|集团|会|队|馆|校|园|区|县|市|省|组))"
                       r"\s*(?P<date>\d{4}\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日|"
                       r"[〇○零一二三四五六七八九]{4}年[一二三四五六七八九十]{1,2}月[一二三四五六七八九十]{1,3}日)$")


def split_one_line_signature(text: str) -> tuple[str, str] | None:
    """(unit, date) of a signature written on one line: 某某局 2024年12月18日."""
    m = _SIG_LINE.match(text)
    return (m.group("unit"), m.group("date")) if m else None


def _number(level: int, num: str) -> int | None:
    return cn_to_int(num) if level in (1, 2) else int(to_ascii_digits(num))


@functools.lru_cache(maxsize=None)
def _punct_class(chars: str) -> re.Pattern:
    return re.compile(f"[{re.escape(chars)}]")


def _first_punct(s: str, chars: str) -> int:
    m = _punct_class(chars).search(s)
    return m.start() if m else len(s)


def _weak_cut_ok(rest: str, k: int, stop: int) -> bool:
    """A lead verb at k opens the body when what is left before it is a whole heading (not
    ending on a function word, its last half about as long as its first) and what follows
    reads as a sentence rather than the heading's own last words."""
    head = rest[:k]
    if k < (4 if _HEAD_NOUN.search(head[-2:]) else 6) or head[-1] in _BAD_HEAD_END or _ADVERB_END.search(head):
        return False
    if _PREPOSITION.match(head) and not re.search(r"[，,]", head):
        return False                  # 根据季节特点|深入落实…: a preposition's phrase is not a heading
    # a quoted name counts as one word: 实施“龙头项目建设年”行动，做实重点项目 is balanced
    halves = re.split(r"[，,]", re.sub(r"“[^”]{1,12}”", "“”", head))
    if len(halves) > 1 and len(halves[-1]) < 0.7 * len(halves[0]):
        return False
    if _END_DEGREE.match(rest, k) and len(halves[-1]) >= 2 and not _WEAK_OPENER.match(halves[-1]) \
            and not _LEAD_VERB.match(halves[-1]):
        return False                  # 改革红利|持续释放: the subject's own predicate
    body = rest[k:stop]
    if len(body[:_first_punct(body, "，,、")]) < 4:
        return False
    return len(body) >= 12 or re.search(r"[，,、；;]", body) is not None


# How a heading ends when its body runs on with no punctuation between: a subject with a
# degree adverb and its predicate (发展动力更加强劲), a result (开创…新局面, 在…上做文章).
# A quoted term (站牢乡村振兴“落脚点”) ends a heading as often as it qualifies the noun after it
# (营造“放心游”市场环境): it ends one only before a verb.
_END_DEGREE = re.compile(r"(?:(?:更加|更具|更有|更为|更趋|不断|持续|愈发|日趋|日益|稳步|显著|明显|逐步|有效|扎实|"
                         r"加快|加速|阔步|蓬勃|大幅|全面)(?:提升|增强|改善|优化|完善|深化|推进|加强|巩固|提高|扩大|壮大|"
                         r"凸显|彰显|释放|迸发|突破|增进|夯实|向好|强劲|活跃|厚实|殷实|高效|宜居|优美|繁荣|稳定|健全|规范|"
                         r"落实|见效|显现|显著|明显|有力|有效|从严|深入|提速|增长|发展|好转|改进|成熟|浓厚|提质|集聚|聚集|"
                         r"拓展|拓宽|延伸|升级|转型|融合|协调|美丽|和谐|安全|平稳|坚实|牢固|完备|便捷|精准|实施|开展|"
                         r"前行|前进|发力|加力|提效|增效|成效|活力|动力|实效|擦亮|唱响|做强|做优|做大|做实|打响|开花)|"
                         # result idioms a heading ends on
                         r"卓有成效|长足进步|成效显著|成效明显|稳中有进|稳中向好|稳中提质|有力有效|提质增效|落地见效|"
                         r"走深走实|纵深推进|全面铺开|亮点纷呈|硕果累累|捷报频传|量质齐升|再上台阶|再创新高|迈上新台阶)")
_END_NEW = re.compile(r"新(?:局面|引擎|风貌|作为|成效|担当|活力|面貌|形象|提升|突破|篇章|台阶|高度|气象|质效|格局|动能|"
                      r"水平|步伐|路径|境界|征程|优势|成绩|进展|跨越|变化|业绩|胜利|贡献|天地|空间|机遇|增长点)")
_END_UPON = re.compile(r"上(?:做文章|求突破|见实效|下功夫|出硬招|求实效|谋突破|显担当|作表率|当先锋|走前列|勇争先|创佳绩|"
                       r"见成效|出实招|用真功)")
_END_QUOTE = re.compile(r"“[^”“，。]{1,8}”")


def _final_cut(rest: str, stop: int) -> int | None:
    """Where a heading-final phrase ends inside rest[:stop] with a body of at least four
    characters run on after it (None if there is none)."""
    s = rest[:stop]
    for m in re.finditer(r"[^，,、；;]+", s):
        clause, c0 = m.group(), m.start()
        ends = []
        for rx in (_END_DEGREE, _END_NEW, _END_UPON, _END_QUOTE):
            for f in rx.finditer(clause):
                e = c0 + f.end()
                if rx is _END_DEGREE:
                    pre = clause[:f.start()]
                    if len(pre) < 2 or _WEAK_OPENER.match(pre) or _LEAD_VERB.match(pre):
                        continue          # 推动经济持续健康发展: a verb's object, not a subject
                    # 有效衔接扎实推进: a chain of predicates (持续改善…, 全面落实… open bodies as often)
                    while (g := _END_DEGREE.match(s, e)) and s.startswith(("扎实", "稳步"), e):
                        e = g.end()
                elif rx is _END_QUOTE:
                    after = s[c0 + f.end():]
                    if not (c0 > 0 and f.start() >= 2 and (_LEAD_VERB.match(after) or _WEAK_OPENER.match(after)
                                                           or _STRONG_OPENER.match(after))):
                        continue          # a couplet's second half, and a verb opens what follows
                elif f.start() < 2:
                    continue
                body = s[e:]
                if len(body[:_first_punct(body, "，,、；;")]) >= 4 and not re.match(r"[，,、；;）)”]", body):
                    ends.append(e)
        if ends:
            return min(ends)          # 展现乡村振兴新面貌|加快完善…: the first end in the clause
    return None


def _named_body_at(rest: str, k: int) -> bool:
    """A body begins at k after a heading that names its subject: 保障居民住房安全|对11个居民小区…,
    清洁取暖项目|在各乡镇…, 健全组织|局领导高度重视…."""
    if k < 4:
        return False
    tail = rest[k - 2:k]
    if _BODY_VERB.match(rest, k) and not re.search(r"[、，,]", rest[:k]):
        return True
    if tail in ("项目", "工程") and _PROJECT_BODY.match(rest, k) \
            and rest.count("“", 0, k) == rest.count("”", 0, k) \
            and _first_punct(rest[k:k + 8], "，,、。；;：:") >= 6:
        return True                   # a project's name, then what was done
    return bool((_UNIT_SUBJECT.match(rest, k) or _PLACE_SUBJECT.match(rest, k))
                and (_FINAL_WORD.search(tail) or _HEAD_NOUN.search(tail)))


def _ends_whole(s: str) -> bool:
    """s ends as a heading does: on a heading noun or a heading-final phrase."""
    last = re.split(r"[，,、]", s)[-1]
    if _HEAD_NOUN.search(s[-2:]) or _FINAL_WORD.search(s[-2:]):
        return True
    for rx in (_END_DEGREE, _END_NEW, _END_UPON, _END_QUOTE):
        for f in rx.finditer(last):
            if f.end() == len(last) and f.start() >= 2:
                return True
    return False


@functools.lru_cache(maxsize=4096)
def heading_end(rest: str) -> int | None:
    """Where a heading's text ends in `rest` (the text after its marker); None if it reads as a
    sentence, not a heading."""
    stop = _first_punct(rest, "。！？；：!?;:")
    window = min(stop, MAX_HEADING, len(rest))
    # an enumeration run-in or a deeper number one opens the body, whatever else holds
    cap = window
    capped = False
    m = _ENUM_START.search(rest, 4, min(window, 30))
    if m and len(re.findall(r"[，,]", rest[:m.start()])) <= 1:
        cap = m.start()
    for g in _GLUED.finditer(rest, 2, min(cap, 30)):
        mk = match_marker(rest[g.start():g.start() + 40])
        if mk and _number(mk[0], mk[2]) == 1 and len(re.findall(r"[，,]", rest[:g.start()])) <= 1:
            cap = g.start()
            break
    if cap < window:
        stop = window = cap
        capped = True
    m = _STOCK_HEADING.match(rest)
    if m and m.end() < window and rest[m.end()] not in "和及与并的、" and not _HEAD_NOUN.match(rest, m.end()):
        return m.end()                # 基本情况|全村现有农户…: a stock heading, then its body
    final = _final_cut(rest, window)
    if final:
        window = final
    first_clause = min(window, _first_punct(rest, "，,") + 1)
    for k in range(2, first_clause):
        if rest[k - 1] not in "，,、“（(" and (_STRONG_OPENER.match(rest, k) or _named_body_at(rest, k)) \
                and (k >= 4 or _HEAD_NOUN.match(rest, 0) or _FINAL_WORD.search(rest[:k])):
            return k                  # (not 联合|xx区商务局…: a two-character heading is a noun)
    for k in range(2, window):
        if rest[k - 1] in "，,、“（(":
            continue
        if _STRONG_OPENER.match(rest, k) or _WEAK_OPENER.match(rest, k) and _weak_cut_ok(rest, k, stop) \
                or _named_body_at(rest, k):
            return k
    if final:
        return final
    # a couplet heading (增强风险意识，守牢安全底线): its halves are about as long
    comma = _first_punct(rest, "，,")
    if 4 <= comma <= 16 and stop > comma + 1:
        lo, hi = comma + 1 + int(0.8 * comma), comma + 1 + int(2.2 * comma) + 1
        for k in range(lo, min(hi, stop - 5)):
            if rest[k - 1] not in _BAD_HEAD_END and not _ADVERB_END.search(rest[:k]) \
                    and (_WEAK_OPENER.match(rest, k) or _LEAD_VERB.match(rest, k)) \
                    and not re.search(r"[，,、]", rest[comma + 1:k]):
                return k              # …守牢安全底线|压实食品安全三个责任。: a body clause of its own
    if stop <= 32 and stop < len(rest) and (capped or rest[stop] in "。：:") \
            and _ends_whole(rest[:stop]):
        return stop                   # 兜底提标，民生福祉稳步提升。: a whole heading, cut nowhere inside
    if capped and cap < len(rest) and rest[cap] not in "。！？；：!?;:" and cap >= 2:
        return cap                    # 一、…情况（一）… or …作为一是…
    if stop < len(rest) and stop <= MAX_HEADING and rest[stop] in "。：:":
        commas = len(re.findall(r"[，,]", rest[:stop]))
        if commas >= 2 and stop > 24 or commas == 1 and stop > 32:
            return None               # 1.农贸市场改造工程，镇政府自筹资金…，新建…。: a sentence
        return stop                   # 一、加强领导。… : the gold convention
    if stop == len(rest) and len(rest) <= MAX_HEADING:
        return len(rest)              # the whole stretch up to the next marker
    # no opener found: the last heading noun of a short first clause, or the first clause
    ends = [n.end() for n in _HEAD_NOUN.finditer(rest[:min(stop, comma, 30)])
            if rest[n.end():n.end() + 1] not in set("等和及与的之、")]
    if ends and comma > 30:
        return ends[-1]
    if stop < len(rest) and stop <= MAX_HEADING and rest[stop] in "；;" and comma > stop:
        return stop                   # 一、…等其他相关工作；二、…: an item without a comma ends at ；
    return None


def _sentence_item(rest: str) -> bool:
    """An item that is one sentence (1.进一步加强…，确保…。): a marker all the same, its text
    cut at the 。 as the parser does for a line."""
    stop = _first_punct(rest, "。！？!?")
    return rest[:stop].count("，") + rest[:stop].count(",") >= 1


# A 二、 or （三） where a paragraph lost its final 。 (…务工53人二、帮扶工作情况…, …97.02%（三）…).
_LOOSE = re.compile(rf"(?<![{CN_NUM}、第0-9０-９])(?:[（(][{CN_NUM}]{{1,3}}[)）]|[{CN_NUM}]{{1,3}}、(?![{CN_NUM}]))")


def _candidates(t: str) -> list[tuple[int, int, int, int, bool]]:
    """(position, level, number, marker length, loose) of every marker after a sentence end or
    colon, and of the loose ones (a 一、 or （一） after any other character)."""
    out = {}
    for loose, rx in ((False, _BOUNDARY), (True, _LOOSE)):
        for m in rx.finditer(t):
            p = m.start()
            if p in out:
                continue
            mk = match_marker(t[p:p + 40])
            if mk and (not loose or mk[0] in (1, 2)):
                n = _number(mk[0], mk[2])
                if n is not None:
                    out[p] = (p, mk[0], n, len(t[p:p + 40]) - len(mk[3]), loose)
    return [out[p] for p in sorted(out)]


def _accept(t: str) -> list[tuple[int, int, int]]:
    """Markers in sequence, with glued number-one markers of deeper levels: (pos, level, mlen)."""
    queue = _candidates(t)
    accepted: list[tuple[int, int, int]] = []
    last: dict[int, int] = {}
    head_stop = -1                     # where the last accepted heading's text ends
    i = 0
    while i < len(queue):
        p, level, n, mlen, loose = queue[i]
        i += 1
        if accepted and p < accepted[-1][0] + accepted[-1][2]:
            continue
        prev = last.get(level)
        if loose and not (prev is not None and n == prev + 1 and p > head_stop + 20):
            continue                  # a loose marker only as the next of a series, well after its heading
        # in sequence; one number may be skipped (a heading the rules could not end)
        if not (n == 1 or (prev is not None and prev < n <= prev + 2) or (level == 1 and prev is None and n == 2)):
            continue
        if level > 1 and n != 1 and prev is None:
            continue
        rest = t[p + mlen:p + mlen + 200]
        end = heading_end(rest)
        if not end and not _sentence_item(rest) or loose and not (end and end <= 30):
            continue
        # a deeper series that starts inside a paragraph (…优化镇村建设。1.农贸市场改造工程，…) is an
        # enumeration unless its first item reads as a heading: under a heading it starts glued
        # to it
        if not end and level >= 3 and n == 1 and p != head_stop:
            continue
        end = end or 0
        head_stop = p + mlen + end
        accepted.append((p, level, mlen))
        last[level] = n
        for deeper in [lv for lv in last if lv > level]:
            del last[deeper]
        g = _GLUED.search(rest, 0, end + 4)
        if g and 2 <= g.start() <= end:
            mk = match_marker(rest[g.start():g.start() + 40])
            if mk and mk[0] > level and _number(mk[0], mk[2]) == 1:
                q = p + mlen + g.start()
                queue.insert(i, (q, mk[0], 1, g.end() - g.start(), False))
    return accepted


_DASH_ITEM = re.compile(rf"(?:(?<=[。！？!?])|(?<={_NOUN_END}))——(?=[\u4e00-\u9fff“])")
DASH_LEVEL = 9                         # not a numbered level: never opens a split on its own


def _dash_headings(t: str, accepted: list[tuple[int, int, int]]) -> list[tuple[int, int, int]]:
    """Unnumbered ——headings after a sentence end (——全力抓项目、促发展，焕发文旅产业新活力招商引资…),
    two or more of them, each with a short heading whose end is found."""
    taken = {p for p, _, _ in accepted}
    out = []
    for m in _DASH_ITEM.finditer(t):
        if m.start() in taken:
            continue
        rest = t[m.end():m.end() + 200]
        end = heading_end(rest)
        if end and 4 <= end <= 30 and not re.search(r"[。！？；;]", rest[:end]):
            out.append((m.start(), DASH_LEVEL, 2))
    return out if len(out) >= 2 else []


# A part heading between two sentences: …加以解决。下半年工作计划下半年，我们将… The heading
# names a span's work and is followed by a sentence opener.
_INNER_PART = re.compile(r"(?<=[。！？!?])((?:(?:19|20)\d{2}年|[xX]{4}年)?(?:上半年|下半年|全年|今年|明年|下一步|下步)?"
                         r"[^，。；：、！？“”（）]{0,8}?(?:工作回顾|工作计划|工作安排|工作重点|工作思路|工作打算|工作任务))"
                         r"(?=(?:19|20)\d{2}年|[xX]{4}年|今年|上半年|下半年|半年来|一年来|各位代表|我们|我[镇乡县区局街]|"
                         r"[\u4e00-\u9fff]{0,6}以来)")


def _inner_parts(text: str) -> list[str]:
    out, pos = [], 0
    for m in _INNER_PART.finditer(text):
        if len(m.group(1)) <= MAX_PART:
            out += [text[pos:m.start()], m.group(1)]
            pos = m.end()
    return [p for p in out + [text[pos:]] if p]


def _tail_split(text: str) -> list[str]:
    """A body stretch before a marker: its short unpunctuated end is a heading of its own."""
    k = max((text.rfind(c) for c in _SENT_END + "”"), default=-1)
    tail = text[k + 1:]
    if k >= 0 and 2 <= len(tail) <= MAX_PART and not re.search(r"[，,；;：:、（）()“”《》]", tail):
        return [text[:k + 1], tail]
    return [text]


def _head_split(text: str) -> list[str]:
    """The stretch before the first marker: a title glued to the opening sentence, or to a
    part heading (…工作总结上半年工作回顾)."""
    if not re.search(r"[，,。；;：:！？]", text):
        for m in _TITLE.finditer(text):
            k = m.end()
            part = text[k:]
            if 4 <= k and 4 <= len(part) <= MAX_PART and _HEAD_NOUN.search(part[-2:]) \
                    and part[0] not in "和及暨与并":   # …总结|及2024年工作计划 is the title's own second half
                return [text[:k], part]
    k = heading_end(text)
    if k and 4 <= k <= MAX_HEADING and k < len(text) and text[k] not in "。：:" \
            and re.search(r"(总结|计划|报告|思路|安排|要点|打算)$", text[:k]):
        return [text[:k], text[k:]]
    return [text]


def _signature_split(text: str) -> list[str]:
    k = max((text.rfind(c) for c in _SENT_END), default=-1)
    sig = split_one_line_signature(text[k + 1:])
    if k >= 0 and sig:
        return [text[:k + 1], sig[0], sig[1]]
    return [text]


def _parallel(acc: list[tuple[int, int, int]], segs: list[str], ends: list[int | None]) -> list[int | None]:
    """Sibling headings are written in parallel: when three or more siblings open with clauses of
    the same lengths (营商环境清障破阻，更加优化 / 要素保障不足，支撑乏力), and two of them end on a
    next clause of the same length, a sibling whose next clause runs two or more characters past
    it, or on into more clauses, has run into its body (…，更加优化全面落实企业服务举措…): it is
    cut there, on a heading word if one ends a character either side."""
    parent, stack = [], []
    for k, (_, level, _) in enumerate(acc):
        while stack and acc[stack[-1]][1] >= level:
            stack.pop()
        parent.append(stack[-1] if stack else -1)
        stack.append(k)
    groups: dict[tuple, list[tuple[int, list[str]]]] = {}
    for k, (seg, (_, level, mlen)) in enumerate(zip(segs, acc)):
        rest = seg[mlen:]
        h = rest[:ends[k] or _first_punct(rest, "。：:")]
        clauses = re.split(r"[，,]", h)
        if len(clauses) >= 2 and len(h) <= 2 * MAX_HEADING:
            groups.setdefault((level, parent[k]), []).append((k, clauses))
    out = list(ends)
    for members in groups.values():
        if len(members) < 3:
            continue
        lead = {tuple(len(c) for c in clauses[:-1]) for _, clauses in members if len(clauses) <= 4}
        for pre in sorted(lead):
            m = len(pre)
            alike = [(k, c) for k, c in members if tuple(len(x) for x in c[:m]) == pre and len(c) > m]
            if len(alike) < 3:
                continue
            lasts = [len(c[m]) for _, c in alike if len(c) == m + 1]
            shared = [n for n in sorted(set(lasts)) if lasts.count(n) >= 2]
            if not shared:
                continue
            n = shared[0]
            for k, clauses in alike:
                last = clauses[m]
                if len(clauses) == m + 1 and (len(last) < n + 2 or len(last) < n + 3 and (
                        _FINAL_WORD.search(last) or _HEAD_NOUN.search(last[-2:]))):
                    continue          # …竭力加强“两违”综合治理: a heading word ends it already
                size = next((x for x in (n, n + 1, n - 1) if _FINAL_WORD.search(last[:x])
                             or _HEAD_NOUN.search(last[x - 2:x])), n)
                cut = sum(len(c) + 1 for c in clauses[:m]) + size
                rest = segs[k][acc[k][2]:]
                body = rest[cut:cut + _first_punct(rest[cut:], "，,、。；;：:")]
                hard = not ends[k] or rest[ends[k]:ends[k] + 1] in ("。", "：", ":") \
                    or _ENUM_START.match(rest, ends[k])
                # a body clause of its own (not 优化营商环境助推|经济发展。), outside quotes
                if len(body) < (6 if hard and len(clauses) == m + 1 else 4) \
                        or last[:size].count("“") != last[:size].count("”"):
                    continue
                out[k] = cut
    return out


def split_run_on(line: Line) -> list[Line]:
    """The lines a run-on line was made of (the line itself if it is not one)."""
    t = line.text
    if len(t) < RUN_ON_MIN or line.toc or line.style_level:
        return [line]
    acc = _accept(t)
    inner = [lv for p, lv, _ in acc if p > 0]   # a line's own leading marker is the parser's
    if len(inner) < 2 or min(inner) > 2:
        return [line]
    acc = sorted(acc + _dash_headings(t, acc))
    pieces: list[str] = []
    head = t[:acc[0][0]]
    if head:
        parts = _head_split(head)
        if _TITLE.search(parts[0]) and not re.search(r"[，,。；;：:！？]", parts[0]) and len(parts[0]) <= MAX_HEADING:
            parts.insert(1, "")          # a title: it stands apart from what follows
        pieces += parts[:-1] + _tail_split(parts[-1])
    segs = [t[p:acc[k + 1][0] if k + 1 < len(acc) else len(t)] for k, (p, _, _) in enumerate(acc)]
    # the same 200 characters _accept looked at: the answer is cached
    ends = _parallel(acc, segs, [heading_end(seg[mlen:mlen + 200]) for seg, (_, _, mlen) in zip(segs, acc)])
    for k, (p, level, mlen) in enumerate(acc):
        seg, end = segs[k], ends[k]
        cut = mlen + (end or 0)
        if not end or cut < len(seg) and seg[cut] in "。：:；;":
            parts = [seg]                # an inline heading: the parser cuts at 。/：
        elif cut < len(seg):
            parts = [seg[:cut], seg[cut:]]
        else:
            pieces.append(seg)           # a heading straight before the next marker
            continue
        if k + 1 < len(acc):
            parts = parts[:-1] + _tail_split(parts[-1])
        pieces += parts
    pieces = pieces[:-1] + _signature_split(pieces[-1])
    pieces = [q for p in pieces for q in (_inner_parts(p) if re.search(r"[。！？!?]", p) else [p])]
    return [Line(line.no, s.strip()) for s in pieces if s.strip() or s == ""]


def split_lines(lines: list[Line]) -> list[Line]:
    out: list[Line] = []
    for ln in lines:
        out.extend(split_run_on(ln))
    return out
