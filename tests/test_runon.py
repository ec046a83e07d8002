"""Run-on text, datelines, annexes and one-line signatures: genre rules of the parser."""
import importlib.util

from conftest import CORPUS, GOLD, ROOT
from drafter.parser import parse_text

spec = importlib.util.spec_from_file_location("parse_gold", ROOT / "bench" / "parse_gold.py")
parse_gold = importlib.util.module_from_spec(spec)
spec.loader.exec_module(parse_gold)

BODY = "在局党组的领导下，我局各项工作稳步推进，现将有关情况总结如下。"


def outline(text):
    return [(h.level, h.text) for d in parse_text(text) for h in d.headings]


def test_gold_joined_into_one_line():
    # The acceptance: each gold document joined into one line gives its outline back,
    # headings by level and text (measured 0.957 precision, 0.962 recall).
    r = parse_gold.score_joined(GOLD, CORPUS)
    assert r["heading_precision"] >= 0.95, r["misses"][:40]
    assert r["heading_recall"] >= 0.95, r["misses"][:40]


def test_run_on_headings_inline():
    text = (BODY + "一、主要成效一年以来，我局紧扣中心任务，共办理事项120件，同比增长5.5%。"
            "（一）政务服务综合能力显著提升。一是优化流程，二是压缩时限，办理时间缩短2.5天。"
            "（二）营商环境持续优化。全年新增市场主体1.2万户，其中3.5万元以上的项目12个。"
            "二、存在问题当前工作中仍存在一些短板，主要是人员不足、经费紧张。"
            "三、下一步工作计划（一）强化党建引领。坚持以党建促业务。（二）提升服务效能。持续深化改革，不断提升群众满意度，"
            "确保各项工作落到实处。")
    assert outline(text) == [(1, "主要成效"), (2, "政务服务综合能力显著提升"), (2, "营商环境持续优化"),
                             (1, "存在问题"), (1, "下一步工作计划"), (2, "强化党建引领"), (2, "提升服务效能")]


def test_short_lines_are_not_split():
    # an ordinary paragraph that happens to hold markers after a sentence end stays whole
    text = "某局2023年工作总结\n\n一、基本情况\n主要做法如下：1、建立台账。2、定期通报。\n"
    assert outline(text) == [(1, "基本情况")]


def test_run_on_part_headings_and_title():
    text = ("某某镇2023年上半年工作总结上半年工作回顾一、经济运行稳中有进今年以来，我镇坚持稳中求进，"
            "主要经济指标保持平稳增长，完成固定资产投资3亿元。二、民生保障持续加强全年新增就业200人，"
            "城乡低保应保尽保，各项民生实事有序推进。下半年工作计划一、抓好项目建设坚持项目为王，"
            "加快推进重点项目建设，确保项目按期投产。二、抓好民生实事持续办好民生实事，不断增进群众福祉，"
            "让群众有更多获得感。某某镇人民政府2023年7月5日")
    docs = parse_text(text)
    assert len(docs) == 1
    d = docs[0]
    assert d.title == "某某镇2023年上半年工作总结"
    assert [(h.level, h.text, h.part) for h in d.headings] == [
        (1, "上半年工作回顾", True), (1, "经济运行稳中有进", False), (1, "民生保障持续加强", False),
        (1, "下半年工作计划", True), (1, "抓好项目建设", False), (1, "抓好民生实事", False)]
    assert (d.signature.unit, d.signature.date) == ("某某镇人民政府", "2023年7月5日")


def test_dateline_is_not_a_heading():
    text = ("2026年某省政府工作报告\n——2026年1月26日在某省第十四届人民代表大会第四次会议上\n"
            "各位代表：\n现在，我代表省人民政府向大会报告工作，请予审议。\n一、2025年工作回顾\n过去一年，我们砥砺前行。\n")
    assert outline(text) == [(1, "2025年工作回顾")]


