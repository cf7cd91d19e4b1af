"""AppTest of the Report page and of opening share links: downloads, the link, the read-only shared view,
adopting a copy, and broken links that leave the user's own answers as they were."""

import json
from urllib.parse import parse_qs, urlsplit

import pytest
from streamlit.testing.v1 import AppTest
from tests_paths import APP, EXAMPLES

from model import load_answers
from model.inputs import share
from model.inputs.answers import to_document

OWN = {"cap_scale_tier": "top10", "tech_architecture": "monolith"}


def app(lang="zh", answers=None, meta=None, link=None) -> AppTest:
    at = AppTest.from_file(str(APP), default_timeout=90)
    at.session_state["lang"] = lang
    if answers is not None:
        at.session_state["answers"] = dict(answers)
        at.session_state["meta"] = dict(meta or {})
    if link is not None:
        at.query_params["a"] = link
    return at.run()


def no_errors(at):
    assert not at.exception, [e.value for e in at.exception]


def example(q, name="2_regional"):
    return load_answers(EXAMPLES / f"{name}.yaml", q)


def test_downloads_and_the_share_link(q):
    loaded = example(q)
    at = app("zh", loaded.answers, loaded.meta)
    at.switch_page("pages/report.py").run()
    no_errors(at)
    assert at.title[0].value == "报告导出"
    buttons = at.get("download_button")
    assert [b.proto.label for b in buttons] == [
        "报告（PDF）",
        "工作簿（Excel）",
        "报告（HTML）",
        "报告（Markdown）",
        "得分（CSV）",
        "答案（JSON）",
    ]
    # nothing is built until a button is clicked: each holds a deferred file, no data
    assert all(b.proto.deferred_file_id and not b.proto.url for b in buttons)
    url = at.code[0].value
    token = parse_qs(urlsplit(url).query)["a"][0]
    assert share.decode(token, q).answers == loaded.answers
    assert any(f"链接共 {len(url)} 个字符" in c.value for c in at.caption)


def test_english_page(q):
    loaded = example(q, "3_specialist")
    at = app("en", loaded.answers, loaded.meta)
    at.switch_page("pages/report.py").run()
    no_errors(at)
    assert at.title[0].value == "Report"
    assert [b.proto.label for b in at.get("download_button")][:2] == ["Report (PDF)", "Workbook (Excel)"]
    assert "&lang=en" in at.code[0].value


def test_empty_report_page_says_what_to_do():
    at = app()
    at.switch_page("pages/report.py").run()
    no_errors(at)
    assert any("暂无可导出的内容" in i.value for i in at.info)
    assert not at.get("download_button")


@pytest.mark.parametrize(
    "lang, title, button",
    [("zh", "分享的评估结果", "在副本上继续编辑"), ("en", "Shared assessment", "Continue editing a copy")],
)
def test_a_shared_link_opens_read_only(q, lang, title, button):
    shared = example(q, "1_leader")
    at = app(lang, OWN, {"name": "我的公司"}, link=share.encode(shared, q))
    no_errors(at)
    assert at.title[0].value == title  # any entry URL lands on the shared view
    top = q.strategy_type("ecosystem_leader")
    assert at.header[0].value == f"{top.name.get(lang)} · {top.slogan.get(lang)}"
    assert at.subheader[0].value == "示例·华东综合证券"
    assert [b.label for b in at.button][:2][0] == button
    assert at.session_state["answers"] == OWN  # looking changes nothing
    assert at.session_state["meta"] == {"name": "我的公司"}
    at.switch_page("pages/shared.py").run()  # still shown on reruns until closed or adopted
    assert at.title[0].value == title
    assert at.session_state["answers"] == OWN
    at.switch_page("pages/report.py").run()  # the own report is the user's own, not the shared one
    assert at.title[0].value == ("报告导出" if lang == "zh" else "Report")


def test_continue_editing_a_copy(q):
    shared = example(q, "1_leader")
    at = app("zh", OWN, link=share.encode(shared, q))
    assert any("您当前有 2 个答案" in w.value for w in at.warning)
    at.button(key="shared_continue").click().run()
    no_errors(at)
    assert at.session_state["answers"] == shared.answers
    assert at.session_state["meta"]["name"] == "示例·华东综合证券"
    assert at.title[0].value == "诊断结果"
    assert "shared" not in at.session_state and "a" not in at.query_params