def test_glossary_and_annex_after_the_body():
    text = ("2026年某市政府工作报告\n一、2025年工作回顾\n过去一年，我们砥砺前行。\n二、2026年重点工作\n"
            "（一）扩大有效需求。大力提振消费。\n各位代表！让我们团结奋斗。\n名词解释\n"
            "1.“启航计划”：到2030年培育一批企业。\n2.“两重”：国家重大战略实施和重点领域安全能力建设。\n"
            "附件\n一、重点项目清单\n")
    assert outline(text) == [(1, "2025年工作回顾"), (1, "2026年重点工作"), (2, "扩大有效需求")]


def test_one_line_signature():
    text = "某某局2024年工作总结\n\n一、主要成效\n今年以来，我局扎实工作。\n某某综合实验区某某局 2024年12月18日\n"
    d = parse_text(text)[0]
    assert (d.signature.unit, d.signature.date) == ("某某综合实验区某某局", "2024年12月18日")
    assert [h.text for h in d.headings] == ["主要成效"]


def test_unnumbered_part_headings():
    text = ("2026年某市政府工作报告\n各位代表：\n现在，我代表市人民政府向大会报告工作。\n“十四五”时期工作回顾\n"
            "五年来，我们砥砺奋进。\n（一）经济实力跃上新台阶\n地区生产总值年均增长5.5%。\n2026年重点工作\n"
            "今年是“十五五”开局之年。\n（一）扩大有效需求\n大力提振消费。\n（二）建设现代化产业体系\n加快发展新质生产力。\n")
    d = parse_text(text)[0]
    assert [(h.level, h.text) for h in d.headings] == [
        (1, "“十四五”时期工作回顾"), (2, "经济实力跃上新台阶"), (1, "2026年重点工作"), (2, "扩大有效需求"),
        (2, "建设现代化产业体系")]


def test_run_on_part_heading_between_sentences():
    text = ("某镇2023年上半年政府工作报告各位代表：现在，我代表镇人民政府向大会报告工作，请予审议。上半年工作回顾"
            "今年以来，我们坚持稳中求进。一、经济运行稳中有进完成固定资产投资3亿元，同比增长5%。二、民生保障持续加强"
            "全年新增就业200人，城乡低保应保尽保。同时也要清醒看到，发展中还存在不少困难和问题。下半年工作计划下半年，"
            "我们将坚持稳中求进。一、抓好项目建设加快推进重点项目建设，确保项目按期投产。二、抓好民生实事坚持以人民为中心，持续办好民生实事。")
    d = parse_text(text)[0]
    assert [(h.level, h.text) for h in d.headings][:1] == [(1, "上半年工作回顾")]
    assert (1, "下半年工作计划") in [(h.level, h.text) for h in d.headings]
    assert [h.text for h in d.headings if not h.part] == ["经济运行稳中有进", "民生保障持续加强", "抓好项目建设",
                                                          "抓好民生实事"]


def test_web_archive_metadata_block():
    text = ("来源: 某网站归档\n标题: 某某局2024年工作总结及2025年工作计划\n发布时间: 2025-01-02\n"
            "==================== 正文 ====================\n今年以来，我局扎实工作，各项任务圆满完成。\n"
            "一、2024年工作总结\n完成投资3亿元。\n二、2025年工作计划\n继续抓好项目建设。\n")
    d = parse_text(text)
    assert len(d) == 1 and d[0].title == "某某局2024年工作总结及2025年工作计划"
    assert [h.text for h in d[0].headings] == ["2024年工作总结", "2025年工作计划"]
    # a page with its own title keeps it, the metadata block goes
    own = text.replace("今年以来", "某某局2024年工作总结\n今年以来", 1).replace("标题: 某某局2024年工作总结及2025年工作计划\n", "标题: 别的\n")
    d = parse_text(own)
    assert d[0].title == "某某局2024年工作总结"


def test_run_on_heading_ends_on_its_result():
    # no punctuation between heading and body: the heading ends on a subject's degree adverb and
    # predicate, on …新局面, or before the body's own topic sentence
    text = (BODY + "一、聚力抓产业、优项目，发展动能更加强劲现代农业稳步推进。新流转土地500亩，新建大棚20个。"
            "二、用心办实事、惠民生，开创民生保障新局面兜牢民生底线。新增就业300人，发放补贴120万元。"
            "三、改革攻坚持续深化，政府效能不断提升一是优化审批流程。办理时限压缩一半，群众满意率明显提高。")
    assert outline(text) == [(1, "聚力抓产业、优项目，发展动能更加强劲"), (1, "用心办实事、惠民生，开创民生保障新局面"),
                             (1, "改革攻坚持续深化，政府效能不断提升")]


def test_run_on_body_opened_by_a_date_a_unit_or_a_project():
    text = (BODY + "一、重点项目（一）城区供水改造项目在老城区新建管网12公里，惠及居民3000户。"
            "（二）创建省级开发区2021年6月，省政府同意设立开发区，面积12平方公里。"
            "（三）加强组织领导，健全工作机制局领导高度重视，成立工作专班。"
            "二、下一步工作方向在今后的工作中，我们将继续努力，推动各项工作再上新台阶。")
    assert outline(text) == [(1, "重点项目"), (2, "城区供水改造项目"), (2, "创建省级开发区"),
                             (2, "加强组织领导，健全工作机制"), (1, "下一步工作方向")]


def test_run_on_dash_headings():
    text = (BODY + "上半年工作回顾——全力抓项目、促发展，焕发产业发展新活力招商引资取得成效。签约项目5个，总投资8亿元。"
            "——聚力强治理、保安全，开启社会平稳新局面创新基层治理模式。化解矛盾纠纷30件。"
            "下半年工作计划一、挂图作战、对表推进，加快项目建设。确保项目按期投产。二、用心用情、善作善成，办好民生实事。"
            "持续办好民生实事。")
    assert outline(text) == [(1, "上半年工作回顾"), (1, "全力抓项目、促发展，焕发产业发展新活力"),
                             (1, "聚力强治理、保安全，开启社会平稳新局面"), (1, "下半年工作计划"),
                             (1, "挂图作战、对表推进，加快项目建设"), (1, "用心用情、善作善成，办好民生实事")]


def test_run_on_parallel_siblings():
    # siblings written alike (eight characters, a comma, four): one that runs on into its body is
    # cut at the length the others share
    text = (BODY + "一、主要成效（一）招商引资硕果累累，山海齐鸣上半年，签约项目5个，投资额8亿元。"
            "（二）安全生产守土尽责，平稳可控上半年，签订安全生产责任书120份，排查隐患30处。"
            "（三）营商环境清障破阻，更加优化全面落实企业服务举措，协调解决用工问题12个。")
    assert outline(text) == [(1, "主要成效"), (2, "招商引资硕果累累，山海齐鸣"), (2, "安全生产守土尽责，平稳可控"),
                             (2, "营商环境清障破阻，更加优化")]


def test_enumeration_inside_a_paragraph_is_not_a_series():
    # 1. 2. after a body sentence, each a sentence of its own: an enumeration, not headings
    text = (BODY + "一、主要工作（一）完善城乡设施。镇村建设稳步推进。1.农贸市场改造工程，镇政府自筹资金对市场进行改造，"
            "新建大棚2500平方米。2.街道亮化工程，全段升级为路灯，其中中杆灯48盏，高杆灯8盏。"
            "（二）改善生态环境深入推进人居环境整治，完成改厕300户，水质持续保持Ⅲ类。")
    assert outline(text) == [(1, "主要工作"), (2, "完善城乡设施"), (2, "改善生态环境")]


def test_run_on_marker_after_a_paragraph_without_its_full_stop():
    # the paragraph before 二、 lost its 。: the marker still counts, as the next of its series
    text = (BODY + "一、基本情况全村现有农户1828户6383人，耕地面积7046亩，外出务工93人，县内务工53人"
            "二、帮扶工作情况（一）健全人员队伍、配强振兴力量今年以来，抽调精干人员专抓定点帮扶工作。"
            "（二）防范化解各类风险，确保集体经济平稳有序运行全年未发生一起风险事件，村集体收入稳步增长。"
            "但由于资金有限，一、二期工程尚未完工。")
    assert outline(text) == [(1, "基本情况"), (1, "帮扶工作情况"), (2, "健全人员队伍、配强振兴力量"),
                             (2, "防范化解各类风险，确保集体经济平稳有序运行")]