def test_close_the_shared_view(q):
    at = app("zh", OWN, link=share.encode(example(q, "1_leader"), q))
    at.button(key="shared_close").click().run()
    no_errors(at)
    assert at.title[0].value == "诊断结果"  # back to the user's own work
    assert at.session_state["answers"] == OWN
    assert "a" not in at.query_params


@pytest.mark.parametrize(
    "link, says",
    [
        ("garbage", "不是 BrokerEco 的分享链接"),
        (None, "被截断或改动"),  # the real link, cut short
        ("1.99.AAAAAAAAAAA.AAAA", "请更新应用"),
        ("1.0.AAAAAAAAAAA.AAAA", "无法打开——请向发送者索取答案文件"),
    ],
)
def test_a_bad_link_shows_an_error_and_keeps_the_answers(q, link, says):
    if link is None:
        link = share.encode(example(q, "1_leader"), q)[:-12]
    at = app("zh", OWN, {"name": "我的公司"}, link=link)
    no_errors(at)
    assert at.title[0].value == "分享的评估结果"
    assert (
        len(at.error) == 1 and says in at.error[0].value and "您当前的答案没有任何改变" in at.error[0].value
    )
    assert at.session_state["answers"] == OWN and at.session_state["meta"] == {"name": "我的公司"}
    at.switch_page("pages/results.py").run()
    at.switch_page("pages/report.py").run()
    assert at.session_state["answers"] == OWN
    assert not [e for e in at.error if "分享链接" in e.value]  # said once, not on every page


def test_a_hostile_name_in_a_link_is_plain_text(q):
    shared = example(q, "1_leader")
    hostile = type(shared)(shared.answers, {"name": "[click](https://evil.example) <b>x</b>"}, None)
    at = app("en", link=share.encode(hostile, q))
    no_errors(at)
    assert at.subheader[0].value == r"\[click\](https\://evil.example) &lt;b&gt;x&lt;/b&gt;"  # no link


def test_milestone_comparison(q):
    now, earlier = example(q, "2_regional"), example(q, "4_small")
    at = AppTest.from_file(str(APP), default_timeout=90)
    at.session_state["answers"] = dict(now.answers)
    at.session_state["meta"] = dict(now.meta)
    doc = to_document(earlier, q)
    doc["meta"]["date"] = "2025-03-01"
    at.session_state["report_milestone"] = {"doc": json.dumps(doc, ensure_ascii=False), "label": "2025-03-01"}
    at.run().switch_page("pages/report.py").run()
    no_errors(at)
    table = at.dataframe[0].value
    assert list(table.columns) == ["维度 / 指数", "此前", "本次", "变化"]
    assert len(table) >= 9 + 4 and table.iloc[0, 0] == "资本实力"
    assert table.iloc[0, 3].startswith("+")
    assert at.get("arrow_vega_lite_chart") or at.get("vega_lite_chart")
    at.button(key="milestone_remove").click().run()
    assert "report_milestone" not in at.session_state and not at.dataframe


def test_bad_input_is_caught_and_nothing_is_lost(q):
    """An indicator outside what the answers file accepts: a translated message, no traceback, and the
    answers and the value stay as they were (the Risks page can correct it)."""
    loaded = example(q)
    at = AppTest.from_file(str(APP), default_timeout=90)
    at.session_state["lang"] = "zh"
    at.session_state["answers"] = dict(loaded.answers)
    at.session_state["meta"] = dict(loaded.meta)
    at.session_state["indicators"] = {"monthly_user_churn": 5e12}
    at.run().switch_page("pages/report.py").run()
    no_errors(at)
    assert len(at.error) == 1 and "无法生成报告，当前答案保持不变" in at.error[0].value
    assert "当前答案" in at.error[0].value and "超出允许范围" in at.error[0].value  # names the field
    assert "indicators.monthly" in at.error[0].value
    assert not at.get("download_button")
    assert at.session_state["answers"] == loaded.answers
    assert at.session_state["indicators"] == {"monthly_user_churn": 5e12}


def preview(at) -> str:
    """The HTML the page shows in its preview frame."""
    frames = [e for e in at.get("iframe")] or [e for e in at.get("html")]
    assert frames, "no preview"
    proto = frames[0].proto
    return getattr(proto, "srcdoc", "") or getattr(proto, "body", "")
